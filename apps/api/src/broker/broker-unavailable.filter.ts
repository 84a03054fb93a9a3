import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Response } from 'express';
import type { ErrorResponse } from '@prontogram/contracts';
import type { Environment } from '../config/environment';
import { BrokerUnavailableError } from './broker-unavailable.error';

/** Answers `503 Service Unavailable` with `Retry-After` whenever RabbitMQ is away. */
@Catch(BrokerUnavailableError)
export class BrokerUnavailableFilter implements ExceptionFilter<BrokerUnavailableError> {
  private readonly logger = new Logger(BrokerUnavailableFilter.name);

  constructor(private readonly config: ConfigService<Environment, true>) {}

  catch(error: BrokerUnavailableError, host: ArgumentsHost): void {
    this.logger.warn(error.message);
    const body: ErrorResponse = {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message: 'The message was not accepted: the message broker is unavailable, retry later',
    };
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .setHeader('Retry-After', String(this.config.get('RETRY_AFTER_SECONDS', { infer: true })))
      .json(body);
  }
}
