import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InboxMessage, Receipt, readInboxMessage } from '@prontogram/contracts';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Environment } from '../config/environment';
import { parseDurations } from '../config/rate';
import { REQUEST_ID_HEADER } from '../logging/request-id';
import { BrokerUnavailableError } from './broker-unavailable.error';
import { EXPIRED_EXCHANGE } from './inbox-topology';
import { MessageOrigin, readOrigin } from './message-origin';
import { PublishChannel } from './publish-channel';
import {
  EXPIRED_MESSAGES_QUEUE,
  PARKED_QUEUE,
  RECEIPT_JOB_HEADERS,
  RECEIPTS_EXCHANGE,
  RECEIPTS_QUEUE,
  RECEIPTS_ROUTING_KEY,
  ReceiptHoldingQueue,
  retryQueue,
} from './receipt-topology';

/** How long a receipts channel that closed alone waits before it is opened again. */
const REOPEN_DELAY_MS = 1000;

/** A receipt on its way to the webhook of `senderKey`. */
export interface ReceiptJob {
  receipt: Receipt;
  senderKey: string;
}

/** What one try to deliver a receipt came to: `problem` says why it failed. */
export type DeliveryResult = { delivered: true } | { delivered: false; problem: string };

/** A message that left its inbox unseen, with who sent it. */
export interface ExpiredMessage {
  message: InboxMessage;
  origin: MessageOrigin;
  requestId: string | undefined;
}

export interface ReceiptHandlers {
  /** Tries to deliver a receipt once. */
  deliver(job: ReceiptJob, attempt: number): Promise<DeliveryResult>;
  /** Makes what an unseen message needs (its receipt); resolves once that is durable. */
  expired(expired: ExpiredMessage): Promise<void>;
  /** A receipt was given up on. */
  parked(job: ReceiptJob, problem: string): void;
}

/**
 * The durable half of receipts: publishes them to `prontogram.receipts`, consumes that queue
 * and the queue of messages that expired unseen, and moves a receipt whose webhook failed
 * to a retry queue (a wait of its own, by TTL and dead-lettering) or, once it has been tried
 * for `RECEIPT_RETRY_FOR_SECONDS`, to the parked queue. A message is acked only after what
 * replaces it (a retry, a parked copy, an `expired` receipt) is confirmed: an instance that
 * stops at any point loses nothing, and may at worst deliver a receipt twice, with its id.
 */
@Injectable()
export class ReceiptQueue implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReceiptQueue.name);
  private publisher!: PublishChannel;
  private consumer: ChannelWrapper | undefined;
  private stopping = false;
  private reopenTimer: NodeJS.Timeout | undefined;
  private handlers: ReceiptHandlers | undefined;
  private readonly retryDelaysMs: number[];
  private readonly retryForMs: number;
  private readonly concurrency: number;
  private readonly confirmTimeoutMs: number;

  constructor(
    private readonly amqp: AmqpConnection,
    config: ConfigService<Environment, true>,
  ) {
    this.retryDelaysMs = parseDurations(config.get('RECEIPT_RETRY_DELAYS', { infer: true }));
    this.retryForMs = config.get('RECEIPT_RETRY_FOR_SECONDS', { infer: true }) * 1000;
    this.concurrency = config.get('RECEIPT_CONCURRENCY', { infer: true });
    this.confirmTimeoutMs = config.get('PUBLISH_CONFIRM_TIMEOUT_MS', { infer: true });
  }

  onModuleInit(): void {
    this.publisher = new PublishChannel(this.amqp.managedConnection, this.logger);
  }

  /** Who handles what the queues hold; consuming starts once the application has started. */
  handle(handlers: ReceiptHandlers): void {
    this.handlers = handlers;
  }

  onApplicationBootstrap(): void {
    if (this.handlers) this.openConsumer(this.handlers);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reopenTimer);
    await this.consumer?.close().catch(() => undefined);
    await this.publisher.close();
  }

  /**
   * A channel wrapper that declares the topology and starts both consumers, on a connection
   * that comes. A delivery keeps the channel it came on, so one from a channel that is gone
   * is never settled on the next. amqp-connection-manager opens the channel again only
   * after a new connection: a channel that closes alone (a refused declaration, a consumer
   * cancelled because its queue was deleted) is replaced here, with a new wrapper.
   */
  private openConsumer(handlers: ReceiptHandlers): void {
    const consumer = this.amqp.managedConnection.createChannel({
      name: 'receipts',
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        channel.once('close', () => this.replace(consumer, handlers));
        await this.setUp(channel, handlers);
      },
    });
    consumer.on('error', (error: Error) => this.logger.warn(`Receipts channel: ${error.message}`));
    this.consumer = consumer;
  }

  private replace(closed: ChannelWrapper, handlers: ReceiptHandlers): void {
    if (this.stopping || this.consumer !== closed) return;
    void closed.close().catch(() => undefined);
    this.consumer = undefined;
    this.reopenTimer = setTimeout(() => this.openConsumer(handlers), REOPEN_DELAY_MS);
  }

  /** Resolves once RabbitMQ has confirmed the receipt into `prontogram.receipts`. */
  async publish(job: ReceiptJob): Promise<void> {
    const outcome = await this.publisher.publish(
      RECEIPTS_EXCHANGE,
      RECEIPTS_ROUTING_KEY,
      Buffer.from(JSON.stringify(job.receipt)),
      {
        persistent: true,
        messageId: job.receipt.id,
        contentType: 'application/json',
        type: 'prontogram.receipt',
        headers: { [RECEIPT_JOB_HEADERS.senderKey]: job.senderKey },
      },
      this.confirmTimeoutMs,
    );
    if (outcome !== 'confirmed') {
      throw new BrokerUnavailableError(`receipt ${job.receipt.id} was ${outcome}`);
    }
  }

  private async setUp(channel: ConfirmChannel, handlers: ReceiptHandlers): Promise<void> {
    await channel.assertExchange(RECEIPTS_EXCHANGE, 'direct', { durable: true });
    await channel.assertQueue(RECEIPTS_QUEUE, { durable: true });
    await channel.bindQueue(RECEIPTS_QUEUE, RECEIPTS_EXCHANGE, RECEIPTS_ROUTING_KEY);
    for (const queue of [...new Set(this.retryDelaysMs)].map(retryQueue).concat(PARKED_QUEUE)) {
      await channel.assertQueue(queue.name, queue.options);
    }
    await channel.assertExchange(EXPIRED_EXCHANGE, 'fanout', { durable: true });
    await channel.assertQueue(EXPIRED_MESSAGES_QUEUE, { durable: true });
    await channel.bindQueue(EXPIRED_MESSAGES_QUEUE, EXPIRED_EXCHANGE, '');
    await channel.prefetch(this.concurrency);
    // `null`: RabbitMQ cancelled the consumer (its queue was deleted). Closing the channel
    // has it replaced, and the queue declared again.
    const cancelled = () => void channel.close().catch(() => undefined);
    await channel.consume(RECEIPTS_QUEUE, (raw) => {
      if (!raw) return cancelled();
      void this.settle(channel, raw, () => this.onReceipt(channel, raw, handlers));
    });
    await channel.consume(EXPIRED_MESSAGES_QUEUE, (raw) => {
      if (!raw) return cancelled();
      void this.settle(channel, raw, () => this.onExpired(raw, handlers));
    });
  }

  /**
   * Acks `raw` once `work` is done; returns it to its queue when `work` fails (RabbitMQ away,
   * say). On a channel that has closed meanwhile nothing can be settled: RabbitMQ has already
   * put the message back, and it comes again.
   */
  private async settle(
    channel: ConfirmChannel,
    raw: ConsumeMessage,
    work: () => Promise<void>,
  ): Promise<void> {
    try {
      await work();
      channel.ack(raw);
    } catch (error) {
      this.logger.warn(`Will try ${raw.properties.messageId} again: ${(error as Error).message}`);
      try {
        channel.nack(raw, false, true);
      } catch {
        // The channel is gone, and with it this delivery: the message is back in its queue.
      }
    }
  }

  private async onReceipt(
    channel: ConfirmChannel,
    raw: ConsumeMessage,
    handlers: ReceiptHandlers,
  ): Promise<void> {
    const job = readJob(raw);
    if (!job) {
      this.logger.error(`Dropped a malformed receipt from ${RECEIPTS_QUEUE}`);
      return;
    }
    const headers = raw.properties.headers ?? {};
    const attempt = Number(headers[RECEIPT_JOB_HEADERS.attempts] ?? 0) + 1;
    const firstTriedAt = Number(headers[RECEIPT_JOB_HEADERS.firstTriedAt] ?? Date.now());
    const result = await handlers.deliver(job, attempt);
    if (result.delivered) return;

    const delayMs = this.retryDelaysMs[Math.min(attempt, this.retryDelaysMs.length) - 1];
    const giveUp = Date.now() + delayMs - firstTriedAt > this.retryForMs;
    const next = giveUp ? PARKED_QUEUE : retryQueue(delayMs);
    await this.moveTo(channel, next, raw, {
      [RECEIPT_JOB_HEADERS.senderKey]: job.senderKey,
      [RECEIPT_JOB_HEADERS.attempts]: attempt,
      [RECEIPT_JOB_HEADERS.firstTriedAt]: firstTriedAt,
      [RECEIPT_JOB_HEADERS.problem]: result.problem,
    });
    if (giveUp) handlers.parked(job, result.problem);
  }

  /**
   * Publishes a copy of `raw` to `queue` (through the default exchange) with our `headers`
   * only, RabbitMQ's `x-death` left behind, and resolves once RabbitMQ confirmed it there.
   * A queue deleted behind our back returns the copy (it is `mandatory`): it is declared
   * again, and `raw` goes back to its queue to be tried again.
   */
  private async moveTo(
    channel: ConfirmChannel,
    queue: ReceiptHoldingQueue,
    raw: ConsumeMessage,
    headers: Record<string, unknown>,
  ): Promise<void> {
    const id = raw.properties.messageId as string;
    const outcome = await this.publisher.publish(
      '',
      queue.name,
      raw.content,
      {
        persistent: true,
        messageId: id,
        contentType: raw.properties.contentType as string,
        type: raw.properties.type as string,
        headers,
      },
      this.confirmTimeoutMs,
    );
    if (outcome === 'confirmed') return;
    if (outcome === 'returned') await channel.assertQueue(queue.name, queue.options);
    throw new BrokerUnavailableError(`receipt ${id} was ${outcome} by ${queue.name}`);
  }

  private async onExpired(raw: ConsumeMessage, handlers: ReceiptHandlers): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.content.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const message = readInboxMessage(parsed);
    if (!message) {
      this.logger.error(`Dropped a malformed message from ${EXPIRED_MESSAGES_QUEUE}`);
      return;
    }
    const headers = raw.properties.headers ?? {};
    await handlers.expired({
      message,
      origin: readOrigin(headers),
      requestId: stringOrUndefined(headers[REQUEST_ID_HEADER]),
    });
  }
}

function readJob(raw: ConsumeMessage): ReceiptJob | undefined {
  const senderKey = stringOrUndefined(raw.properties.headers?.[RECEIPT_JOB_HEADERS.senderKey]);
  try {
    const receipt = JSON.parse(raw.content.toString('utf8')) as Receipt;
    return senderKey && typeof receipt?.id === 'string' ? { receipt, senderKey } : undefined;
  } catch {
    return undefined;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
