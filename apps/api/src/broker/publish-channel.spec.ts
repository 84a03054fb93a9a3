import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { BrokerUnavailableError } from './broker-unavailable.error';
import { PublishChannel } from './publish-channel';

type ConfirmCallback = (error: unknown) => void;

/** A confirm channel that records publishes and lets the test answer each one. */
class FakeConfirmChannel extends EventEmitter {
  readonly pending: { messageId: string; callback: ConfirmCallback }[] = [];
  closed = false;

  publish(
    _exchange: string,
    _routingKey: string,
    _content: Buffer,
    options: { messageId: string },
    callback: ConfirmCallback,
  ): boolean {
    if (this.closed) throw new Error('Channel closed');
    this.pending.push({ messageId: options.messageId, callback });
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emit('close');
  }
}

function fakeManager() {
  const opened: FakeConfirmChannel[] = [];
  const manager = {
    connection: {
      createConfirmChannel: jest.fn(async () => {
        const channel = new FakeConfirmChannel();
        opened.push(channel);
        return channel;
      }),
    } as { createConfirmChannel: jest.Mock } | undefined,
  };
  return { manager: manager as unknown as AmqpConnectionManager, opened, raw: manager };
}

const logger = new Logger('test');

/** A PublishChannel over a fake manager; `send(id)` publishes one persistent message `id`. */
function publisherOnFake() {
  const fake = fakeManager();
  const publisher = new PublishChannel(fake.manager, logger);
  const send = (id: string, timeoutMs = 1_000) =>
    publisher.publish(
      'x',
      'mario',
      Buffer.from(id),
      { messageId: id, persistent: true },
      timeoutMs,
    );
  return { ...fake, send };
}

const untilPublished = (channel: () => FakeConfirmChannel | undefined, count: number) =>
  new Promise<void>((resolve) => {
    const check = () =>
      (channel()?.pending.length ?? 0) >= count ? resolve() : setImmediate(check);
    check();
  });

describe('PublishChannel', () => {
  it('resolves "confirmed" on the ack and "returned" when basic.return came first', async () => {
    const { opened, send } = publisherOnFake();

    const first = send('a');
    const second = send('b');
    await untilPublished(() => opened[0], 2);
    opened[0].emit('return', { properties: { messageId: 'b' } });
    for (const { callback } of opened[0].pending) callback(null);

    await expect(first).resolves.toBe('confirmed');
    await expect(second).resolves.toBe('returned');
    expect(opened).toHaveLength(1);
  });

  it('tells a nacked message apart (a full queue refuses this way), and other failures', async () => {
    const { opened, send } = publisherOnFake();

    const nacked = send('a');
    const broken = send('b');
    await untilPublished(() => opened[0], 2);
    opened[0].pending[0].callback(new Error('message nacked'));
    opened[0].pending[1].callback(new Error('channel closed'));

    await expect(nacked).resolves.toBe('nacked');
    await expect(broken).rejects.toBeInstanceOf(BrokerUnavailableError);
  });

  it('gives up after the timeout', async () => {
    const { send } = publisherOnFake();

    await expect(send('a', 20)).rejects.toThrow('no confirm for message a');
  });

  it('refuses at once without a connection', async () => {
    const { raw, send } = publisherOnFake();
    raw.connection = undefined;

    await expect(send('a')).rejects.toBeInstanceOf(BrokerUnavailableError);
  });

  it('opens a new channel after the old one closed, and never publishes a message twice', async () => {
    const { opened, send } = publisherOnFake();

    const lost = send('a');
    await untilPublished(() => opened[0], 1);
    await opened[0].close();
    opened[0].pending[0].callback(new Error('channel closed'));
    await expect(lost).rejects.toBeInstanceOf(BrokerUnavailableError);

    const next = send('b');
    await untilPublished(() => opened[1], 1);
    opened[1].pending[0].callback(null);
    await expect(next).resolves.toBe('confirmed');
    expect(opened[1].pending.map((entry) => entry.messageId)).toEqual(['b']);
  });
});
