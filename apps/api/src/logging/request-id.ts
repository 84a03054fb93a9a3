import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** The header that carries a request's id, in and out, and the message header that keeps it. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** An id a caller may choose for its request: what a proxy or a tracing header holds. */
const CALLERS_REQUEST_ID = /^[\w.:/+=-]{1,128}$/;

/**
 * Fastify's `genReqId`: the caller's `X-Request-Id` where it is a sane one (a proxy's, say),
 * else a new UUID. Fastify hands the id to the logs (`log-options.ts`) and to routes as
 * `request.id`.
 */
export function requestIdFor(request: { headers: IncomingHttpHeaders }): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && CALLERS_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Every answer says which request it answers, so a caller can quote it. */
export function answerWithRequestIds(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
