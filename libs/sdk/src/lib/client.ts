import type { InboxMessage, MessageAccepted, SendMessage } from '@prontogram/contracts/wire';
import { type Answer, readAccepted, readRefusal, RETRIED_STATUSES } from './answers';
import { isTransientNetworkError, networkError } from './network-errors';
import { peekInbox, type PeekInboxOptions } from './peek-inbox';
import {
  type AttemptOutcome,
  type Clock,
  DEFAULT_RETRY_POLICY,
  realClock,
  type RetryPolicy,
  retryAfterMs,
  withRetries,
} from './retry';

export interface ProntoGramClientOptions {
  /** Where the API answers, e.g. `https://prontogram.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** The sender key (`pg_…`), sent as `Authorization: Bearer`; none where the API asks none. */
  key?: string;
  /** How long and how often to try; unset fields keep `DEFAULT_RETRY_POLICY`'s. */
  retry?: Partial<RetryPolicy>;
  /** The fetch to send with: the global one unless given. */
  fetch?: typeof fetch;
  /** Time for the retries: real unless given (tests pass one that does not wait). */
  clock?: Clock;
}

export interface SendOptions {
  /**
   * This message's `Idempotency-Key` (1 to 255 visible ASCII characters). Give your own, the
   * same for every send of the same message, to be safe across your own retries and restarts
   * too; without one, each `send` makes a new UUID and uses it for its own retries.
   */
  idempotencyKey?: string;
}

/**
 * A sending service's client of ProntoGram: sends messages, retrying what may be retried
 * safely, and shows what waits for a person without taking it.
 */
export class ProntoGramClient {
  readonly baseUrl: string;
  private readonly key?: string;
  private readonly retry: RetryPolicy;
  private readonly fetch: typeof fetch;
  private readonly clock: Clock;

  constructor(options: ProntoGramClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const { protocol } = new URL(this.baseUrl); // Throws at once on a URL that is none.
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new TypeError(`ProntoGram's baseUrl must be http(s), not ${protocol}`);
    }
    this.key = options.key;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    // Called unbound: a browser's fetch refuses to run with `this` set to another object.
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.clock = options.clock ?? realClock;
  }

  /**
   * Sends a message and resolves with the API's `202` answer once RabbitMQ has stored it.
   * Retries `429`, `502`, `503`, `504` and broken connections within the retry policy, all with
   * the same `Idempotency-Key`, so a message is never delivered twice. Rejects with
   * `ProntoGramError` when the API refuses it, `ProntoGramUnavailableError` on giving up.
   */
  send(message: SendMessage, options: SendOptions = {}): Promise<MessageAccepted> {
    const url = `${this.baseUrl}/messages`;
    const request = {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'idempotency-key': options.idempotencyKey ?? crypto.randomUUID(),
        ...(this.key && { authorization: `Bearer ${this.key}` }),
      },
      body: JSON.stringify(message),
    };
    return withRetries(this.retry, this.clock, (deadline) => this.attempt(url, request, deadline));
  }

  /**
   * What waits for `username` now, oldest first, without deleting any of it: see
   * `PeekInboxOptions` for how it decides that everything has come.
   */
  peekInbox(username: string, options: PeekInboxOptions = {}): Promise<InboxMessage[]> {
    return peekInbox(this.baseUrl, username, options);
  }

  private async attempt(
    url: string,
    request: RequestInit,
    deadline: number,
  ): Promise<AttemptOutcome<MessageAccepted>> {
    let answer: Answer;
    // A request still unanswered at the deadline is abandoned: the bound is on the whole send.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), Math.max(0, deadline - this.clock.now()));
    try {
      const response = await this.fetch(url, { ...request, signal: abort.signal });
      answer = {
        status: response.status,
        statusText: response.statusText,
        retryAfter: response.headers.get('retry-after'),
        body: await response.text(),
      };
    } catch (error) {
      // Whatever failed here failed on the way: the message may or may not be stored.
      if (abort.signal.aborted) {
        const timedOut = new Error(`no answer from ${url} within ${this.retry.maxTotalMs} ms`);
        return { ok: false, final: true, error: timedOut };
      }
      return { ok: false, final: !isTransientNetworkError(error), error: networkError(url, error) };
    } finally {
      clearTimeout(timer);
    }
    return outcomeOf(answer);
  }
}

function outcomeOf(answer: Answer): AttemptOutcome<MessageAccepted> {
  if (answer.status >= 200 && answer.status < 300) {
    return { ok: true, value: readAccepted(answer) };
  }
  const retryAfter = retryAfterMs(answer.retryAfter, Date.now());
  const refusal = readRefusal(answer, retryAfter === undefined ? undefined : retryAfter / 1000);
  if (!RETRIED_STATUSES.has(answer.status)) throw refusal;
  return { ok: false, error: refusal, retryAfterMs: retryAfter };
}
