import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/** Health probes and scrapes come every few seconds: a line each would drown the rest. */
const QUIET_PATHS = ['/health/', '/metrics'];

/**
 * One line per answered request, with its id (`reqId`), method, path, status and time:
 * `error` for a 5xx, `info` otherwise. A Fastify hook rather than pino-http's middleware,
 * which would cost every request far more (`log-options.ts`).
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : 'info';
    const { method, url } = request;
    if (logger.isLevelEnabled(level) && !QUIET_PATHS.some((path) => url.startsWith(path))) {
      const ms = Math.round(reply.elapsedTime);
      logger[level](
        { reqId: request.id, req: { method, url }, res: { statusCode: status }, responseTime: ms },
        `${method} ${url} answered ${status} in ${ms} ms`,
      );
    }
    done();
  });
}
