import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { ErrorResponse } from '@prontogram/contracts';
import type { Environment } from '../config/environment';
import { UnavailableError } from './unavailable.error';

/** Answers `503 Service Unavailable` with `Retry-After` whenever RabbitMQ or Redis is away. */
@Catch(UnavailableError)
export class UnavailableFilter implements ExceptionFilter<UnavailableError> {
  private readonly logger = new Logger(UnavailableFilter.name);
  private readonly retryAfterSeconds: string;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    config: ConfigService<Environment, true>,
  ) {
    this.retryAfterSeconds = String(config.get('RETRY_AFTER_SECONDS', { infer: true }));
  }

  catch(error: UnavailableError, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<{ id?: string }>();
    this.logger.warn({ msg: error.message, reqId: request.id });
    const body: ErrorResponse = {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message: error.publicMessage,
    };
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    httpAdapter.setHeader(response, 'Retry-After', this.retryAfterSeconds);
    httpAdapter.reply(response, body, HttpStatus.SERVICE_UNAVAILABLE);
  }
}
