import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisLink } from './redis-link.service';
import { RedisHealthIndicator } from './redis.health';

/** What several instances share: Redis, when `REDIS_URL` is set. */
@Global()
@Module({
  imports: [TerminusModule],
  providers: [RedisLink, RedisHealthIndicator],
  exports: [RedisLink, RedisHealthIndicator],
})
export class ClusterModule {}
