import { Logger } from '@nestjs/common';
import type { InboxMessage } from '@prontogram/contracts';
import type { Channel, ConsumeMessage } from 'amqplib';
import { EventEmitter } from 'node:events';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { ConsumerLane } from './consumer-lane';
import { ConsumerHost, InboxConsumer } from './inbox-consumer';
import type { InboxDelivery } from './inbox-delivery';
import type { DeclaredInbox, InboxQueues } from './inbox-queues.service';

type OnMessage = (raw: ConsumeMessage | null) => void;

/** A channel that records what the consumer does and lets the test deliver. */
class FakeChannel extends EventEmitter {
  readonly consumers = new Map<string, { onMessage: OnMessage; exclusive: boolean }>();
  readonly acked: ConsumeMessage[] = [];
  readonly nacked: Array<{ raw: ConsumeMessage; requeue: boolean }> = [];
  private tags = 0;

  async consume(_queue: string, onMessage: OnMessage, options: { exclusive?: boolean }) {
    const consumerTag = `tag-${++this.tags}`;
    this.consumers.set(consumerTag, { onMessage, exclusive: options.exclusive === true });
    return { consumerTag };
  }
  async cancel(consumerTag: string) {
    this.consumers.delete(consumerTag);
  }
  async prefetch() {
    // Nothing to limit: the test delivers by hand.
  }
  async close() {
    this.emit('close');
  }
  ack(raw: ConsumeMessage) {
    this.acked.push(raw);
  }
  nack(raw: ConsumeMessage, _allUpTo: boolean, requeue: boolean) {
    this.nacked.push({ raw, requeue });
  }
  /** Delivers `content` to the only consumer. */
  deliver(content: unknown): ConsumeMessage {
    const raw = {
      content: Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)),
    } as ConsumeMessage;
    [...this.consumers.values()][0]?.onMessage(raw);
    return raw;
  }
}

function fakeQueues(declared: DeclaredInbox = { singleActiveConsumer: true }) {
  return {
    ensure: jest.fn(async () => declared),
    forget: jest.fn(),
  } as unknown as InboxQueues & { ensure: jest.Mock; forget: jest.Mock };
}

function message(overrides: Partial<InboxMessage> = {}): InboxMessage {
  return {
    id: 'id-1',
    sender: 'ACMESky',
    receiver: 'mario',
    body: 'Rome, 30% off: ROMA30',
    sentAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    ...overrides,
  };
}

const logger = new Logger('test');

describe('InboxConsumer', () => {
  let channel: FakeChannel;
  let host: ConsumerHost & { restart: jest.Mock; relocate: jest.Mock };
  let handed: Array<{ message: InboxMessage; delivery: InboxDelivery }>;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    channel = new FakeChannel();
    host = {
      channel: channel as unknown as Channel,
      dedicated: false,
      restart: jest.fn(),
      relocate: jest.fn(),
    };
    handed = [];
  });

  const consumer = (queues = fakeQueues()) =>
    new InboxConsumer(
      'mario',
      (message, delivery) => handed.push({ message, delivery }),
      host,
      queues,
      logger,
    );

  it('declares the queue, then consumes it without exclusivity', async () => {
    const queues = fakeQueues();
    await consumer(queues).start(host.channel as Channel);

    expect(queues.ensure).toHaveBeenCalledWith('mario', { retryUpgrade: true });
    expect([...channel.consumers.values()].map((each) => each.exclusive)).toEqual([false]);
  });

  it('hands over a parsed message and a delivery that settles it once', async () => {
    await consumer().start(host.channel as Channel);
    const sent = message();
    const raw = channel.deliver(sent);

    expect(handed.map((each) => each.message)).toEqual([sent]);
    handed[0].delivery.ack();
    handed[0].delivery.ack();
    expect(channel.acked).toEqual([raw]);
  });

  it.each([
    ['not JSON', 'not json at all'],
    ['for someone else', message({ receiver: 'luigi' })],
    ['without a body', { ...message(), body: undefined }],
  ])('dead-letters a message that is %s, and hands nothing over', async (_what, content) => {
    await consumer().start(host.channel as Channel);
    const raw = channel.deliver(content);

    expect(handed).toEqual([]);
    expect(channel.nacked).toEqual([{ raw, requeue: false }]);
  });

  it('requeues a delivery that arrives while it is being cancelled', async () => {
    const subject = consumer();
    await subject.start(host.channel as Channel);
    const { onMessage } = [...channel.consumers.values()][0];
    await subject.cancel();

    const raw = { content: Buffer.from(JSON.stringify(message())) } as ConsumeMessage;
    onMessage(raw);

    expect(channel.consumers.size).toBe(0);
    expect(handed).toEqual([]);
    expect(channel.nacked).toEqual([{ raw, requeue: true }]);
  });

  it('is started again after RabbitMQ cancels it because the queue was deleted', async () => {
    const queues = fakeQueues();
    await consumer(queues).start(host.channel as Channel);
    [...channel.consumers.values()][0].onMessage(null);

    expect(queues.forget).toHaveBeenCalledWith('mario');
    expect(host.restart).toHaveBeenCalledTimes(1);
  });

  it('asks to move an older queue, without single active consumer, off a shared channel', async () => {
    await consumer(fakeQueues({ singleActiveConsumer: false })).start(host.channel as Channel);

    expect(host.relocate).toHaveBeenCalledTimes(1);
    expect(channel.consumers.size).toBe(0);
  });

  it('consumes an older queue exclusively on a channel of its own', async () => {
    const dedicated = { ...host, dedicated: true };
    await new InboxConsumer(
      'mario',
      jest.fn(),
      dedicated,
      fakeQueues({ singleActiveConsumer: false }),
      logger,
    ).start(host.channel as Channel);

    expect([...channel.consumers.values()].map((each) => each.exclusive)).toEqual([true]);
  });
});

describe('ConsumerLane', () => {
  /** A connection manager whose channels the test can close. */
  function fakeManager() {
    const channels: FakeChannel[] = [];
    const manager = {
      connection: {
        createChannel: async () => {
          const channel = new FakeChannel();
          channels.push(channel);
          return channel;
        },
      },
    } as unknown as AmqpConnectionManager;
    return { manager, channels };
  }

  const until = async (condition: () => boolean): Promise<void> => {
    const deadline = Date.now() + 2000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met within 2 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it('starts every consumer again on a new channel after its channel closed', async () => {
    const { manager, channels } = fakeManager();
    const lane = new ConsumerLane('lane', manager, 10, logger, false, jest.fn());
    const handedTo: string[] = [];
    for (const username of ['mario', 'luigi']) {
      lane.add(
        new InboxConsumer(username, () => handedTo.push(username), lane, fakeQueues(), logger),
      );
    }
    await until(() => channels[0]?.consumers.size === 2);
    const before = channels[0].deliver(message());

    await channels[0].close();
    await until(() => channels[1]?.consumers.size === 2);

    // A delivery from the closed channel settles nothing; the new channel carries on.
    expect(handedTo).toEqual(['mario']);
    expect(lane.channel).toBe(channels[1]);
    expect(before).toBeDefined();
    await lane.close();
  });

  it('hands a consumer whose queue needs exclusivity to whoever placed it', async () => {
    const { manager, channels } = fakeManager();
    const relocate = jest.fn();
    const lane = new ConsumerLane('lane', manager, 10, logger, false, relocate);
    const older = new InboxConsumer(
      'mario',
      jest.fn(),
      lane,
      fakeQueues({ singleActiveConsumer: false }),
      logger,
    );
    lane.add(older);

    await until(() => relocate.mock.calls.length === 1);
    expect(relocate).toHaveBeenCalledWith(older);
    expect(channels[0].consumers.size).toBe(0);
    await lane.close();
  });
});
