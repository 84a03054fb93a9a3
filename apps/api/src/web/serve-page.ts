import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger, NotFoundException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API_ROUTE_PREFIXES } from '@prontogram/contracts';

/** A file the build named after its content (`main-AB12CD34.js`, `styles-…css`, `chunk-…js`). */
const HASHED_BUNDLE = /-[A-Z0-9]{8}\.(js|css)$/;

/** What the page's `index.html` holds where each answer puts its own CSP nonce. */
const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/**
 * The page's Content-Security-Policy: its own scripts and styles, and the inline ones Angular
 * writes (critical CSS, component styles) only with this answer's nonce; no framing at all.
 * `connect-src 'self'` covers the same-origin WebSocket.
 */
export function pageSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function isApiRoute(url: string): boolean {
  const pathname = url.split('?', 1)[0];
  return API_ROUTE_PREFIXES.some(
    (prefix) =>
      pathname === prefix || pathname.startsWith(`${prefix}/`) || pathname.startsWith(`${prefix}-`),
  );
}

/**
 * Serves the built Angular page on the API's own port, when it has been built: its files
 * as they are, and `index.html` for every other GET outside the API, so that a reload of
 * a page route works. Each `index.html` answer gets a fresh nonce, in its policy and in the
 * page (Angular's `ngCspNonce`).
 */
export async function servePage(app: NestFastifyApplication, rootPath: string): Promise<void> {
  const logger = new Logger('WebPage');
  const indexFile = path.join(rootPath, 'index.html');
  if (!existsSync(indexFile)) {
    logger.warn(`No page at ${rootPath}: build it with "npx nx build web"`);
    return;
  }
  const page = readFileSync(indexFile, 'utf8');
  if (!page.includes(NONCE_PLACEHOLDER)) {
    logger.warn(`${indexFile} has no ${NONCE_PLACEHOLDER}: its inline styles will be blocked`);
  }
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root: rootPath,
    // index.html is only ever served below, with its nonce.
    globIgnore: ['index.html'],
    // A route per file present at start-up: a wildcard route would shadow the fallback below.
    wildcard: false,
    index: false,
    cacheControl: false,
    // Bundles carry a content hash in their names and never change; everything else (the
    // service worker and its manifest, icons) is checked for a newer version on each use.
    setHeaders: (response, file) =>
      response.setHeader(
        'Cache-Control',
        HASHED_BUNDLE.test(path.basename(file))
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      ),
  });
  fastify.get('/*', (request, reply) => {
    if (isApiRoute(request.url)) throw new NotFoundException(`Cannot GET ${request.url}`);
    const nonce = randomBytes(16).toString('base64');
    return reply
      .header('Cache-Control', 'no-cache')
      .header('Content-Security-Policy', pageSecurityPolicy(nonce))
      .type('text/html; charset=utf-8')
      .send(page.replaceAll(NONCE_PLACEHOLDER, nonce));
  });
}
