import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Channel, ConfirmChannel } from 'amqplib';
import type { Environment } from '../config/environment';
import { BrokerUnavailableError } from './broker-unavailable.error';
import { ChannelOnDemand } from './channel-on-demand';
import {
  INBOX_EXCHANGE,
  INBOX_LEASE_RENEWAL_MS,
  inboxQueueArguments,
  inboxQueueName,
} from './inbox-topology';

/** The AMQP reply code RabbitMQ uses when a redeclaration's arguments differ. */
const PRECONDITION_FAILED = 406;
/** Past this many remembered declarations, forget those due for renewal anyway. */
const MAX_REMEMBERED = 10_000;

/**
 * Declares each user's durable queue, bound to the inbox exchange, before anything is
 * published to it or consumed from it; remembers what it declared so that no request pays
 * for a declaration twice, and declares again hourly to renew the queue's idle lease.
 */
@Injectable()
export class InboxQueues implements OnModuleInit {
  private readonly logger = new Logger(InboxQueues.name);
  /** When each user's queue was last declared by this process. */
  private readonly declaredAt = new Map<string, number>();
  private readonly declaring = new Map<string, Promise<void>>();
  private readonly queueArguments: Record<string, unknown>;
  /** Declarations share one channel; a refused one closes it, and the next call reopens it. */
  private declarations!: ChannelOnDemand<Channel>;

  constructor(
    private readonly amqp: AmqpConnection,
    config: ConfigService<Environment, true>,
  ) {
    this.queueArguments = inboxQueueArguments(
      config.get('MESSAGE_TTL_MAX_SECONDS', { infer: true }),
    );
  }

  onModuleInit(): void {
    this.declarations = new ChannelOnDemand(
      this.amqp.managedConnection,
      (connection) => connection.createChannel(),
      // A refusal closes it and also emits 'error'; the failed call says it all.
      (channel) => channel.on('error', () => undefined),
    );
    // A broker that comes back may have lost its queues: declare each again before use.
    this.amqp.managedConnection.on('connect', () => this.declaredAt.clear());
  }

  /** Resolves once the user's queue exists and is bound. */
  async ensure(username: string): Promise<void> {
    const declaredAt = this.declaredAt.get(username);
    if (declaredAt !== undefined && Date.now() - declaredAt < INBOX_LEASE_RENEWAL_MS) return;

    let declaring = this.declaring.get(username);
    if (!declaring) {
      declaring = this.declare(username).finally(() => this.declaring.delete(username));
      this.declaring.set(username, declaring);
    }
    await declaring;
  }

  /** The queue turned out to be missing: declare it on the next `ensure`. */
  forget(username: string): void {
    this.declaredAt.delete(username);
  }

  /**
   * Declares on a channel kept for declarations: a reader's sign-in then costs two round
   * trips, not four plus a channel. A declaration RabbitMQ refuses (406: the queue exists
   * with other arguments) closes the channel it was made on, failing whatever else was in
   * flight there too; each of those is declared again alone, on a short-lived channel.
   */
  private async declare(username: string): Promise<void> {
    const queue = inboxQueueName(username);
    try {
      const channel = await this.declarations.get();
      await channel.assertQueue(queue, { durable: true, arguments: this.queueArguments });
      await channel.bindQueue(queue, INBOX_EXCHANGE, username);
    } catch {
      await this.declareAlone(queue, username);
    }
    this.declaredAt.set(username, Date.now());
    if (this.declaredAt.size > MAX_REMEMBERED) this.forgetExpiredLeases();
  }

  private async declareAlone(queue: string, username: string): Promise<void> {
    try {
      await this.withChannel(async (channel) => {
        await channel.assertQueue(queue, { durable: true, arguments: this.queueArguments });
        await channel.bindQueue(queue, INBOX_EXCHANGE, username);
      });
    } catch (error) {
      if ((error as { code?: number }).code !== PRECONDITION_FAILED) {
        throw new BrokerUnavailableError(`could not declare ${queue}`, { cause: error });
      }
      // The queue exists with other arguments (an older setting): use it as it is.
      this.logger.warn(`${queue} exists with other arguments than configured; using it as is`);
      await this.withChannel(async (channel) => {
        await channel.checkQueue(queue);
        await channel.bindQueue(queue, INBOX_EXCHANGE, username);
      }).catch((cause: unknown) => {
        throw new BrokerUnavailableError(`could not bind ${queue}`, { cause });
      });
    }
  }

  /** Keeps memory bounded: a lease older than the renewal period is re-declared anyway. */
  private forgetExpiredLeases(): void {
    const renewBefore = Date.now() - INBOX_LEASE_RENEWAL_MS;
    for (const [username, declaredAt] of this.declaredAt) {
      if (declaredAt < renewBefore) this.declaredAt.delete(username);
    }
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
