import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as amqp from 'amqplib';
import { waitFor } from './wait';

const run = promisify(execFile);

/**
 * The queue of a user, named as the design notes fix it. Written here, not imported from the
 * API, so that the tests check the topology from outside.
 */
export function inboxQueueOf(username: string): string {
  return `prontogram.inbox.${username.toLowerCase()}`;
}

export const RABBITMQ_URL = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A direct AMQP view of the broker, to check what the API left there. */
export class BrokerProbe {
  private constructor(private readonly connection: amqp.ChannelModel) {}

  static async connect(): Promise<BrokerProbe> {
    return new BrokerProbe(await amqp.connect(RABBITMQ_URL));
  }

  /**
   * Messages (ready plus delivered-but-unacked) and consumers of a queue, or `null` when
   * RabbitMQ has no such queue. A passive declare would leave out unacked messages, so a
   * message delivered and never acked would look deleted.
   */
  async queueStatus(
    queue: string,
  ): Promise<{ messageCount: number; consumerCount: number } | null> {
    const counts = await queueCounts(queue);
    return (
      counts && { messageCount: counts.ready + counts.unacked, consumerCount: counts.consumers }
    );
  }

  /** Reads every message of a queue and puts them all back, in order. */
  async peek(queue: string): Promise<amqp.GetMessage[]> {
    const channel = await this.connection.createChannel();
    try {
      const messages: amqp.GetMessage[] = [];
      for (let message = await channel.get(queue); message; message = await channel.get(queue)) {
        messages.push(message);
      }
      // Closing the channel requeues every unacked message at its original position.
      return messages;
    } finally {
      await channel.close();
    }
  }

  /** The ids of the messages waiting in a queue, in its order (see `peek`). */
  async storedIds(queue: string): Promise<string[]> {
    return (await this.peek(queue)).map((message) => message.properties.messageId as string);
  }

  /**
   * Publishes straight to the inbox exchange, as another ProntoGram instance would, and waits
   * for the broker's confirms: for messages the API itself would not write, and for speed.
   */
  async publishToInbox(
    username: string,
    messages: object[],
    options: amqp.Options.Publish = {},
  ): Promise<void> {
    const channel = await this.connection.createConfirmChannel();
    try {
      for (const message of messages) {
        const content = Buffer.from(JSON.stringify(message));
        if (
          !channel.publish('prontogram.inbox', username, content, { persistent: true, ...options })
        ) {
          await new Promise((resolve) => channel.once('drain', resolve));
        }
      }
      await channel.waitForConfirms();
    } finally {
      await channel.close();
    }
  }

  /**
   * Declares a user's queue as ProntoGram did before it ran on several instances: without
   * single active consumer, and bound to the inbox exchange.
   */
  async declareOlderInbox(username: string): Promise<void> {
    const channel = await this.connection.createChannel();
    const queue = inboxQueueOf(username);
    await channel.assertQueue(queue, {
      durable: true,
      arguments: {
        'x-queue-type': 'classic',
        'x-dead-letter-exchange': 'prontogram.expired',
        'x-expires': (7 * 24 + 2) * 3600 * 1000,
      },
    });
    await channel.bindQueue(queue, 'prontogram.inbox', username.toLowerCase());
    await channel.close();
  }

  /** Whether the queue was declared with single active consumer. */
  async singleActiveConsumer(queue: string): Promise<boolean> {
    const { stdout } = await run('rabbitmqctl', [
      '-q',
      'list_queues',
      'name',
      'arguments',
      '--formatter',
      'json',
    ]);
    // Each argument is listed as [name, AMQP type, value].
    const queues = JSON.parse(stdout) as { name: string; arguments: [string, string, unknown][] }[];
    const found = queues.find((entry) => entry.name === queue);
    return (found?.arguments ?? []).some(
      ([name, , value]) => name === 'x-single-active-consumer' && value === true,
    );
  }

  async deleteQueue(queue: string): Promise<void> {
    const channel = await this.connection.createChannel();
    await channel.deleteQueue(queue);
    await channel.close();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * `BrokerProbe.storedIds` through a probe of its own: for tests that hold none, such as
 * those that stop RabbitMQ.
 */
export async function storedIds(queue: string): Promise<string[]> {
  const probe = await BrokerProbe.connect();
  try {
    return await probe.storedIds(queue);
  } finally {
    await probe.close();
  }
}

/** Deletes the queues through `probe`, or through a probe of its own when there is none. */
export async function deleteQueues(queues: string[], probe?: BrokerProbe): Promise<void> {
  if (queues.length === 0) return;
  const deleting = probe ?? (await BrokerProbe.connect());
  try {
    for (const queue of queues) await deleting.deleteQueue(queue);
  } finally {
    if (!probe) await deleting.close();
  }
}

/** Whether RabbitMQ's `rabbitmqctl` reports the queue as durable. */
export async function isDurable(queue: string): Promise<boolean> {
  const { stdout } = await run('rabbitmqctl', [
    '-q',
    'list_queues',
    'name',
    'durable',
    '--formatter',
    'json',
  ]);
  const queues = JSON.parse(stdout) as { name: string; durable: boolean }[];
  return queues.some((entry) => entry.name === queue && entry.durable);
}

/**
 * Ready and unacknowledged messages and consumers of a queue, as `rabbitmqctl` reports them,
 * or `null` when there is no such queue. A failure of `rabbitmqctl` itself throws.
 */
export async function queueCounts(
  queue: string,
): Promise<{ ready: number; unacked: number; consumers: number } | null> {
  const { stdout } = await run('rabbitmqctl', [
    '-q',
    'list_queues',
    'name',
    'messages_ready',
    'messages_unacknowledged',
    'consumers',
    '--formatter',
    'json',
  ]);
  const queues = JSON.parse(stdout) as {
    name: string;
    messages_ready: number;
    messages_unacknowledged: number;
    consumers: number;
  }[];
  const found = queues.find((entry) => entry.name === queue);
  return found
    ? {
        ready: found.messages_ready,
        unacked: found.messages_unacknowledged,
        consumers: found.consumers,
      }
    : null;
}

/** Resolves once the queue holds no message, ready or unacked: every one was deleted. */
export async function waitUntilEmpty(queue: string): Promise<void> {
  await waitFor(
    () => queueCounts(queue),
    (counts) => counts !== null && counts.ready + counts.unacked === 0,
    { what: `${queue} to be empty` },
  );
}

/** Resolves once the queue has `count` consumers: pages have opened, or all have gone. */
export async function waitForConsumers(queue: string, count: number): Promise<void> {
  await waitFor(
    async () => (await queueCounts(queue))?.consumers ?? 0,
    (consumers) => consumers === count,
    { what: `${count} consumer(s) of ${queue}` },
  );
}

/**
 * Runs `body` while RabbitMQ's application is stopped (the node stays, so it comes back
 * fast), then starts it again and waits until it is up, whatever happens.
 */
export async function withBrokerStopped<T>(body: () => Promise<T>): Promise<T> {
  await run('rabbitmqctl', ['-q', 'stop_app']);
  try {
    return await body();
  } finally {
    await run('rabbitmqctl', ['-q', 'start_app']);
    await run('rabbitmqctl', ['-q', 'await_startup']);
  }
}

/** Stops RabbitMQ's application and starts it again at once. */
export async function restartBroker(): Promise<void> {
  await withBrokerStopped(async () => undefined);
}

/**
 * Kills RabbitMQ's whole node with SIGKILL, as a crash would, and starts it again with the
 * repository's start script, whatever happens in between.
 */
export async function killAndRestartBroker(): Promise<void> {
  try {
    const { stdout } = await run('rabbitmqctl', ['-q', 'eval', 'os:getpid().']);
    const pid = Number(JSON.parse(stdout.trim()));
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid);
  } finally {
    await run('bash', [path.resolve(__dirname, '../../../../scripts/ensure-rabbitmq.sh')]);
  }
}

async function waitForExit(pid: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return; // Gone.
    }
    if (Date.now() > deadline) throw new Error(`RabbitMQ (pid ${pid}) did not exit`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs `body` while RabbitMQ raises its disk alarm (its free-disk limit set far above the free
 * space), then puts the limit back as it was, whatever happens.
 */
export async function withDiskAlarm<T>(body: () => Promise<T>): Promise<T> {
  const { stdout } = await run('rabbitmqctl', ['-q', 'status', '--formatter', 'json']);
  const { disk_free_limit: limit, disk_free: free } = JSON.parse(stdout) as {
    disk_free_limit: number;
    disk_free: number;
  };
  try {
    await run('rabbitmqctl', ['-q', 'set_disk_free_limit', String(free * 1000)]);
    return await body();
  } finally {
    await run('rabbitmqctl', ['-q', 'set_disk_free_limit', String(limit)]);
  }
}
