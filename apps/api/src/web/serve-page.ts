import { existsSync } from 'node:fs';
import * as path from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger, NotFoundException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Paths that belong to the API; every other GET falls back to the page. */
export const API_ROUTE_PREFIXES = ['/api', '/messages', '/health', '/socket.io'];

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
 * a page route works.
 */
export async function servePage(app: NestFastifyApplication, rootPath: string): Promise<void> {
  if (!existsSync(path.join(rootPath, 'index.html'))) {
    new Logger('WebPage').warn(`No page at ${rootPath}: build it with "npx nx build web"`);
    return;
  }
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root: rootPath,
    // A route per file present at start-up: a wildcard route would shadow the fallback below.
    wildcard: false,
    index: false,
    cacheControl: false,
    // Bundles carry a content hash in their names; index.html must always be fresh.
    setHeaders: (response, file) =>
      response.setHeader(
        'Cache-Control',
        file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      ),
  });
  fastify.get('/*', (request, reply) => {
    if (isApiRoute(request.url)) throw new NotFoundException(`Cannot GET ${request.url}`);
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
}
