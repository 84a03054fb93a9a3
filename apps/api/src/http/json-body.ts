import {
  BadRequestException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { parse } from 'secure-json-parse';
import { nestsDeeperThan } from '../validation/nesting';

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/** A message is one flat object; nothing legitimate nests deeper than this. */
const JSON_MAX_DEPTH = 32;

/**
 * How the JSON routes (`POST /messages`, `POST /sign-in-links`) read their bodies, each client mistake answered with what was wrong:
 * `415` for a body that is not JSON and `413` for one that says it is over the limit,
 * before a byte is read; `400` for malformed JSON, for JSON nested absurdly deep (which
 * would exhaust the stack of whatever walks it next), for `__proto__` or
 * `constructor.prototype` keys (prototype poisoning), or for JSON that is not an object.
 * Plain Fastify hooks: Nest middleware would put a second router in front of every request.
 */
export function registerJsonBody(
  fastify: FastifyInstance,
  routes: string[],
  limitBytes: number,
): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.method !== 'POST' || !routes.includes(request.routeOptions.url ?? '')) {
      return done();
    }
    const contentType = request.headers['content-type'];
    if (!contentType || !JSON_MEDIA_TYPE.test(contentType)) {
      return done(
        new UnsupportedMediaTypeException(
          `Content-Type must be application/json, not ${contentType ?? 'missing'}`,
        ),
      );
    }
    if (Number(request.headers['content-length']) > limitBytes) {
      return done(
        new PayloadTooLargeException(
          `the request body is larger than the limit of ${limitBytes} bytes`,
        ),
      );
    }
    done();
  });
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    // A chunked body past the limit is stopped by Fastify, with its own 413.
    { parseAs: 'string', bodyLimit: limitBytes },
    (_request, text, done) => {
      let body: unknown;
      try {
        body = parse(text as string, { protoAction: 'error', constructorAction: 'error' });
      } catch (error) {
        return done(new BadRequestException(`malformed JSON: ${(error as Error).message}`));
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return done(new BadRequestException('the request body must be a JSON object'));
      }
      if (nestsDeeperThan(body, JSON_MAX_DEPTH)) {
        return done(new BadRequestException(`the JSON nests deeper than ${JSON_MAX_DEPTH} levels`));
      }
      done(null, body);
    },
  );
}
