import type { Options } from 'amqplib';
import { EXPIRED_EXCHANGE, SENDER_KEY_HEADER } from './inbox-topology';

/**
 * Receipts for senders travel through RabbitMQ, never only through a process's memory:
 *
 * - `prontogram.receipts` (exchange and queue): receipts waiting to be POSTed to webhooks;
 *   every instance consumes it.
 * - `prontogram.receipts.retry.<ms>ms`: a receipt whose webhook failed waits in one of these,
 *   whose `x-message-ttl` is the wait, and is dead-lettered back to `prontogram.receipts`.
 *   One queue per wait, so that every message in a queue expires in the order it came.
 * - `prontogram.receipts.parked`: receipts given up on, for an operator to look at and replay
 *   (`node scripts/receipts.mjs replay`).
 * - `prontogram.expired.receipts`: bound to the dead-letter exchange of the inboxes, it gets
 *   every message that left an inbox unseen, and turns it into an `expired` receipt.
 */
export const RECEIPTS_EXCHANGE = 'prontogram.receipts';
export const RECEIPTS_QUEUE = 'prontogram.receipts';
export const RECEIPTS_ROUTING_KEY = 'receipt';
export const PARKED_RECEIPTS_QUEUE = 'prontogram.receipts.parked';
export const EXPIRED_MESSAGES_QUEUE = `${EXPIRED_EXCHANGE}.receipts`;

/** A queue a failed receipt moves to, as it is declared. */
export interface ReceiptHoldingQueue {
  name: string;
  options: Options.AssertQueue;
}

/** The retry queue that holds a receipt for `delayMs` before it is tried again. */
export function retryQueue(delayMs: number): ReceiptHoldingQueue {
  return {
    name: `${RECEIPTS_QUEUE}.retry.${delayMs}ms`,
    options: {
      durable: true,
      arguments: {
        'x-queue-type': 'classic',
        'x-message-ttl': delayMs,
        'x-dead-letter-exchange': RECEIPTS_EXCHANGE,
        'x-dead-letter-routing-key': RECEIPTS_ROUTING_KEY,
      },
    },
  };
}

export const PARKED_QUEUE: ReceiptHoldingQueue = {
  name: PARKED_RECEIPTS_QUEUE,
  options: { durable: true },
};

/** Headers a receipt carries through the queues. */
export const RECEIPT_JOB_HEADERS = {
  /** The name of the sender key whose webhook gets it. */
  senderKey: SENDER_KEY_HEADER,
  /** Tries made so far. */
  attempts: 'x-attempts',
  /** When it was first tried, in ms since the epoch: it is parked once tried long enough. */
  firstTriedAt: 'x-first-tried-at',
  /** Why the last try failed. */
  problem: 'x-problem',
} as const;
