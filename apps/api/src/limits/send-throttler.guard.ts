import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import type { Environment } from '../config/environment';
import { describeLimitExceeded } from './limit-exceeded';

/** The limits on sending, by the prefix of the tracker each counts (`limits.module.ts`). */
const SEND_LIMITS = {
  key: { what: 'POSTs from this sender key', setting: 'RATE_LIMIT_SEND_PER_KEY' },
  anonymous: { what: 'POSTs without a key from this address', setting: 'RATE_LIMIT_SEND_PER_KEY' },
  ip: { what: 'POSTs from this address', setting: 'RATE_LIMIT_SEND_PER_IP' },
} as const;

/**
 * Nest's throttler on the sending routes, after `SenderKeyGuard`: counts per sender key and
 * per client address (`limits.module.ts` names the trackers), and answers `429` with a plain
 * `Retry-After` and a message that says which limit was reached.
 */
@Injectable()
export class SendThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly config: ConfigService<Environment, true>,
  ) {
    super(options, storage, reflector);
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfterSeconds = Math.max(detail.timeToBlockExpire, 1);
    context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', retryAfterSeconds);
    const prefix = detail.tracker.slice(0, detail.tracker.indexOf(':'));
    const limit = SEND_LIMITS[prefix as keyof typeof SEND_LIMITS] ?? SEND_LIMITS.ip;
    const rate = this.config.get(limit.setting, { infer: true });
    const message = describeLimitExceeded({ what: limit.what, retryAfterSeconds }, rate);
    throw new HttpException(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', message },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
