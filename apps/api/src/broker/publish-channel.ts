import type { Logger } from '@nestjs/common';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { BrokerUnavailableError } from './broker-unavailable.error';
import { ChannelOnDemand } from './channel-on-demand';

/**
 * What `publish` learnt from RabbitMQ: stored in a queue, returned as unroutable, or refused
 * (nacked: a full queue that rejects new messages says so this way).
 */
export type PublishOutcome = 'confirmed' | 'returned' | 'nacked';

/** How amqplib tells a confirm callback that RabbitMQ sent basic.nack. */
const NACKED = 'message nacked';

/**
 * One confirm channel for publishing, straight on amqplib, opened on the managed connection
 * when first needed and again after it closed. amqp-connection-manager's ChannelWrapper is
 * not used here: it queues messages while the broker is away and publishes them after a
 * reconnect, possibly after their sender was told 503 and has retried. Here a message is
 * published once, when the POST asks; a closed channel, a nack or a timeout fails it and
 * the sender retries. (The bench measured no difference in speed between the two.)
 */
export class PublishChannel {
  private readonly channel: ChannelOnDemand<ConfirmChannel>;
  /** Ids of messages RabbitMQ returned as unroutable, until their confirm arrives. */
  private readonly returned = new Set<string>();

  constructor(manager: AmqpConnectionManager, logger: Logger) {
    this.channel = new ChannelOnDemand(
      manager,
      (connection) => connection.createConfirmChannel(),
      (channel) => {
        channel.on('return', (message: ConsumeMessage) => {
          const id = message.properties.messageId as string | undefined;
          if (id) this.returned.add(id);
        });
        channel.on('error', (error: Error) =>
          logger.error(`Publisher channel failed: ${error.message}`),
        );
      },
    );
  }

  /**
   * Publishes `content` with `mandatory` set and waits for RabbitMQ's confirm. Rejects with
   * a `BrokerUnavailableError` when there is no connection, no confirm within `timeoutMs`,
   * or the channel closed first.
   */
  async publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish & { messageId: string },
    timeoutMs: number,
  ): Promise<PublishOutcome> {
    const channel = await this.channel.get();
    const id = options.messageId;
    return new Promise<PublishOutcome>((resolve, reject) => {
      const fail = (cause: unknown) => {
        this.returned.delete(id);
        reject(new BrokerUnavailableError(`no confirm for message ${id}`, { cause }));
      };
      const timer = setTimeout(() => fail(new Error(`none within ${timeoutMs} ms`)), timeoutMs);
      const settle = (error: unknown) => {
        clearTimeout(timer);
        // RabbitMQ sends basic.return before the basic.ack of the same message.
        const returned = this.returned.delete(id);
        if (error instanceof Error && error.message === NACKED) resolve('nacked');
        else if (error) fail(error);
        else resolve(returned ? 'returned' : 'confirmed');
      };
      try {
        channel.publish(exchange, routingKey, content, { ...options, mandatory: true }, settle);
      } catch (error) {
        settle(error); // The channel closed between open() and now.
      }
    });
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}
