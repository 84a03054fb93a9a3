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

/** What a user's queue turned out to be when it was declared. */
export interface DeclaredInbox {
  /**
   * False for a queue declared by an older ProntoGram without single active consumer, and
   * still holding messages: RabbitMQ would split it between instances, so its consumer must
   * be exclusive.
   */
  singleActiveConsumer: boolean;
}

interface Declaration extends DeclaredInbox {
  at: number;
}

/**
 * Declares each user's durable queue, bound to the inbox exchange, before anything is
 * published to it or consumed from it; remembers what it declared so that no request pays
 * for a declaration twice, and declares again hourly to renew the queue's idle lease.
 *
 * A queue from an older version, declared with other arguments, is replaced by one with
 * today's arguments when it is empty and unused; until then it is used as it is.
 */
@Injectable()
export class InboxQueues implements OnModuleInit {
  private readonly logger = new Logger(InboxQueues.name);
  /** What this process declared for each user, and when. */
  private readonly declared = new Map<string, Declaration>();
  private readonly declaring = new Map<string, Promise<Declaration>>();
  private readonly queueArguments: Record<string, unknown>;
  /** Declarations share one channel; a refused one closes it, and the next call reopens it. */
  private declarations!: ChannelOnDemand<Channel>;

  constructor(
    private readonly amqp: AmqpConnection,
    config: ConfigService<Environment, true>,
  ) {
    this.queueArguments = inboxQueueArguments({
      maxMessageTtlSeconds: config.get('MESSAGE_TTL_MAX_SECONDS', { infer: true }),
      maxMessages: config.get('INBOX_MAX_MESSAGES', { infer: true }),
    });
  }

  onModuleInit(): void {
    this.declarations = new ChannelOnDemand(
      this.amqp.managedConnection,
      (connection) => connection.createChannel(),
      // A refusal closes it and also emits 'error'; the failed call says it all.
      (channel) => channel.on('error', () => undefined),
    );
    // A broker that comes back may have lost its queues: declare each again before use.
    this.amqp.managedConnection.on('connect', () => this.declared.clear());
  }

  /**
   * Resolves once the user's queue exists and is bound. A consumer about to start asks with
   * `retryUpgrade`, so that an old queue is replaced as soon as it is empty and unused.
   */
  async ensure(username: string, { retryUpgrade = false } = {}): Promise<DeclaredInbox> {
    const known = this.declared.get(username);
    const fresh = known && Date.now() - known.at < INBOX_LEASE_RENEWAL_MS;
    if (known && fresh && (known.singleActiveConsumer || !retryUpgrade)) return known;

    let declaring = this.declaring.get(username);
    if (!declaring) {
      declaring = this.declare(username).finally(() => this.declaring.delete(username));
      this.declaring.set(username, declaring);
    }
    return declaring;
  }

  /** How many messages wait in the user's queue now (ready ones, not those delivered). */
  async depth(username: string): Promise<number> {
    const channel = await this.declarations.get();
    const { messageCount } = await channel.checkQueue(inboxQueueName(username));
    return messageCount;
  }

  /** The queue turned out to be missing: declare it on the next `ensure`. */
  forget(username: string): void {
    this.declared.delete(username);
  }

  /**
   * Declares on a channel kept for declarations: a reader's sign-in then costs two round
   * trips, not four plus a channel. A declaration RabbitMQ refuses (406: the queue exists
   * with other arguments) closes the channel it was made on, failing whatever else was in
   * flight there too; each of those is declared again alone, on a short-lived channel.
   */
  private async declare(username: string): Promise<Declaration> {
    const queue = inboxQueueName(username);
    let singleActiveConsumer = true;
    try {
      const channel = await this.declarations.get();
      await channel.assertQueue(queue, { durable: true, arguments: this.queueArguments });
      await channel.bindQueue(queue, INBOX_EXCHANGE, username);
    } catch {
      singleActiveConsumer = await this.declareAlone(queue, username);
    }
    const declaration = { at: Date.now(), singleActiveConsumer };
    this.declared.set(username, declaration);
    if (this.declared.size > MAX_REMEMBERED) this.forgetExpiredLeases();
    return declaration;
  }

  /** Declares on a channel of its own; false when an older queue has to be used as it is. */
  private async declareAlone(queue: string, username: string): Promise<boolean> {
    const declareAndBind = (channel: ConfirmChannel): Promise<unknown> =>
      channel
        .assertQueue(queue, { durable: true, arguments: this.queueArguments })
        .then(() => channel.bindQueue(queue, INBOX_EXCHANGE, username));
    try {
      await this.withChannel(declareAndBind);
      return true;
    } catch (error) {
      if (!isPreconditionFailed(error)) {
        throw new BrokerUnavailableError(`could not declare ${queue}`, { cause: error });
      }
    }
    // The queue exists with other arguments: an older version declared it. Replace it when it
    // is empty and nobody consumes it (RabbitMQ checks both, atomically); a publish that
    // finds it gone in between is returned, and the publisher declares it again.
    try {
      await this.withChannel((channel) =>
        channel.deleteQueue(queue, { ifEmpty: true, ifUnused: true }),
      );
      await this.withChannel(declareAndBind);
      this.logger.log(`${queue} was declared by an older version; replaced it, it was empty`);
      return true;
    } catch (error) {
      if (!isPreconditionFailed(error)) {
        throw new BrokerUnavailableError(`could not replace ${queue}`, { cause: error });
      }
    }
    this.logger.warn(
      `${queue} was declared by an older version and still holds messages: using it as it ` +
        'is, with one exclusive consumer, until it is empty',
    );
    await this.withChannel(async (channel) => {
      await channel.checkQueue(queue);
      await channel.bindQueue(queue, INBOX_EXCHANGE, username);
    }).catch((cause: unknown) => {
      throw new BrokerUnavailableError(`could not bind ${queue}`, { cause });
    });
    return false;
  }

  /** Keeps memory bounded: a lease older than the renewal period is re-declared anyway. */
  private forgetExpiredLeases(): void {
    const renewBefore = Date.now() - INBOX_LEASE_RENEWAL_MS;
    for (const [username, { at }] of this.declared) {
      if (at < renewBefore) this.declared.delete(username);
    }
  }

  private async withChannel(work: (channel: ConfirmChannel) => Promise<unknown>): Promise<void> {
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

function isPreconditionFailed(error: unknown): boolean {
  return (error as { code?: number }).code === PRECONDITION_FAILED;
}
