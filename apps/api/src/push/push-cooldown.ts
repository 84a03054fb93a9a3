import type Redis from 'ioredis';
import { LRUCache } from 'lru-cache';

/** People remembered in this process at once, when counting without Redis. */
const LOCAL_MAX = 100_000;

/**
 * When a person was last pushed to: a push claims the person for `intervalMs`, and a
 * message within that time brings none of its own (the notification shown stands for it).
 * In Redis with REDIS_URL (one `SET NX PX`, so every instance sees the claim), else, or
 * while Redis is away, in this process.
 */
export class PushCooldown {
  private readonly local: LRUCache<string, true> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly redis: Redis | undefined,
    clock: { now(): number } = performance,
  ) {
    this.local =
      intervalMs > 0
        ? new LRUCache({ max: LOCAL_MAX, ttl: intervalMs, ttlResolution: 0, perf: clock })
        : undefined;
  }

  /** True when `username` may be pushed to now, which starts their interval. */
  async claim(username: string): Promise<boolean> {
    if (!this.local) return true;
    if (this.redis?.status === 'ready') {
      try {
        const key = `prontogram:push-cooldown:${username}`;
        return (await this.redis.set(key, '1', 'PX', this.intervalMs, 'NX')) === 'OK';
      } catch {
        // Counted here until Redis answers again.
      }
    }
    if (this.local.has(username)) return false;
    this.local.set(username, true);
    return true;
  }
}
