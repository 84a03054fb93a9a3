import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment';
import { ConsumerLane } from './consumer-lane';
import { DeliveryHandler, InboxConsumer } from './inbox-consumer';
import { InboxQueues } from './inbox-queues.service';

/**
 * Starts and stops per-user consumers. A consumer acks nothing by itself: each delivery is
 * settled by whoever was handed it, or returns to the queue when its channel closes.
 * Consumers live on a few shared channels ("lanes") of golevelup's managed connection and
 * are started again there after every reconnect, for the users still here and no others.
 */
@Injectable()
export class InboxConsumers implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(InboxConsumers.name);
  private readonly lanes: ConsumerLane[] = [];
  private lanesOpened = 0;
  private readonly laneOf = new Map<InboxConsumer, ConsumerLane>();
  private readonly prefetch: number;
  private readonly consumersPerChannel: number;

  constructor(
    private readonly amqp: AmqpConnection,
    private readonly queues: InboxQueues,
    config: ConfigService<Environment, true>,
  ) {
    this.prefetch = config.get('INBOX_PREFETCH', { infer: true });
    this.consumersPerChannel = config.get('INBOX_CONSUMERS_PER_CHANNEL', { infer: true });
  }

  onModuleInit(): void {
    this.amqp.managedConnection.on('connect', () => {
      for (const lane of this.lanes) lane.open();
    });
  }

  /**
   * Runs after the HTTP and Socket.IO servers have closed (the inbox has cancelled its
   * consumers by then); closing the channels returns anything still unacked to its queue.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.close()));
  }

  /** How many per-user consumers this instance holds. */
  get count(): number {
    return this.laneOf.size;
  }

  /** Starts consuming the user's queue; `onDelivery` is handed each message until cancelled. */
  subscribe(username: string, onDelivery: DeliveryHandler): InboxConsumer {
    const lane = this.laneWithRoom();
    const consumer = new InboxConsumer(username, onDelivery, lane, this.queues, this.logger);
    this.place(consumer, lane);
    return consumer;
  }

  /** Stops the consumer; what it delivered stays with whoever holds it, to settle. */
  async unsubscribe(consumer: InboxConsumer): Promise<void> {
    const lane = this.laneOf.get(consumer);
    this.laneOf.delete(consumer);
    try {
      await consumer.cancel();
    } finally {
      lane?.remove(consumer);
      if (lane?.size === 0) await this.closeLane(lane);
    }
  }

  private place(consumer: InboxConsumer, lane: ConsumerLane): void {
    consumer.moveTo(lane);
    this.laneOf.set(consumer, lane);
    lane.add(consumer);
  }

  /** An older queue needs an exclusive consumer: it gets a channel of its own. */
  private relocate(consumer: InboxConsumer): void {
    const from = this.laneOf.get(consumer);
    if (!from || from.dedicated) return;
    from.remove(consumer);
    if (from.size === 0) void this.closeLane(from);
    this.place(consumer, this.openLane(true));
  }

  /** An empty lane closes, so that channels follow the readers here now, not the peak. */
  private async closeLane(lane: ConsumerLane): Promise<void> {
    const index = this.lanes.indexOf(lane);
    if (index === -1) return;
    this.lanes.splice(index, 1);
    await lane.close();
  }

  private laneWithRoom(): ConsumerLane {
    const lane = this.lanes.find(
      (candidate) => !candidate.dedicated && candidate.size < this.consumersPerChannel,
    );
    return lane ?? this.openLane(false);
  }

  private openLane(dedicated: boolean): ConsumerLane {
    const lane = new ConsumerLane(
      `inbox-consumers-${++this.lanesOpened}`,
      this.amqp.managedConnection,
      this.prefetch,
      this.logger,
      dedicated,
      (consumer) => this.relocate(consumer),
    );
    this.lanes.push(lane);
    return lane;
  }
}
