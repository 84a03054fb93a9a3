import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { WebPushSubscription } from '@prontogram/contracts';
import type Redis from 'ioredis';
import { inRedis } from '../cluster/redis-unavailable.error';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

/**
 * A subscription as kept, with when its page last handed it over: the least recent goes
 * first past the cap, and one not renewed within the kept days is forgotten.
 */
interface StoredSubscription {
  subscription: WebPushSubscription;
  since: number;
}

const DAY_MS = 86_400_000;

/** Deletes KEYS[1] only if it holds ARGV[1], in one step. */
const DELETE_IF_EQUAL =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * Each person's push subscriptions, one per device (browser profile), by endpoint: in a
 * file for one instance, in Redis for several, so that every instance can push to every
 * device and a restart forgets none.
 */
export abstract class PushSubscriptionStore {
  protected readonly keptMs: number;

  constructor(
    protected readonly maxPerUsername: number,
    keptDays: number,
  ) {
    this.keptMs = keptDays * DAY_MS;
  }

  abstract list(username: string): Promise<WebPushSubscription[]>;
  /**
   * Keeps `subscription` for `username`, replacing one with its endpoint, and takes it from
   * anyone else it was kept for: an endpoint is one browser profile, which notifies the one
   * person who last signed in there. Past the cap the person's least recent goes.
   */
  abstract add(username: string, subscription: WebPushSubscription): Promise<void>;
  /** Forgets the subscription with `endpoint`; true when there was one. */
  abstract remove(username: string, endpoint: string): Promise<boolean>;

  /** Whether `kept` was handed over within the kept days. */
  protected current(kept: StoredSubscription): boolean {
    return Date.now() - kept.since < this.keptMs;
  }
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
    keptDays: number,
  ) {
    super(maxPerUsername, keptDays);
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
    return (this.byUsername.get(username) ?? [])
      .filter((kept) => this.current(kept))
      .map((kept) => kept.subscription);
  }

  async add(username: string, subscription: WebPushSubscription): Promise<void> {
    // Every change writes the whole file: the forgotten go with this one.
    for (const [someone, kept] of this.byUsername) {
      const left = kept.filter(
        (each) => each.subscription.endpoint !== subscription.endpoint && this.current(each),
      );
      if (left.length === 0) this.byUsername.delete(someone);
      else if (left.length !== kept.length) this.byUsername.set(someone, left);
    }
    const kept = [...(this.byUsername.get(username) ?? []), { subscription, since: Date.now() }];
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
    keptDays: number,
  ) {
    super(maxPerUsername, keptDays);
  }

  async list(username: string): Promise<WebPushSubscription[]> {
    const kept = await this.call(() => this.redis.hvals(this.key(username)));
    return kept
      .map((raw) => JSON.parse(raw) as StoredSubscription)
      .filter((each) => this.current(each))
      .map((each) => each.subscription);
  }

  /**
   * The person's hash and the endpoint's owner expire the kept days after this, so that
   * people who stopped coming leave nothing; a device of theirs not renewed meanwhile is
   * left out of `list` and deleted here.
   */
  async add(username: string, subscription: WebPushSubscription): Promise<void> {
    const key = this.key(username);
    const keptSeconds = Math.ceil(this.keptMs / 1000);
    // Whom the endpoint notified until now: it notifies `username` alone from here on.
    const previous = await this.call(() =>
      this.redis.set(this.ownerKey(subscription.endpoint), username, 'EX', keptSeconds, 'GET'),
    );
    if (previous !== null && previous !== username) {
      await this.call(() => this.redis.hdel(this.key(previous), subscription.endpoint));
    }
    const stored: StoredSubscription = { subscription, since: Date.now() };
    await this.call(() => this.redis.hset(key, subscription.endpoint, JSON.stringify(stored)));
    await this.call(() => this.redis.expire(key, keptSeconds));
    const all = Object.entries(await this.call(() => this.redis.hgetall(key))).map(
      ([endpoint, raw]) => ({ endpoint, kept: JSON.parse(raw) as StoredSubscription }),
    );
    const stale = all.filter(({ kept }) => !this.current(kept));
    const oldestFirst = all
      .filter(({ kept }) => this.current(kept))
      .sort((a, b) => a.kept.since - b.kept.since);
    const over = [
      ...stale,
      ...oldestFirst.slice(0, Math.max(oldestFirst.length - this.maxPerUsername, 0)),
    ];
    if (over.length > 0) {
      const endpoints = over.map(({ endpoint }) => endpoint);
      await this.call(() => this.redis.hdel(key, ...endpoints));
      await Promise.all(endpoints.map((each) => this.disown(username, each)));
    }
  }

  async remove(username: string, endpoint: string): Promise<boolean> {
    const removed = (await this.call(() => this.redis.hdel(this.key(username), endpoint))) > 0;
    if (removed) await this.disown(username, endpoint);
    return removed;
  }

  /**
   * Deletes who `endpoint` notifies, if that is still `username`: after their entry went
   * stale the device may have been subscribed by someone else, whose ownership stays.
   */
  private async disown(username: string, endpoint: string): Promise<void> {
    await this.call(() => this.redis.eval(DELETE_IF_EQUAL, 1, this.ownerKey(endpoint), username));
  }

  /** Usernames may hold characters a reader of Redis keys would rather not see: hashed. */
  private key(username: string): string {
    return `prontogram:push:${sha256(username)}`;
  }

  /** Who an endpoint notifies. */
  private ownerKey(endpoint: string): string {
    return `prontogram:push-endpoint:${sha256(endpoint)}`;
  }

  private call<T>(command: () => Promise<T>): Promise<T> {
    return inRedis('read or write push subscriptions', command);
  }
}
