import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { normalizeIp, ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { RedisLink } from '../cluster/redis-link.service';
import type { Environment } from '../config/environment';
import { parseRate } from '../config/rate';
import type { SenderRequest } from '../senders/sender-key.guard';
import { SendThrottlerGuard } from './send-throttler.guard';
import { SharedThrottlerStorage } from './shared-throttler-storage';
import { SocketLimits } from './socket-limits.service';

const clientAddress = (request: FastifyRequest): string => normalizeIp(request.ip);

/**
 * Rate limits, with Nest's throttler: per sender key and per address on sending (applied
 * with `SendThrottlerGuard`), per address on socket connections and per socket on socket
 * events (`SocketLimits`). Counted in Redis where `REDIS_URL` is set.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [RedisLink, ConfigService],
      useFactory: (link: RedisLink, config: ConfigService<Environment, true>) => {
        const perKey = parseRate(config.get('RATE_LIMIT_SEND_PER_KEY', { infer: true }));
        const perIp = parseRate(config.get('RATE_LIMIT_SEND_PER_IP', { infer: true }));
        return {
          storage: new SharedThrottlerStorage(link.publisher),
          // Only Retry-After, set by the guard: six X-RateLimit headers on every answer cost
          // more than they tell a sender.
          setHeaders: false,
          throttlers: [
            {
              name: 'key',
              limit: perKey.limit,
              ttl: perKey.windowMs,
              // Anonymous requests (where allowed) have no key: they count by address.
              getTracker: (request) => {
                const { sender } = request as SenderRequest;
                return sender?.keyName
                  ? `key:${sender.keyName}`
                  : `anonymous:${clientAddress(request as SenderRequest)}`;
              },
            },
            {
              name: 'ip',
              limit: perIp.limit,
              ttl: perIp.windowMs,
              getTracker: (request) => `ip:${clientAddress(request as FastifyRequest)}`,
            },
          ],
        };
      },
    }),
  ],
  providers: [SendThrottlerGuard, SocketLimits],
  exports: [SendThrottlerGuard, SocketLimits],
})
export class LimitsModule {}
