import { createHash } from 'node:crypto';
import type { InboxMessage } from '@prontogram/contracts';
import type Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { inRedis } from '../cluster/redis-unavailable.error';

/** One `Idempotency-Key` of one sender, and the message made for its first request. */
export interface KeyedRequest {
  fingerprint: string;
  message: InboxMessage;
  /** `publishing` while a request with the key runs; `accepted` once RabbitMQ confirmed. */
  state: 'publishing' | 'accepted' | 'failed';
  /** Until when a `publishing` request holds the key; past it, its instance is presumed gone. */
  leaseUntil: number;
}

/** A key's entry as stored: compared whole when it is replaced. */
export interface StoredRequest {
  entry: KeyedRequest;
  raw: string;
}

/** A compare-and-set: `next` replaces the key's entry only if that is still `current`. */
export interface Replacement {
  /** The entry read before; undefined when the key held nothing. */
  current: StoredRequest | undefined;
  next: KeyedRequest;
  /** How long the new entry is kept. */
  ttlMs: number;
}

/** An entry as read back from where it is kept; absent when nothing is kept for the key. */
function stored(raw: string | null | undefined): StoredRequest | undefined {
  return raw == null ? undefined : { raw, entry: JSON.parse(raw) as KeyedRequest };
}

/**
 * Where keyed requests are kept until their message expires: this process's memory for one
 * instance, Redis for several, so that a retry reaching another instance is still known.
 */
export abstract class IdempotencyStore {
  abstract read(scope: string): Promise<StoredRequest | undefined>;
  /** Makes the replacement; false when another request changed the entry first. */
  abstract replace(scope: string, replacement: Replacement): Promise<boolean>;
  /** Updates the entry a request holds, keeping its lifetime. */
  abstract update(scope: string, next: KeyedRequest): Promise<void>;
}

/** One instance: the least recently used keys go first past `max`. */
export class MemoryIdempotencyStore extends IdempotencyStore {
  private readonly entries: LRUCache<string, string>;

  constructor(max: number) {
    super();
    this.entries = new LRUCache({ max });
  }

  async read(scope: string): Promise<StoredRequest | undefined> {
    return stored(this.entries.get(scope));
  }

  async replace(scope: string, { current, next, ttlMs }: Replacement): Promise<boolean> {
    if (this.entries.get(scope) !== current?.raw) return false;
    this.entries.set(scope, JSON.stringify(next), { ttl: ttlMs });
    return true;
  }

  async update(scope: string, next: KeyedRequest): Promise<void> {
    const ttl = this.entries.getRemainingTTL(scope);
    if (ttl > 0) this.entries.set(scope, JSON.stringify(next), { ttl });
  }
}

/** Replaces the key's value only if it is still the one read: Redis runs it atomically. */
const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return false`;

/** Several instances: every instance sees every key. Redis expires each with its message. */
export class RedisIdempotencyStore extends IdempotencyStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async read(scope: string): Promise<StoredRequest | undefined> {
    return stored(await this.call(() => this.redis.get(this.key(scope))));
  }

  async replace(scope: string, { current, next, ttlMs }: Replacement): Promise<boolean> {
    const value = JSON.stringify(next);
    const done = await this.call(() =>
      current === undefined
        ? this.redis.set(this.key(scope), value, 'PX', ttlMs, 'NX')
        : this.redis.eval(COMPARE_AND_SET, 1, this.key(scope), current.raw, value, ttlMs),
    );
    return done === 'OK';
  }

  async update(scope: string, next: KeyedRequest): Promise<void> {
    await this.call(() => this.redis.set(this.key(scope), JSON.stringify(next), 'KEEPTTL', 'XX'));
  }

  /** Scopes hold the sender's name and key as given: hashed, they make a tidy Redis key. */
  private key(scope: string): string {
    return `prontogram:idempotency:${createHash('sha256').update(scope).digest('base64url')}`;
  }

  private call<T>(command: () => Promise<T>): Promise<T> {
    return inRedis('read or write an Idempotency-Key', command);
  }
}
