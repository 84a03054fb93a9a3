import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Counter {
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
}

/** How often counters whose window and block have both ended are dropped. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Rate-limit counters in this process, counted much as the Redis storage counts them
 * (`@nest-lab/throttler-storage-redis`: a fixed window per key, and a block of
 * `blockDuration` once past the limit). One difference: here a block's end starts a fresh
 * window, while in Redis the hits refused during the block count in the next window, so a
 * client that keeps knocking stays refused there. Clients that wait out Retry-After see the
 * same answers from both. Each hit costs O(1): Nest's own in-memory storage keeps one timestamp per hit and
 * scans them all on every request, which cost a third of `POST /messages` throughput at
 * concurrency 64 (docs/performance.md).
 */
export class FixedWindowStorage implements ThrottlerStorage {
  private readonly counters = new Map<string, Counter>();
  private readonly sweep = setInterval(() => this.dropEnded(Date.now()), SWEEP_INTERVAL_MS);

  constructor(private readonly now: () => number = Date.now) {
    this.sweep.unref();
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    const id = `${key}:${throttlerName}`;
    let counter = this.counters.get(id);
    if (counter && counter.blockedUntil !== 0 && counter.blockedUntil <= now) {
      // The block is over: start afresh, this hit first.
      counter = undefined;
    }
    if (!counter || (counter.windowEndsAt <= now && counter.blockedUntil === 0)) {
      counter = { hits: 0, windowEndsAt: now + ttl, blockedUntil: 0 };
      this.counters.set(id, counter);
    }
    counter.hits += 1;
    if (counter.blockedUntil === 0 && counter.hits > limit) {
      counter.blockedUntil = now + blockDuration;
    }
    const isBlocked = counter.blockedUntil !== 0;
    return {
      totalHits: counter.hits,
      timeToExpire: Math.ceil((counter.windowEndsAt - now) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil((counter.blockedUntil - now) / 1000) : 0,
    };
  }

  /** Stops the sweep, so that a closed app leaves no timer behind. */
  close(): void {
    clearInterval(this.sweep);
    this.counters.clear();
  }

  private dropEnded(now: number): void {
    for (const [id, counter] of this.counters) {
      if (counter.windowEndsAt <= now && counter.blockedUntil <= now) this.counters.delete(id);
    }
  }
}
