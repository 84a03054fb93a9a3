import { randomUUID } from 'node:crypto';
import type { InboxMessage } from '@prontogram/contracts/wire';
import type * as amqp from 'amqplib';
import { inboxQueueOf } from './messages';
import { INBOX_EXCHANGE, INBOX_QUEUE_OPTIONS } from './topology';

/** How long the bench's messages live: a day, far beyond any run. */
const TTL_MS = 24 * 3600 * 1000;

/**
 * A message as the API stores it in a user's queue, sent now, with a new id. The receiver
 * must be in lower case, as the API writes it.
 */
export function storedMessage(
  fields: Pick<InboxMessage, 'sender' | 'receiver' | 'body'>,
): InboxMessage {
  const now = Date.now();
  return {
    id: randomUUID(),
    ...fields,
    sentAt: new Date(now).toISOString(),
    expiresAt: new Date(now + TTL_MS).toISOString(),
  };
}

/** Declares the queue of `username`, bound to the inbox exchange, as the API does. */
export async function declareInbox(channel: amqp.Channel, username: string): Promise<void> {
  const queue = inboxQueueOf(username);
  await channel.assertQueue(queue, INBOX_QUEUE_OPTIONS);
  await channel.bindQueue(queue, INBOX_EXCHANGE, username);
}

/**
 * Publishes `message` to its receiver's queue as the API does (persistent, its id, its
 * lifetime), without waiting; `confirmed` is called on RabbitMQ's confirm. Returns false
 * when the channel's buffer is full: wait for its `drain` before publishing more.
 */
export function publishStored(
  channel: amqp.ConfirmChannel,
  message: InboxMessage,
  confirmed?: (error: unknown) => void,
): boolean {
  return channel.publish(
    INBOX_EXCHANGE,
    message.receiver,
    Buffer.from(JSON.stringify(message)),
    {
      persistent: true,
      mandatory: true,
      messageId: message.id,
      contentType: 'application/json',
      expiration: String(TTL_MS),
    },
    confirmed,
  );
}

/** Publishes `message` as `publishStored` does and resolves on RabbitMQ's confirm. */
export function publishConfirmed(
  channel: amqp.ConfirmChannel,
  message: InboxMessage,
): Promise<void> {
  return new Promise((resolve, reject) =>
    publishStored(channel, message, (error) => (error ? reject(error) : resolve())),
  );
}
