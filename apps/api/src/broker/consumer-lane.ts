import { Logger } from '@nestjs/common';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { Channel } from 'amqplib';
import type { ConsumerHost, InboxConsumer } from './inbox-consumer';

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 10_000;

/*
 * Why consumers are started by hand here rather than with amqp-connection-manager's
 * `ChannelWrapper.consume`/`cancel`: a wrapper re-creates its consumers on a new channel
 * after a reconnect without telling whoever holds a delivery from the old one, and an ack
 * with an old delivery tag on the new channel is a channel error that voids every other
 * user's deliveries there. A lane knows its current channel, so a delivery from a channel
 * that is gone settles nothing (`InboxDelivery.live`), and it starts only the consumers of
 * users still here, each with its own prefetch, many to a channel.
 */

/**
 * One AMQP channel shared by the consumers of many users. Channels are few (RabbitMQ allows
 * about 2,047 per connection) and users many, so users share lanes; each consumer has its
 * own prefetch. When the channel closes, every delivery on it is void and the lane opens a
 * new one, when the connection is there, and starts its consumers again.
 */
export class ConsumerLane implements ConsumerHost {
  channel: Channel | undefined;
  private readonly consumers = new Set<InboxConsumer>();
  private opening: Promise<void> | undefined;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private retryDelayMs = RETRY_MIN_MS;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly manager: AmqpConnectionManager,
    private readonly prefetch: number,
    private readonly logger: Logger,
    /** A dedicated lane carries one consumer alone: an exclusive one, which may be refused. */
    readonly dedicated: boolean,
    private readonly onRelocate: (consumer: InboxConsumer) => void,
  ) {}

  get size(): number {
    return this.consumers.size;
  }

  add(consumer: InboxConsumer): void {
    this.consumers.add(consumer);
    if (this.channel) this.startOne(consumer, this.channel);
    else this.open();
  }

  remove(consumer: InboxConsumer): void {
    this.consumers.delete(consumer);
  }

  relocate(consumer: InboxConsumer): void {
    this.onRelocate(consumer);
  }

  restart(consumer: InboxConsumer): void {
    this.scheduleRetry(() => {
      if (this.channel && this.consumers.has(consumer)) {
        this.startOne(consumer, this.channel);
      }
    });
  }

  /** Opens a channel, if the connection is up and none is open or opening. */
  open(): void {
    if (this.closed || this.channel || this.opening || this.consumers.size === 0) return;
    this.opening = this.openChannel().finally(() => (this.opening = undefined));
  }

  /** Closes the channel: RabbitMQ returns every unacked delivery on it to its queue. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    const channel = this.channel;
    this.channel = undefined;
    for (const consumer of this.consumers) consumer.channelClosed();
    await channel?.close().catch(() => undefined);
  }

  private async openChannel(): Promise<void> {
    const connection = this.manager.connection;
    if (!connection) return; // The manager's next 'connect' opens it.
    let channel: Channel;
    // It may close before it is ours (while prefetch is under way): then it must not be kept.
    let closedEarly = false;
    try {
      channel = await connection.createChannel();
      channel.on('error', (error: Error) =>
        this.logger.warn(`Consumer channel ${this.name} failed: ${error.message}`),
      );
      channel.on('close', () => {
        closedEarly = true;
        this.channelClosed(channel);
      });
      await channel.prefetch(this.prefetch, false);
    } catch (error) {
      this.logger.warn(`Could not open consumer channel ${this.name}: ${String(error)}`);
      this.scheduleRetry(() => this.open());
      return;
    }
    if (this.closed || closedEarly) {
      await channel.close().catch(() => undefined);
      if (closedEarly) this.scheduleRetry(() => this.open());
      return;
    }
    this.channel = channel;
    // An exclusive consumer refused (another instance holds the queue) closes the channel
    // right after it opened: a dedicated lane keeps backing off instead of hammering.
    if (!this.dedicated) this.retryDelayMs = RETRY_MIN_MS;
    for (const consumer of this.consumers) this.startOne(consumer, channel);
  }

  private startOne(consumer: InboxConsumer, channel: Channel): void {
    consumer.start(channel).catch((error: unknown) => {
      this.logger.warn(`Could not consume ${consumer.queue}: ${String(error)}`);
      // A refused consume closes the channel, and reopening starts everyone; otherwise retry it.
      this.restart(consumer);
    });
  }

  private channelClosed(channel: Channel): void {
    if (this.channel !== channel) return;
    this.channel = undefined;
    for (const consumer of this.consumers) consumer.channelClosed();
    // After a channel error, reopen soon. After a lost connection this retry finds no
    // connection and gives up; the manager's next 'connect' reopens the lane.
    if (!this.closed) this.scheduleRetry(() => this.open());
  }

  private scheduleRetry(action: () => void): void {
    if (this.closed) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, RETRY_MAX_MS);
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      action();
    }, delay);
    timer.unref();
    this.retryTimers.add(timer);
  }
}
