import type { FastifyInstance } from 'fastify';
import type { Metrics, RejectionReason } from './metrics';

/** Each refusal of `POST /messages`, by its status (README: "Send a first message"). */
const REASONS: Record<number, RejectionReason> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  413: 'too_large',
  415: 'unsupported_type',
  422: 'key_reused',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * Counts every answer to `POST /messages`, accepted or rejected by reason, from the answer
 * itself: refusals come from many places (body parser, guards, pipes, the broker), and this
 * sees them all.
 */
export function countSendAnswers(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.method === 'POST' && request.routeOptions.url === '/messages') {
      const status = reply.statusCode;
      if (status === 202) metrics.accepted.inc();
      else metrics.rejected.inc({ reason: reasonFor(status, payload) });
    }
    done(null, payload);
  });
}

function reasonFor(status: number, payload: unknown): RejectionReason {
  // Two refusals share 409: a full inbox says so by its code.
  if (status === 409) {
    return typeof payload === 'string' && payload.includes('"code":"inbox-full"')
      ? 'inbox_full'
      : 'in_progress';
  }
  return REASONS[status] ?? 'error';
}
