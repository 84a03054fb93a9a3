import {
  CanActivate,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { normalizeIp } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import type { Environment } from '../config/environment';
import { parseRate, Rate } from '../config/rate';
import type { SenderRequest } from '../senders/sender-key.guard';
import { countHit, describeLimitExceeded, LimitExceeded } from './limit-exceeded';
import { SharedThrottlerStorage } from './shared-throttler-storage';

/**
 * The limits on sending, after `SenderKeyGuard`: each request counts once per sender key
 * (per address when it has none) and once per client address, on each route apart, in the
 * throttler storage (Redis where instances share it). Over either: `429` with a plain
 * `Retry-After` and a message that says which limit was reached.
 *
 * Not Nest's `ThrottlerGuard`: it reads six pieces of route metadata per throttler on every
 * request, which cost 8% of the API's CPU on `POST /messages` (docs/performance.md).
 */
@Injectable()
export class SendLimitsGuard implements CanActivate {
  private readonly perKey: Rate;
  private readonly perIp: Rate;
  private readonly settings: Pick<
    Environment,
    'RATE_LIMIT_SEND_PER_KEY' | 'RATE_LIMIT_SEND_PER_IP'
  >;

  constructor(
    private readonly storage: SharedThrottlerStorage,
    config: ConfigService<Environment, true>,
  ) {
    this.settings = {
      RATE_LIMIT_SEND_PER_KEY: config.get('RATE_LIMIT_SEND_PER_KEY', { infer: true }),
      RATE_LIMIT_SEND_PER_IP: config.get('RATE_LIMIT_SEND_PER_IP', { infer: true }),
    };
    this.perKey = parseRate(this.settings.RATE_LIMIT_SEND_PER_KEY);
    this.perIp = parseRate(this.settings.RATE_LIMIT_SEND_PER_IP);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SenderRequest>();
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const address = normalizeIp(request.ip);
    const keyName = request.sender?.keyName;
    // Anonymous requests (where allowed) have no key: they count by address instead.
    const [sender, what] = keyName
      ? [`key:${keyName}`, 'POSTs from this sender key']
      : [`anonymous:${address}`, 'POSTs without a key from this address'];
    const [overKey, overIp] = await Promise.all([
      countHit(this.storage, `${route}:${sender}`, this.perKey, 'key', what),
      countHit(this.storage, `${route}:ip:${address}`, this.perIp, 'ip', 'POSTs from this address'),
    ]);
    if (overKey) this.refuse(context, overKey);
    if (overIp) this.refuse(context, overIp);
    return true;
  }

  private refuse(context: ExecutionContext, over: LimitExceeded): never {
    context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('Retry-After', over.retryAfterSeconds);
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: describeLimitExceeded(over),
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
