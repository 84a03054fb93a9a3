import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Rate } from '../config/rate';

/** What a refusal for going over a limit tells the client. */
export interface LimitExceeded {
  /** Which limit, in words: "POSTs from this sender key". */
  what: string;
  /** Whole seconds until the client may try again. */
  retryAfterSeconds: number;
  /** The limit, as its setting writes it: `1000/1s`. */
  rate: string;
}

/** "too many POSTs from this sender key: at most 1000 per 1s; retry in 1 s" */
export function describeLimitExceeded({ what, retryAfterSeconds, rate }: LimitExceeded): string {
  return `too many ${what}: at most ${rate.replace('/', ' per ')}; retry in ${retryAfterSeconds} s`;
}

/**
 * Counts one hit of `key` against `rate` (blocked for a window once over it), and says so
 * when the key is over its limit.
 */
export async function countHit(
  storage: ThrottlerStorage,
  key: string,
  { limit, windowMs, setting }: Rate,
  name: string,
  what: string,
): Promise<LimitExceeded | undefined> {
  const record = await storage.increment(key, windowMs, limit, windowMs, name);
  return record.isBlocked
    ? { what, retryAfterSeconds: Math.max(record.timeToBlockExpire, 1), rate: setting }
    : undefined;
}
