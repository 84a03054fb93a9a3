import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { WebPushSubscription } from '@prontogram/contracts';
import type Redis from 'ioredis';
import { inRedis } from '../cluster/redis-unavailable.error';

/** A subscription as kept: with when it was made, so that the oldest goes first past the cap. */
interface StoredSubscription {
  subscription: WebPushSubscription;
  since: number;
}

/**
 * Each person's push subscriptions, one per device (browser profile), by endpoint: in a
 * file for one instance, in Redis for several, so that every instance can push to every
 * device and a restart forgets none.
 */
export abstract class PushSubscriptionStore {
  constructor(protected readonly maxPerUsername: number) {}

  abstract list(username: string): Promise<WebPushSubscription[]>;
  /** Keeps `subscription`, replacing one with its endpoint; past the cap the oldest goes. */
  abstract add(username: string, subscription: WebPushSubscription): Promise<void>;
  /** Forgets the subscription with `endpoint`; true when there was one. */
  abstract remove(username: string, endpoint: string): Promise<boolean>;
}

/**
 * One instance: every subscription in memory and in a JSON file, written whole after each
 * change (to a temporary file, then renamed over the old one, so that a crash mid-write
 * leaves the previous version), one write at a time.
 */
export class FilePushSubscriptionStore extends PushSubscriptionStore {
  private readonly byUsername = new Map<string, StoredSubscription[]>();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    maxPerUsername: number,
  ) {
    super(maxPerUsername);
    let saved: Record<string, StoredSubscription[]> = {};
    try {
      saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, StoredSubscription[]>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(
          `PUSH_SUBSCRIPTIONS_FILE ${file} cannot be read: ${(error as Error).message}`,
        );
      }
    }
    for (const [username, kept] of Object.entries(saved)) this.byUsername.set(username, kept);
  }

  async list(username: string): Promise<WebPushSubscription[]> {
    return (this.byUsername.get(username) ?? []).map((kept) => kept.subscription);
  }

  async add(username: string, subscription: WebPushSubscription): Promise<void> {
    const others = (this.byUsername.get(username) ?? []).filter(
      (kept) => kept.subscription.endpoint !== subscription.endpoint,
    );
    const kept = [...others, { subscription, since: Date.now() }];
    this.byUsername.set(username, kept.slice(-this.maxPerUsername));
    await this.save();
  }

  async remove(username: string, endpoint: string): Promise<boolean> {
    const kept = this.byUsername.get(username) ?? [];
    const left = kept.filter((each) => each.subscription.endpoint !== endpoint);
    if (left.length === kept.length) return false;
    if (left.length > 0) this.byUsername.set(username, left);
    else this.byUsername.delete(username);
    await this.save();
    return true;
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify(Object.fromEntries(this.byUsername));
    const temporary = `${this.file}.${process.pid}.tmp`;
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        // Made on the first subscription: a server without push never writes anything.
        await mkdir(path.dirname(this.file), { recursive: true });
        await writeFile(temporary, snapshot, { mode: 0o600 });
        await rename(temporary, this.file);
      });
    return this.writing;
  }
}

/** Several instances: a Redis hash per person, endpoint → subscription. */
export class RedisPushSubscriptionStore extends PushSubscriptionStore {
  constructor(
    private readonly redis: Redis,
    maxPerUsername: number,
  ) {
    super(maxPerUsername);
  }

  async list(username: string): Promise<WebPushSubscription[]> {
    const kept = await this.call(() => this.redis.hvals(this.key(username)));
    return kept.map((raw) => (JSON.parse(raw) as StoredSubscription).subscription);
  }

  async add(username: string, subscription: WebPushSubscription): Promise<void> {
    const key = this.key(username);
    const stored: StoredSubscription = { subscription, since: Date.now() };
    await this.call(() => this.redis.hset(key, subscription.endpoint, JSON.stringify(stored)));
    const all = await this.call(() => this.redis.hgetall(key));
    const oldestFirst = Object.entries(all).sort(
      ([, a], [, b]) =>
        (JSON.parse(a) as StoredSubscription).since - (JSON.parse(b) as StoredSubscription).since,
    );
    const over = oldestFirst.slice(0, Math.max(oldestFirst.length - this.maxPerUsername, 0));
    if (over.length > 0) {
      await this.call(() => this.redis.hdel(key, ...over.map(([endpoint]) => endpoint)));
    }
  }

  async remove(username: string, endpoint: string): Promise<boolean> {
    return (await this.call(() => this.redis.hdel(this.key(username), endpoint))) > 0;
  }

  /** Usernames may hold characters a reader of Redis keys would rather not see: hashed. */
  private key(username: string): string {
    return `prontogram:push:${createHash('sha256').update(username).digest('base64url')}`;
  }

  private call<T>(command: () => Promise<T>): Promise<T> {
    return inRedis('read or write push subscriptions', command);
  }
}
