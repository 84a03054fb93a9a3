import { UnavailableError } from '../http/unavailable.error';

/** Redis, which instances share state through, did not answer: retry later. */
export class RedisUnavailableError extends UnavailableError {
  readonly publicMessage =
    'The message was not accepted: its Idempotency-Key cannot be checked now, retry later';

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`Redis is not available: ${reason}`, options);
    this.name = 'RedisUnavailableError';
  }
}
