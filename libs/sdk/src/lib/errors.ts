import type { ErrorCode, HandshakeRefusal } from '@prontogram/contracts/wire';

/** What tells one refusal from another: the API's `code`, or why a sign-in was refused. */
export type ProntoGramErrorCode = ErrorCode | NonNullable<HandshakeRefusal['code']>;

/** What ProntoGram said when it refused. */
export interface ProntoGramRefusal {
  /** The HTTP status; absent when the socket refused a sign-in (`peekInbox`). */
  status?: number;
  /** The API's own words: one reason, or (with `400`) one per field that breaks a rule. */
  serverMessage: string | string[];
  /** Set where the API tells this refusal from others of its status (`inbox-full`). */
  code?: ProntoGramErrorCode;
  /**
   * True when the same request may succeed later, unchanged (`409`, `429`, `503`): the
   * client itself retries only `429`, `502`, `503` and `504`.
   */
  retryable: boolean;
  /** The `Retry-After` the API asked for, in seconds. */
  retryAfterSeconds?: number;
}

/**
 * ProntoGram answered and said no: a `4xx` (never retried, but `429`), an unexpected `5xx`, or
 * a refused sign-in. Sending the same again will not help now; `retryable` says whether it
 * may later.
 */
export class ProntoGramError extends Error implements ProntoGramRefusal {
  readonly status?: number;
  readonly serverMessage: string | string[];
  readonly code?: ProntoGramErrorCode;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;

  constructor(refusal: ProntoGramRefusal) {
    super(describeRefusal(refusal));
    this.name = 'ProntoGramError';
    this.status = refusal.status;
    this.serverMessage = refusal.serverMessage;
    this.code = refusal.code;
    this.retryable = refusal.retryable;
    this.retryAfterSeconds = refusal.retryAfterSeconds;
  }
}

/**
 * The client gave up: ProntoGram stayed unreachable, unavailable (`503`) or over a rate limit
 * (`429`) for as many attempts or as long as its retry policy allows. Nothing is known to be
 * stored; sending again later with the same `Idempotency-Key` is safe.
 */
export class ProntoGramUnavailableError extends Error {
  constructor(
    /** Requests made, the first included. */
    readonly attempts: number,
    /** From the first request to giving up. */
    readonly elapsedMs: number,
    /** What the last attempt got: a `ProntoGramError` for an answer, else the network's error. */
    readonly lastError: Error,
  ) {
    super(
      `gave up after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'} in ` +
        `${(elapsedMs / 1000).toFixed(1)} s: ${lastError.message}`,
      { cause: lastError },
    );
    this.name = 'ProntoGramUnavailableError';
  }
}

function describeRefusal({ status, serverMessage, code }: ProntoGramRefusal): string {
  const reasons = Array.isArray(serverMessage) ? serverMessage.join('; ') : serverMessage;
  const what = status === undefined ? 'sign-in refused' : `refused with ${status}`;
  return `${what}${code ? ` (${code})` : ''}: ${reasons}`;
}
