/** A message as it waits in RabbitMQ and as it reaches a reader's page. */
export interface InboxMessage {
  /** Server-made, time-ordered (UUIDv7); the same on every redelivery. */
  id: string;
  sender: string;
  /** The normalised (lower-case) username. */
  receiver: string;
  body: string;
  /** ISO 8601: when ProntoGram accepted the message. */
  sentAt: string;
  /** ISO 8601: after this instant the message is never shown. */
  expiresAt: string;
  /** ISO 8601 `send_time` as the sender gave it, when it gave one. */
  senderSendTime?: string;
}

const INBOX_MESSAGE_TEXT = ['id', 'sender', 'receiver', 'body', 'sentAt', 'expiresAt'] as const;

/**
 * `value` as an `InboxMessage` (a copy holding only its fields), or `null` when it is not
 * one: the one check of a delivered message's shape, for what the API reads back from a
 * queue and what the page reads back from storage.
 */
export function readInboxMessage(value: unknown): InboxMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Record<string, unknown>;
  if (!INBOX_MESSAGE_TEXT.every((field) => typeof candidate[field] === 'string')) return null;
  if (Number.isNaN(Date.parse(candidate['expiresAt'] as string))) return null;
  const message = Object.fromEntries(
    INBOX_MESSAGE_TEXT.map((field) => [field, candidate[field]]),
  ) as unknown as InboxMessage;
  if (typeof candidate['senderSendTime'] === 'string') {
    message.senderSendTime = candidate['senderSendTime'];
  }
  return message;
}

/**
 * What a sending service POSTs to `/messages`, without the validation rules: for clients
 * that only build requests (the rules, and what each field means: `SendMessageDto`).
 */
export interface SendMessage {
  sender: string;
  receiver: string;
  body: string;
  /** ISO 8601, as the sender says it sent the message. */
  send_time?: string;
  /** How long the message may wait for its reader, in seconds. */
  ttlSeconds?: number;
}

/** The `202 Accepted` answer to `POST /messages`. */
export type MessageAccepted = Pick<InboxMessage, 'id' | 'receiver' | 'sentAt' | 'expiresAt'>;

/** The JSON body of every error answer of the HTTP API. */
export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string | string[];
  /** Set where a client may want to tell one refusal from another of the same status. */
  code?: ErrorCode;
}

/** `inbox-full`: 409, the receiver's queue holds all it may; send again later. */
export type ErrorCode = 'inbox-full';
