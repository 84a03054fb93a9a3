import type { Channel, ConsumeMessage } from 'amqplib';
import { REQUEST_ID_HEADER } from '../logging/request-id';
import { MessageOrigin, readOrigin } from './message-origin';

/** Where a delivery came from: its channel, while that channel is the current one. */
export interface DeliverySource {
  readonly channel: Channel | undefined;
}

/**
 * The way to settle one message RabbitMQ delivered and holds unacked, exactly once. A
 * delivery tag means something only on the channel that delivered it: once that channel is
 * gone (broker restart, reconnect), settling is a no-op and the message comes again with its
 * id on a new channel.
 */
export class InboxDelivery {
  private settled = false;

  constructor(
    private readonly raw: ConsumeMessage,
    private readonly channel: Channel,
    private readonly source: DeliverySource,
  ) {}

  /** The id of the request that sent the message, for the logs. */
  get requestId(): string | undefined {
    const id = this.raw.properties.headers?.[REQUEST_ID_HEADER];
    return typeof id === 'string' ? id : undefined;
  }

  /** Who sent it: whether it gets receipts, and which key's webhook. */
  get origin(): MessageOrigin {
    return readOrigin(this.raw.properties.headers);
  }

  /** Whether RabbitMQ delivered it before (to anyone) without an ack. */
  get redelivered(): boolean {
    return this.raw.fields.redelivered;
  }

  /** Whether settling it still means something. */
  get live(): boolean {
    return !this.settled && this.source.channel === this.channel;
  }

  /** Deletes the message from its queue. */
  ack(): boolean {
    return this.settle((channel) => channel.ack(this.raw));
  }

  /** Returns the message to its queue, at its place, for a later delivery. */
  requeue(): boolean {
    return this.settle((channel) => channel.nack(this.raw, false, true));
  }

  /** Removes the message from its queue through the dead-letter exchange. */
  deadLetter(): boolean {
    return this.settle((channel) => channel.nack(this.raw, false, false));
  }

  private settle(operation: (channel: Channel) => void): boolean {
    const live = this.live;
    this.settled = true;
    if (!live) return false;
    try {
      operation(this.channel);
      return true;
    } catch {
      // The channel closed under us: the broker requeues the message itself.
      return false;
    }
  }
}
