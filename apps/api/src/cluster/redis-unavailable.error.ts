import { UnavailableError } from '../http/unavailable.error';

/** Redis, which instances share state through, did not answer: retry later. */
export class RedisUnavailableError extends UnavailableError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(
      'Redis',
      reason,
      'The message was not accepted: its Idempotency-Key cannot be checked now, retry later',
      options,
    );
  }
}

/** Runs a Redis command; its failure becomes a `RedisUnavailableError` that says `what` failed. */
export async function inRedis<T>(what: string, command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (cause) {
    throw new RedisUnavailableError(`could not ${what}`, { cause });
  }
}
