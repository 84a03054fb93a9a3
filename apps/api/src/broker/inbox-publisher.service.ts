import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { InboxMessage } from '@prontogram/contracts';
import type { Environment } from '../config/environment';
import { BrokerFlow } from './broker-flow.service';
import { REQUEST_ID_HEADER } from '../logging/request-id';
import { Metrics } from '../metrics/metrics';
import { BrokerUnavailableError } from './broker-unavailable.error';
import { InboxFullError } from './inbox-full.error';
import { InboxQueues } from './inbox-queues.service';
import { INBOX_EXCHANGE, inboxQueueName } from './inbox-topology';
import { MessageOrigin, originHeaders } from './message-origin';
import { PublishChannel, PublishOutcome } from './publish-channel';

/** Where a message came from, carried in its headers. */
export interface PublishContext extends MessageOrigin {
  /** The id of the request that sent it, for the logs. */
  requestId?: string;
}

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
  private readonly maxMessages: number;

  constructor(
    private readonly amqp: AmqpConnection,
    private readonly flow: BrokerFlow,
    private readonly queues: InboxQueues,
    private readonly metrics: Metrics,
    config: ConfigService<Environment, true>,
  ) {
    this.confirmTimeoutMs = config.get('PUBLISH_CONFIRM_TIMEOUT_MS', { infer: true });
    this.maxMessages = config.get('INBOX_MAX_MESSAGES', { infer: true });
  }

  onModuleInit(): void {
    this.channel = new PublishChannel(this.amqp.managedConnection, this.logger);
  }

  /** After the HTTP server has closed, so that no request is left waiting for a confirm. */
  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }

  /**
   * Resolves once RabbitMQ has confirmed `message` into its receiver's durable queue. Rejects
   * with `InboxFullError` when the queue holds all it may, `BrokerUnavailableError` when
   * RabbitMQ could not take it.
   */
  async publish(message: InboxMessage, ttlMs: number, context: PublishContext = {}): Promise<void> {
    const { requestId } = context;
    const refusal = this.flow.refusal;
    if (refusal) throw new BrokerUnavailableError(refusal);
    await this.queues.ensure(message.receiver);
    let outcome = await this.publishOnce(message, ttlMs, context);
    if (outcome === 'returned') {
      // Unroutable: the queue we remembered is gone. Declare it and try once more.
      this.logger.warn({
        msg: `${inboxQueueName(message.receiver)} was missing; declaring it again`,
        reqId: requestId,
      });
      this.queues.forget(message.receiver);
      await this.queues.ensure(message.receiver);
      outcome = await this.publishOnce(message, ttlMs, context);
    }
    if (outcome === 'confirmed') return;
    if (outcome === 'nacked') await this.explainNack(message);
    throw new BrokerUnavailableError(`message ${message.id} could not be routed`);
  }

  /** A full queue nacks what it cannot take; any other nack is RabbitMQ's own trouble. */
  private async explainNack(message: InboxMessage): Promise<never> {
    const depth = await this.queues.depth(message.receiver).catch(() => undefined);
    if (depth !== undefined && depth >= this.maxMessages) {
      throw new InboxFullError(message.receiver, this.maxMessages);
    }
    throw new BrokerUnavailableError(`RabbitMQ refused (nacked) message ${message.id}`);
  }

  private async publishOnce(
    message: InboxMessage,
    ttlMs: number,
    { requestId, ...origin }: PublishContext,
  ): Promise<PublishOutcome> {
    const headers = {
      ...(requestId === undefined ? {} : { [REQUEST_ID_HEADER]: requestId }),
      ...originHeaders(origin),
    };
    const timer = this.metrics.publishSeconds.startTimer();
    let outcome: PublishOutcome | 'failed' = 'failed';
    try {
      outcome = await this.channel.publish(
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
          headers,
        },
        this.confirmTimeoutMs,
      );
      return outcome;
    } finally {
      timer({ outcome });
    }
  }
}
