import { Global, Module } from '@nestjs/common';
import { RedisLink } from '../cluster/redis-link.service';
import { SendLimitsGuard } from './send-limits.guard';
import { SharedThrottlerStorage } from './shared-throttler-storage';
import { SocketLimits } from './socket-limits.service';

/**
 * Rate limits: per sender key and per address on sending (`SendLimitsGuard`), per address
 * on socket connections and per socket on socket events (`SocketLimits`). Counted with
 * `@nestjs/throttler`'s storage contract, in Redis (`@nest-lab/throttler-storage-redis`)
 * where `REDIS_URL` is set.
 */
@Global()
@Module({
  providers: [
    {
      provide: SharedThrottlerStorage,
      inject: [RedisLink],
      useFactory: (link: RedisLink) => new SharedThrottlerStorage(link.publisher),
    },
    SendLimitsGuard,
    SocketLimits,
  ],
  exports: [SharedThrottlerStorage, SendLimitsGuard, SocketLimits],
})
export class LimitsModule {}
