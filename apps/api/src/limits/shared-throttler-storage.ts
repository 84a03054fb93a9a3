import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';
import { FixedWindowStorage } from './fixed-window-storage';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Where rate limits count: in Redis when instances share it, so that a limit holds across
 * all of them; in this process otherwise. While Redis is away each instance counts alone
 * (a limit then holds per instance) rather than refusing every request.
 */
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(SharedThrottlerStorage.name);
  private readonly local = new FixedWindowStorage();
  private readonly shared: ThrottlerStorageRedisService | undefined;
  private countingAlone = false;

  constructor(private readonly redis: Redis | undefined) {
    this.shared = redis && new ThrottlerStorageRedisService(redis);
  }

  async increment(
    ...hit: Parameters<ThrottlerStorage['increment']>
  ): Promise<ThrottlerStorageRecord> {
    if (this.shared && this.redis?.status === 'ready') {
      try {
        const record = await this.shared.increment(...hit);
        this.countingAlone = false;
        return record;
      } catch (error) {
        this.warnOnce(`Redis did not count (${(error as Error).message})`);
      }
    } else if (this.shared) {
      this.warnOnce('Redis is away');
    }
    return this.local.increment(...hit);
  }

  onApplicationShutdown(): void {
    this.local.close();
  }

  private warnOnce(reason: string): void {
    if (this.countingAlone) return;
    this.countingAlone = true;
    this.logger.warn(`${reason}: rate limits count on this instance alone until it is back`);
  }
}
