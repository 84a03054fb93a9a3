import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { InboxMessage } from '@prontogram/contracts';
import type { Environment } from '../config/environment';
import { BrokerUnavailableError } from './broker-unavailable.error';
import { InboxQueues } from './inbox-queues.service';
import { INBOX_EXCHANGE } from './inbox-topology';

/**
 * Puts messages into their receivers' durable queues and answers only once RabbitMQ has
 * confirmed them. Messages are published `mandatory`, so a queue that disappeared
 * behind our back (deleted by hand, a new broker) is noticed, declared again and the
 * message published again instead of being confirmed into nowhere.
 */
@Injectable()
export class InboxPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(InboxPublisher.name);
  private channel!: ChannelWrapper;
  /** Ids of messages RabbitMQ returned as unroutable, until their confirm arrives. */
  private readonly returned = new Set<string>();
  private readonly confirmTimeoutMs: number;

  constructor(
    private readonly amqp: AmqpConnection,
    private readonly queues: InboxQueues,
    config: ConfigService<Environment, true>,
  ) {
    this.confirmTimeoutMs = config.get('PUBLISH_CONFIRM_TIMEOUT_MS', { infer: true });
  }

  onModuleInit(): void {
    this.channel = this.amqp.managedConnection.createChannel({
      name: 'inbox-publisher',
      confirm: true,
      setup: (channel: ConfirmChannel) => {
        channel.on('return', (message: ConsumeMessage) => {
          const id = message.properties.messageId as string | undefined;
          if (id) this.returned.add(id);
        });
      },
    });
    this.channel.on('error', (error: Error) =>
      this.logger.error(`Publisher channel failed: ${error.message}`),
    );
  }

  /** After the HTTP server has closed, so that no request is left waiting for a confirm. */
  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }

  /** Resolves once RabbitMQ has confirmed `message` into its receiver's durable queue. */
  async publish(message: InboxMessage, ttlMs: number): Promise<void> {
    if (!this.amqp.managedConnection.isConnected()) {
      throw new BrokerUnavailableError('not connected');
    }
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
    try {
      await this.channel.publish(
        INBOX_EXCHANGE,
        message.receiver,
        Buffer.from(JSON.stringify(message)),
        {
          persistent: true,
          mandatory: true,
          messageId: message.id,
          contentType: 'application/json',
          contentEncoding: 'utf-8',
          type: 'prontogram.message',
          timestamp: Math.floor(Date.parse(message.sentAt) / 1000),
          expiration: String(ttlMs),
          timeout: this.confirmTimeoutMs,
        },
      );
    } catch (error) {
      this.returned.delete(message.id);
      throw new BrokerUnavailableError(`no confirm for message ${message.id}`, { cause: error });
    }
    // RabbitMQ sends basic.return before the basic.ack of the same message.
    return !this.returned.delete(message.id);
  }
}
