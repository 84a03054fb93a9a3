import type { Logger } from '@nestjs/common';
import type { InboxMessage } from '@prontogram/contracts';
import type { Channel, ConsumeMessage } from 'amqplib';
import { DeliverySource, InboxDelivery } from './inbox-delivery';
import { parseInboxMessage } from './inbox-message.parser';
import type { InboxQueues } from './inbox-queues.service';
import { inboxQueueName } from './inbox-topology';

/** The AMQP reply code of a consume on a queue that does not exist. */
const NOT_FOUND = 404;

/** What the inbox is handed: a message to show, and the one way to settle it. */
export type DeliveryHandler = (message: InboxMessage, delivery: InboxDelivery) => void;

/** The lane a consumer runs on. */
export interface ConsumerHost extends DeliverySource {
  /** Whether this lane's channel carries this consumer alone. */
  readonly dedicated: boolean;
  /** Start the consumer again soon, on the current channel. */
  restart(consumer: InboxConsumer): void;
  /** The queue needs an exclusive consumer, which must not share a channel: move it. */
  relocate(consumer: InboxConsumer): void;
}

/**
 * One user's consumer on their queue, alive while they have a page on this instance. It
 * survives channel and connection losses (its lane starts it again on the new channel) until
 * it is cancelled. It keeps no record of what it delivered: whoever is handed a delivery
 * settles it, and a delivery on a channel that is gone settles nothing.
 */
export class InboxConsumer {
  readonly queue: string;
  private channel?: Channel;
  private consumerTag?: string;
  private starting: Promise<void> | undefined;
  private cancelled = false;

  constructor(
    readonly username: string,
    private readonly onDelivery: DeliveryHandler,
    private host: ConsumerHost,
    private readonly queues: InboxQueues,
    private readonly logger: Logger,
  ) {
    this.queue = inboxQueueName(username);
  }

  /** Moves it to another lane; only while it does not consume. */
  moveTo(host: ConsumerHost): void {
    this.host = host;
  }

  /** Consumes on `channel`, declaring the queue first when this process has not yet. */
  start(channel: Channel): Promise<void> {
    // One start at a time: two overlapping ones would leave a second, orphaned consumer.
    this.starting ??= this.consume(channel).finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async consume(channel: Channel): Promise<void> {
    if (this.cancelled || this.consumerTag) return;
    const { singleActiveConsumer } = await this.queues.ensure(this.username, {
      retryUpgrade: true,
    });
    if (this.cancelled || this.host.channel !== channel) return;
    if (!singleActiveConsumer && !this.host.dedicated) {
      this.host.relocate(this);
      return;
    }
    try {
      // An older queue without single active consumer: an exclusive consumer keeps other
      // instances off it (theirs are refused, and retried until this one goes).
      const { consumerTag } = await channel.consume(
        this.queue,
        (raw) => this.receive(channel, raw),
        { exclusive: !singleActiveConsumer },
      );
      this.channel = channel;
      this.consumerTag = consumerTag;
    } catch (error) {
      // The queue vanished behind our back: declare it again on the next start.
      if ((error as { code?: number }).code === NOT_FOUND) this.queues.forget(this.username);
      throw error;
    }
    if (this.cancelled) await this.stopConsuming();
  }

  /** The channel this consumer was on is gone, and its deliveries with it. */
  channelClosed(): void {
    this.channel = undefined;
    this.consumerTag = undefined;
  }

  /** Stops consuming. What was delivered stays with whoever holds it, to settle. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.starting?.catch(() => undefined);
    await this.stopConsuming();
  }

  private receive(channel: Channel, raw: ConsumeMessage | null): void {
    if (raw === null) {
      // RabbitMQ cancelled the consumer: the queue was deleted. The channel lives on, and
      // so do the delivery tags on it: they stay unsettled until settled or cancelled.
      this.consumerTag = undefined;
      this.queues.forget(this.username);
      this.host.restart(this);
      return;
    }
    const delivery = new InboxDelivery(raw, channel, this.host);
    if (this.cancelled) {
      delivery.requeue(); // Arrived while cancelling: nobody here will show it.
      return;
    }
    const message = parseInboxMessage(raw.content, this.username);
    if (!message) {
      this.logger.error(`Dead-lettering an unreadable message in ${this.queue}`);
      delivery.deadLetter();
      return;
    }
    this.onDelivery(message, delivery);
  }

  private async stopConsuming(): Promise<void> {
    const { channel, consumerTag } = this;
    this.consumerTag = undefined;
    if (channel && consumerTag && this.host.channel === channel) {
      await channel.cancel(consumerTag).catch(() => undefined);
    }
  }
}
