import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { InboxMessage } from '@prontogram/contracts';
import type { Environment } from '../config/environment';
import { BrokerFlow } from './broker-flow.service';
import { BrokerUnavailableError } from './broker-unavailable.error';
import { InboxQueues } from './inbox-queues.service';
import { INBOX_EXCHANGE } from './inbox-topology';
import { PublishChannel } from './publish-channel';

/**
 * Puts messages into their receivers' durable queues and answers only once RabbitMQ has
 * confirmed them. Messages are published `mandatory`, so a queue that disappeared
 * behind our back (deleted by hand, a new broker) is noticed, declared again and the
 * message published again instead of being confirmed into nowhere.
 */
@Injectable()
export class InboxPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(InboxPublisher.name);
  private channel!: PublishChannel;
  private readonly confirmTimeoutMs: number;

  constructor(
    private readonly amqp: AmqpConnection,
    private readonly flow: BrokerFlow,
    private readonly queues: InboxQueues,
    config: ConfigService<Environment, true>,
  ) {
    this.confirmTimeoutMs = config.get('PUBLISH_CONFIRM_TIMEOUT_MS', { infer: true });
  }

  onModuleInit(): void {
    this.channel = new PublishChannel(this.amqp.managedConnection, this.logger);
  }

  /** After the HTTP server has closed, so that no request is left waiting for a confirm. */
  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }

  /** Resolves once RabbitMQ has confirmed `message` into its receiver's durable queue. */
  async publish(message: InboxMessage, ttlMs: number): Promise<void> {
    const refusal = this.flow.refusal;
    if (refusal) throw new BrokerUnavailableError(refusal);
    await this.queues.ensure(message.receiver);
    if (await this.publishOnce(message, ttlMs)) return;

    // Returned as unroutable: the queue we remembered is gone. Declare it and try once more.
    this.logger.warn(`Queue of ${message.receiver} was missing; declaring it again`);
    this.queues.forget(message.receiver);
    await this.queues.ensure(message.receiver);
    if (!(await this.publishOnce(message, ttlMs))) {
      throw new BrokerUnavailableError(`message ${message.id} could not be routed`);
    }
  }

  /** Publishes and waits for the confirm; false when RabbitMQ returned it as unroutable. */
  private async publishOnce(message: InboxMessage, ttlMs: number): Promise<boolean> {
    const outcome = await this.channel.publish(
      INBOX_EXCHANGE,
      message.receiver,
      Buffer.from(JSON.stringify(message)),
      {
        persistent: true,
        messageId: message.id,
        contentType: 'application/json',
        contentEncoding: 'utf-8',
        type: 'prontogram.message',
        timestamp: Math.floor(Date.parse(message.sentAt) / 1000),
        expiration: String(ttlMs),
      },
      this.confirmTimeoutMs,
    );
    return outcome === 'confirmed';
  }
}
