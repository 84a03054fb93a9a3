import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as amqp from 'amqplib';
import { inboxQueueOf, offerBody } from './messages';
import { declareInbox, publishStored, storedMessage } from './stored-message';
import { RABBITMQ_URL } from './topology';

const run = promisify(execFile);
const CONFIRM_WINDOW = 1000;

/** The bench's own AMQP connection: fills queues, reads their depth, cleans up. */
export class BenchBroker {
  private constructor(
    private readonly connection: amqp.ChannelModel,
    private readonly channel: amqp.ConfirmChannel,
  ) {}

  static async connect(): Promise<BenchBroker> {
    const connection = await amqp.connect(RABBITMQ_URL, { noDelay: true });
    return new BenchBroker(connection, await connection.createConfirmChannel());
  }

  /** Puts `count` messages for `username` in their queue, as the API would have stored them. */
  async fill(username: string, count: number): Promise<void> {
    await declareInbox(this.channel, username);
    for (let i = 0; i < count; i++) {
      const message = storedMessage({
        sender: 'ACMESky',
        receiver: username,
        body: offerBody(`K${i}`),
      });
      if (!publishStored(this.channel, message)) {
        await new Promise((resolve) => this.channel.once('drain', resolve));
      }
      if ((i + 1) % CONFIRM_WINDOW === 0) await this.channel.waitForConfirms();
    }
    await this.channel.waitForConfirms();
  }

  /** Ready plus unacked messages of a user's queue (the queue must exist). */
  async depth(username: string): Promise<number> {
    const { messageCount } = await this.channel.checkQueue(inboxQueueOf(username));
    return messageCount;
  }

  /** Empties users' queues, so that each measurement starts from the same broker state. */
  async purge(usernames: string[]): Promise<void> {
    await Promise.all(usernames.map((username) => this.channel.purgeQueue(inboxQueueOf(username))));
  }

  /** Deletes the queues a run made, so that runs leave nothing behind. */
  async deleteQueues(usernames: string[]): Promise<void> {
    const deletions = usernames.map((username) =>
      this.channel.deleteQueue(inboxQueueOf(username)).catch(() => undefined),
    );
    await Promise.all(deletions);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * The memory RabbitMQ's Erlang VM uses, in bytes. Not its resident size: that includes
 * allocator pages kept after a burst and moved by tens of MiB between two readings.
 */
export async function rabbitMemoryBytes(): Promise<number> {
  const { stdout } = await run('rabbitmqctl', ['status', '--formatter', 'json']);
  const status = JSON.parse(stdout) as { memory: { total: { erlang: number } } };
  return status.memory.total.erlang;
}
