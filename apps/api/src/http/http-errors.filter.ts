import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  IntrinsicException,
  Logger,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import type { ErrorResponse } from '@prontogram/contracts';
import type { Environment } from '../config/environment';
import { UnavailableError } from './unavailable.error';

/**
 * How HTTP answers errors (WebSocket gateways keep Nest's own handling):
 * - RabbitMQ or Redis away: `503 Service Unavailable` with `Retry-After`;
 * - anything unexpected: Nest's plain `500`, logged with the request's id, so that the
 *   line can be found from the caller's `X-Request-Id`;
 * - every other error (the `4xx` answers): as Nest answers it.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorsFilter.name);
  private readonly retryAfterSeconds: string;
  private nestDefault: BaseExceptionFilter | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    config: ConfigService<Environment, true>,
  ) {
    this.retryAfterSeconds = String(config.get('RETRY_AFTER_SECONDS', { infer: true }));
  }

  catch(error: unknown, host: ArgumentsHost): void {
    const reqId = host.switchToHttp().getRequest<{ id?: string }>().id;
    if (error instanceof UnavailableError) {
      this.logger.warn({ msg: error.message, reqId });
      return this.reply(host, HttpStatus.SERVICE_UNAVAILABLE, {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: error.publicMessage,
      });
    }
    if (isUnexpected(error)) {
      this.logger.error({ msg: 'Unexpected error: answered 500', err: error, reqId });
      return this.reply(host, HttpStatus.INTERNAL_SERVER_ERROR, {
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        message: 'Internal server error',
      });
    }
    this.nestDefault ??= new BaseExceptionFilter(this.adapterHost.httpAdapter);
    this.nestDefault.catch(error, host);
  }

  private reply(host: ArgumentsHost, status: number, body: ErrorResponse | object): void {
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    if (status === HttpStatus.SERVICE_UNAVAILABLE) {
      httpAdapter.setHeader(response, 'Retry-After', this.retryAfterSeconds);
    }
    httpAdapter.reply(response, body, status);
  }
}

/** Not an HTTP answer that Nest or Fastify meant (those carry a status): a bug, or a crash. */
function isUnexpected(error: unknown): boolean {
  if (error instanceof HttpException || error instanceof IntrinsicException) return false;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return !(typeof status === 'number' && typeof (error as Error).message === 'string');
}
