import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment';
import { ConsumerLane } from './consumer-lane';
import { InboxQueues } from './inbox-queues.service';
import { DeliveryHandler, InboxSubscription } from './inbox-subscription';

/**
 * Starts and stops per-user consumers. A consumer acks nothing by itself: each delivery is
 * settled by whoever displayed it, or returned to the queue. Consumers live on a few shared
 * channels ("lanes") of golevelup's managed connection and are started again there after
 * every reconnect, for the users still subscribed and no others.
 */
@Injectable()
export class InboxConsumers implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(InboxConsumers.name);
  private readonly lanes: ConsumerLane[] = [];
  private lanesOpened = 0;
  private readonly laneOf = new Map<InboxSubscription, ConsumerLane>();
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

  /** Starts consuming the user's queue; `onDelivery` sees each message until cancelled. */
  subscribe(username: string, onDelivery: DeliveryHandler): InboxSubscription {
    const lane = this.laneWithRoom();
    const subscription = new InboxSubscription(username, onDelivery, lane, this.queues);
    this.laneOf.set(subscription, lane);
    lane.add(subscription);
    return subscription;
  }

  /** Stops the consumer and returns its unsettled deliveries to the queue, in order. */
  async unsubscribe(subscription: InboxSubscription): Promise<void> {
    const lane = this.laneOf.get(subscription);
    this.laneOf.delete(subscription);
    try {
      await subscription.cancel();
    } finally {
      lane?.remove(subscription);
      if (lane?.size === 0) await this.closeLane(lane);
    }
  }

  /** An empty lane closes, so that channels follow the readers here now, not the peak. */
  private async closeLane(lane: ConsumerLane): Promise<void> {
    const index = this.lanes.indexOf(lane);
    if (index === -1) return;
    this.lanes.splice(index, 1);
    await lane.close();
  }

  private laneWithRoom(): ConsumerLane {
    const lane = this.lanes.find((candidate) => candidate.size < this.consumersPerChannel);
    if (lane) return lane;
    const created = new ConsumerLane(
      `inbox-consumers-${++this.lanesOpened}`,
      this.amqp.managedConnection,
      this.prefetch,
      this.logger,
    );
    this.lanes.push(created);
    return created;
  }
}
