import { ProntoGramUnavailableError } from './errors';

/** How long and how often the client tries before it gives up. */
export interface RetryPolicy {
  /**
   * From the first request: no attempt starts past it, a wait that would end past it is not
   * waited, and a request still unanswered then is abandoned.
   */
  maxTotalMs: number;
  /** Requests at most, the first included. */
  maxAttempts: number;
  /** The first wait when the API gives no `Retry-After`; it doubles each time, with jitter. */
  initialDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxTotalMs: 30_000,
  maxAttempts: 10,
  initialDelayMs: 250,
};

/** No back-off grows past this: a sender waiting longer had better give up and say so. */
const MAX_BACKOFF_MS = 8_000;

/** Time as the retries see it: real by default; tests pass their own to skip the waits. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What one attempt came to: the answer, or why it failed and whether to try again. */
export type AttemptOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: Error;
      /** The wait the server asked for; without it the client backs off on its own. */
      retryAfterMs?: number;
      /** Trying again cannot help (a host that does not exist, the time bound reached). */
      final?: boolean;
    };

/**
 * Runs `attempt` until it succeeds or the policy says stop; then throws
 * `ProntoGramUnavailableError` with the last failure. `attempt` gets the instant (on `clock`)
 * by which it must have given up, and throws what must not be retried.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  clock: Clock,
  attempt: (deadline: number) => Promise<AttemptOutcome<T>>,
  random: () => number = Math.random,
): Promise<T> {
  const started = clock.now();
  for (let attempts = 1; ; attempts++) {
    const outcome = await attempt(started + policy.maxTotalMs);
    if (outcome.ok) return outcome.value;
    const delay = outcome.retryAfterMs ?? backoffMs(attempts, policy.initialDelayMs, random);
    const elapsed = clock.now() - started;
    // Waiting for nothing is worse than saying at once that it failed.
    if (outcome.final || attempts >= policy.maxAttempts || elapsed + delay > policy.maxTotalMs) {
      throw new ProntoGramUnavailableError(attempts, elapsed, outcome.error);
    }
    await clock.sleep(delay);
  }
}

/**
 * The wait after the `failures`-th failure when the server named none: doubling from
 * `initialDelayMs`, half of it random so that many senders cut off at once do not all come
 * back at the same instant.
 */
export function backoffMs(failures: number, initialDelayMs: number, random = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, initialDelayMs * 2 ** (failures - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

/** A `Retry-After` header (seconds, or an HTTP date) in milliseconds from `now`. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
