import type { ErrorResponse, MessageAccepted } from '@prontogram/contracts/wire';
import { ProntoGramError, type ProntoGramErrorCode } from './errors';

/**
 * Answers the client tries again after: the API is away or busy (`503`), a load balancer in
 * front found no instance (`502`, `504`), or a rate limit (`429`). With its `Idempotency-Key`
 * a retry cannot deliver a message twice.
 */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Answers that may succeed later, unchanged: besides those retried, a busy key or full inbox. */
const LATER_STATUSES: ReadonlySet<number> = new Set([...RETRIED_STATUSES, 408, 409]);

/** An answer as read off the wire, before it means anything. */
export interface Answer {
  status: number;
  statusText: string;
  retryAfter: string | null;
  body: string;
}

/** The `202`'s `MessageAccepted`; anything else in a success is a server this SDK does not know. */
export function readAccepted(response: Answer): MessageAccepted {
  const answer = parseJson(response.body);
  if (!isAccepted(answer)) {
    throw new Error(`unexpected answer to POST /messages: ${response.status} without its id`);
  }
  const { id, receiver, sentAt, expiresAt } = answer;
  return { id, receiver, sentAt, expiresAt };
}

/** An error answer as a `ProntoGramError`, whether or not its body is the API's own JSON. */
export function readRefusal(
  response: Answer,
  retryAfterSeconds: number | undefined,
): ProntoGramError {
  const answer = parseJson(response.body) as Partial<ErrorResponse> | undefined;
  const message = answer?.message;
  const serverMessage =
    typeof message === 'string' || (Array.isArray(message) && message.every(isString))
      ? message
      : // A proxy's page, say: its status says all there is.
        `${response.status} ${response.statusText}`.trim();
  return new ProntoGramError({
    status: response.status,
    serverMessage,
    code: isString(answer?.code) ? (answer.code as ProntoGramErrorCode) : undefined,
    retryable: LATER_STATUSES.has(response.status),
    retryAfterSeconds,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isAccepted(value: unknown): value is MessageAccepted {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as Record<string, unknown>;
  return ['id', 'receiver', 'sentAt', 'expiresAt'].every((field) => isString(answer[field]));
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
