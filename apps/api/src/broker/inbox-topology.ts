/**
 * Names and arguments of ProntoGram's RabbitMQ topology. One durable direct exchange routes
 * each message by the normalised username to that user's durable queue; expired messages are
 * dead-lettered to a fanout exchange so that receipts can be added without touching inboxes.
 */
export const INBOX_EXCHANGE = 'prontogram.inbox';
export const EXPIRED_EXCHANGE = 'prontogram.expired';

/** The AMQP header naming the sender key a message came with: its receipts go to that key. */
export const SENDER_KEY_HEADER = 'x-sender-key';

/** Whether that key wanted receipts when the message was accepted (see message-origin.ts). */
export const RECEIPTS_WANTED_HEADER = 'x-receipts';

/** The `prontogram.` prefix also keeps clear of the `amq.` names RabbitMQ reserves. */
export function inboxQueueName(normalisedUsername: string): string {
  return `${INBOX_EXCHANGE}.${normalisedUsername}`;
}

/**
 * How often a publisher re-declares a queue it already declared. Re-declaring renews the
 * queue's idle lease (`x-expires`); publishing alone does not.
 */
export const INBOX_LEASE_RENEWAL_MS = 60 * 60 * 1000;

/**
 * Queue arguments of every inbox. An inbox left unused (no consumer, not re-declared) for
 * longer than the longest message lifetime plus two renewal periods is deleted by RabbitMQ:
 * by then every message in it has expired, so the clean-up loses nothing unexpired.
 * Every instance with a page of the person consumes the queue; single active consumer lets
 * RabbitMQ deliver to one of them at a time, in order, and hand over when it goes.
 * A full queue refuses new messages (the publisher gets a nack) rather than dropping its
 * oldest: nothing already accepted is ever lost to make room.
 */
export function inboxQueueArguments({
  maxMessageTtlSeconds,
  maxMessages,
}: {
  maxMessageTtlSeconds: number;
  maxMessages: number;
}): Record<string, unknown> {
  return {
    'x-queue-type': 'classic',
    'x-dead-letter-exchange': EXPIRED_EXCHANGE,
    'x-expires': maxMessageTtlSeconds * 1000 + 2 * INBOX_LEASE_RENEWAL_MS,
    'x-single-active-consumer': true,
    'x-max-length': maxMessages,
    'x-overflow': 'reject-publish',
  };
}
