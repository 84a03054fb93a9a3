import { Logger } from '@nestjs/common';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { Channel } from 'amqplib';
import type { InboxSubscription, SubscriptionHost } from './inbox-subscription';

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 10_000;

/**
 * One AMQP channel shared by the consumers of many users. Channels are few (RabbitMQ allows
 * about 2,047 per connection) and users many, so users share lanes; each consumer has its
 * own prefetch. When the channel closes, every delivery on it is void and the lane opens a
 * new one, when the connection is there, and starts its consumers again.
 */
export class ConsumerLane implements SubscriptionHost {
  channel: Channel | undefined;
  private readonly subscriptions = new Set<InboxSubscription>();
  private opening: Promise<void> | undefined;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private retryDelayMs = RETRY_MIN_MS;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly manager: AmqpConnectionManager,
    private readonly prefetch: number,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.subscriptions.size;
  }

  add(subscription: InboxSubscription): void {
    this.subscriptions.add(subscription);
    if (this.channel) this.startOne(subscription, this.channel);
    else this.open();
  }

  remove(subscription: InboxSubscription): void {
    this.subscriptions.delete(subscription);
  }

  restart(subscription: InboxSubscription): void {
    this.scheduleRetry(() => {
      if (this.channel && this.subscriptions.has(subscription)) {
        this.startOne(subscription, this.channel);
      }
    });
  }

  /** Opens a channel, if the connection is up and none is open or opening. */
  open(): void {
    if (this.closed || this.channel || this.opening || this.subscriptions.size === 0) return;
    this.opening = this.openChannel().finally(() => (this.opening = undefined));
  }

  /** Closes the channel: RabbitMQ returns every unacked delivery on it to its queue. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    const channel = this.channel;
    this.channel = undefined;
    for (const subscription of this.subscriptions) subscription.channelClosed();
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
    this.retryDelayMs = RETRY_MIN_MS;
    for (const subscription of this.subscriptions) this.startOne(subscription, channel);
  }

  private startOne(subscription: InboxSubscription, channel: Channel): void {
    subscription.start(channel).catch((error: unknown) => {
      this.logger.warn(`Could not consume ${subscription.queue}: ${String(error)}`);
      // A refused consume closes the channel, and reopening starts everyone; otherwise retry it.
      this.restart(subscription);
    });
  }

  private channelClosed(channel: Channel): void {
    if (this.channel !== channel) return;
    this.channel = undefined;
    for (const subscription of this.subscriptions) subscription.channelClosed();
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
