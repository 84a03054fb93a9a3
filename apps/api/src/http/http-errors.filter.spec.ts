import { ArgumentsHost, BadRequestException, Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { HttpAdapterHost } from '@nestjs/core';
import { BrokerUnavailableError } from '../broker/broker-unavailable.error';
import type { Environment } from '../config/environment';
import { HttpErrorsFilter } from './http-errors.filter';

describe('HttpErrorsFilter', () => {
  const response = { raw: 'reply' };
  let adapter: { reply: jest.Mock; setHeader: jest.Mock; isHeadersSent: jest.Mock };
  let filter: HttpErrorsFilter;
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'acmesky-42' }), getResponse: () => response }),
    getArgByIndex: (index: number) => (index === 1 ? response : { id: 'acmesky-42' }),
    getType: () => 'http',
  } as unknown as ArgumentsHost;

  beforeEach(() => {
    adapter = { reply: jest.fn(), setHeader: jest.fn(), isHeadersSent: jest.fn(() => false) };
    const config = { get: () => 7 } as unknown as ConfigService<Environment, true>;
    filter = new HttpErrorsFilter({ httpAdapter: adapter } as unknown as HttpAdapterHost, config);
  });

  afterEach(() => jest.restoreAllMocks());

  it('answers 500 to an unexpected error, and logs it with the request id', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const bug = new TypeError('cannot read properties of undefined');

    filter.catch(bug, host);

    expect(adapter.reply).toHaveBeenCalledWith(
      response,
      { statusCode: 500, message: 'Internal server error' },
      500,
    );
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ reqId: 'acmesky-42', err: bug }));
  });

  it('answers 503 with Retry-After when RabbitMQ is away, saying so without details', () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    filter.catch(new BrokerUnavailableError('not connected'), host);

    expect(adapter.setHeader).toHaveBeenCalledWith(response, 'Retry-After', '7');
    const [, body, status] = adapter.reply.mock.calls[0];
    expect(status).toBe(503);
    expect(body.message).toMatch(/message broker is unavailable/);
    expect(body.message).not.toMatch(/not connected/);
  });

  it("leaves a client's mistake to Nest's own answer", () => {
    filter.catch(new BadRequestException(['receiver must not be empty']), host);

    expect(adapter.reply).toHaveBeenCalledWith(
      response,
      expect.objectContaining({ statusCode: 400, message: ['receiver must not be empty'] }),
      400,
    );
  });

  it('keeps the status of an error that carries one (a body parser refusing a body)', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });

    filter.catch(tooLarge, host);

    expect(adapter.reply).toHaveBeenCalledWith(
      response,
      expect.objectContaining({ statusCode: 413 }),
      413,
    );
  });
});
