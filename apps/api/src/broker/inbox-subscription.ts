import type { Channel, ConsumeMessage } from 'amqplib';
import { InboxDelivery, DeliverySource } from './inbox-delivery';
import type { InboxQueues } from './inbox-queues.service';
import { inboxQueueName } from './inbox-topology';

/** The AMQP reply code of a consume on a queue that does not exist. */
const NOT_FOUND = 404;

export type DeliveryHandler = (delivery: InboxDelivery) => void;

/** The lane a subscription consumes on. */
export interface SubscriptionHost extends DeliverySource {
  /** Start the subscription again soon, on the current channel. */
  restart(subscription: InboxSubscription): void;
}

/**
 * One user's consumer on their queue, alive while they have a session here. It survives
 * channel and connection losses (its lane starts it again on the new channel) until it is
 * cancelled; cancelling returns every unsettled delivery to the queue, in order.
 */
export class InboxSubscription {
  readonly queue: string;
  private channel?: Channel;
  private consumerTag?: string;
  private readonly unsettled = new Set<InboxDelivery>();
  private starting: Promise<void> | undefined;
  private cancelled = false;

  constructor(
    readonly username: string,
    private readonly onDelivery: DeliveryHandler,
    private readonly source: SubscriptionHost,
    private readonly queues: InboxQueues,
  ) {
    this.queue = inboxQueueName(username);
  }

  /** Consumes on `channel`, declaring the queue first when this process has not yet. */
  start(channel: Channel): Promise<void> {
    // One start at a time: two overlapping ones would leave a second, orphaned consumer.
    this.starting ??= this.consume(channel).finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async consume(channel: Channel): Promise<void> {
    if (this.cancelled || this.consumerTag) return;
    await this.queues.ensure(this.username);
    if (this.cancelled || this.source.channel !== channel) return;
    try {
      const { consumerTag } = await channel.consume(this.queue, (raw) =>
        this.receive(channel, raw),
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

  /** The channel this consumer was on is gone: its deliveries are void. */
  channelClosed(): void {
    this.channel = undefined;
    this.consumerTag = undefined;
    this.unsettled.clear();
  }

  /** Stops consuming, then returns every unsettled delivery to the queue. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.starting?.catch(() => undefined);
    await this.stopConsuming();
    for (const delivery of [...this.unsettled]) delivery.requeue();
  }

  private receive(channel: Channel, raw: ConsumeMessage | null): void {
    if (raw === null) {
      // RabbitMQ cancelled the consumer: the queue was deleted. The channel lives on, and
      // so do the delivery tags on it: they stay unsettled until settled or cancelled.
      this.consumerTag = undefined;
      this.queues.forget(this.username);
      this.source.restart(this);
      return;
    }
    const delivery = new InboxDelivery(raw, channel, this.source, (settled) =>
      this.unsettled.delete(settled),
    );
    if (this.cancelled) {
      delivery.requeue();
      return;
    }
    this.unsettled.add(delivery);
    this.onDelivery(delivery);
  }

  private async stopConsuming(): Promise<void> {
    const { channel, consumerTag } = this;
    this.consumerTag = undefined;
    if (channel && consumerTag && this.source.channel === channel) {
      await channel.cancel(consumerTag).catch(() => undefined);
    }
  }
}
