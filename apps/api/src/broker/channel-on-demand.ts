import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { Channel, ChannelModel } from 'amqplib';
import { BrokerUnavailableError } from './broker-unavailable.error';

/**
 * A channel of the managed connection that is opened when first needed and again after it
 * closed (a refused operation, a lost connection); while it lives, every caller shares it.
 */
export class ChannelOnDemand<C extends Channel> {
  private current: Promise<C> | undefined;

  constructor(
    private readonly manager: AmqpConnectionManager,
    private readonly create: (connection: ChannelModel) => Promise<C>,
    /** Attaches listeners to a new channel; a 'close' listener is added here. */
    private readonly prepare: (channel: C) => void,
  ) {}

  get(): Promise<C> {
    if (this.current) return this.current;
    const connection = this.manager.connection;
    if (!connection) return Promise.reject(new BrokerUnavailableError('not connected'));
    const opening: Promise<C> = this.create(connection).then(
      (channel) => {
        this.prepare(channel);
        channel.on('close', () => this.forget(opening));
        return channel;
      },
      (cause: unknown) => {
        this.forget(opening);
        throw new BrokerUnavailableError('could not open a channel', { cause });
      },
    );
    this.current = opening;
    return opening;
  }

  async close(): Promise<void> {
    const channel = this.current;
    this.current = undefined;
    if (channel) await (await channel.catch(() => undefined))?.close().catch(() => undefined);
  }

  private forget(channel: Promise<C>): void {
    if (this.current === channel) this.current = undefined;
  }
}
