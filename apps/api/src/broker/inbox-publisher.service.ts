import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { InboxMessage } from '@prontogram/contracts';
import type { Environment } from '../config/environment';
import { BrokerUnavailableError } from './broker-unavailable.error';
import {
  INBOX_EXCHANGE,
  INBOX_LEASE_RENEWAL_MS,
  inboxQueueArguments,
  inboxQueueName,
} from './inbox-topology';

/** The AMQP reply code RabbitMQ uses when a redeclaration's arguments differ. */
const PRECONDITION_FAILED = 406;

/**
 * Puts messages into their receivers' durable queues and answers only once RabbitMQ has
 * confirmed them. Each receiver's queue is declared and bound before the first publish to
 * it and then remembered; messages are published `mandatory`, so a queue that disappeared
 * behind our back (deleted by hand, a new broker) is noticed, declared again and the
 * message published again instead of being confirmed into nowhere.
 */
@Injectable()
export class InboxPublisher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(InboxPublisher.name);
  private channel!: ChannelWrapper;
  /** When each receiver's queue was last declared by this process. */
  private readonly declaredAt = new Map<string, number>();
  private readonly declaring = new Map<string, Promise<void>>();
  /** Ids of messages RabbitMQ returned as unroutable, until their confirm arrives. */
  private readonly returned = new Set<string>();
  private readonly confirmTimeoutMs: number;
  private readonly queueArguments: Record<string, unknown>;

  constructor(
    private readonly amqp: AmqpConnection,
    config: ConfigService<Environment, true>,
  ) {
    this.confirmTimeoutMs = config.get('PUBLISH_CONFIRM_TIMEOUT_MS', { infer: true });
    this.queueArguments = inboxQueueArguments(
      config.get('MESSAGE_TTL_MAX_SECONDS', { infer: true }),
    );
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

  async onModuleDestroy(): Promise<void> {
    await this.channel.close();
  }

  /** Resolves once RabbitMQ has confirmed `message` into its receiver's durable queue. */
  async publish(message: InboxMessage, ttlMs: number): Promise<void> {
    if (!this.amqp.managedConnection.isConnected()) {
      throw new BrokerUnavailableError('not connected');
    }
    await this.ensureInbox(message.receiver);
    if (await this.publishOnce(message, ttlMs)) return;

    // Returned as unroutable: the queue we remembered is gone. Declare it and try once more.
    this.logger.warn(`Queue of ${message.receiver} was missing; declaring it again`);
    this.declaredAt.delete(message.receiver);
    await this.ensureInbox(message.receiver);
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

  private async ensureInbox(receiver: string): Promise<void> {
    const declaredAt = this.declaredAt.get(receiver);
    if (declaredAt !== undefined && Date.now() - declaredAt < INBOX_LEASE_RENEWAL_MS) return;

    let declaring = this.declaring.get(receiver);
    if (!declaring) {
      declaring = this.declareInbox(receiver).finally(() => this.declaring.delete(receiver));
      this.declaring.set(receiver, declaring);
    }
    await declaring;
  }

  /**
   * Declares on a short-lived channel of its own: a declaration RabbitMQ refuses closes the
   * channel it was made on, and that must not be the channel every publish shares.
   */
  private async declareInbox(receiver: string): Promise<void> {
    const queue = inboxQueueName(receiver);
    try {
      await this.withChannel(async (channel) => {
        await channel.assertQueue(queue, { durable: true, arguments: this.queueArguments });
        await channel.bindQueue(queue, INBOX_EXCHANGE, receiver);
      });
    } catch (error) {
      if ((error as { code?: number }).code !== PRECONDITION_FAILED) {
        throw new BrokerUnavailableError(`could not declare ${queue}`, { cause: error });
      }
      // The queue exists with other arguments (an older setting): use it as it is.
      this.logger.warn(`${queue} exists with other arguments than configured; using it as is`);
      await this.withChannel(async (channel) => {
        await channel.checkQueue(queue);
        await channel.bindQueue(queue, INBOX_EXCHANGE, receiver);
      }).catch((cause: unknown) => {
        throw new BrokerUnavailableError(`could not bind ${queue}`, { cause });
      });
    }
    this.declaredAt.set(receiver, Date.now());
  }

  private async withChannel(work: (channel: ConfirmChannel) => Promise<void>): Promise<void> {
    const connection = this.amqp.managedConnection.connection;
    if (!connection) throw new BrokerUnavailableError('not connected');
    const channel = await connection.createConfirmChannel();
    // A refused declaration closes the channel and also emits 'error'; the promise says it all.
    channel.on('error', () => undefined);
    try {
      await work(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }
}
