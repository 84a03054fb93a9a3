import type {
  InboxClientToServerEvents,
  InboxMessage,
  InboxServerToClientEvents,
} from '@prontogram/contracts/wire';
import { io, Socket } from 'socket.io-client';

type ClientSocket = Socket<InboxServerToClientEvents, InboxClientToServerEvents>;

/**
 * A reader as the page behaves: a Socket.IO session that reports each batch displayed as
 * soon as it arrives (the page is visible), so that the API deletes it.
 */
export class BenchReader {
  /** Messages reported and confirmed deleted by the server. */
  deleted = 0;
  connects = 0;
  connectErrors = 0;

  private constructor(
    readonly username: string,
    private readonly socket: ClientSocket,
  ) {
    socket.on('connect', () => this.connects++);
    socket.on('connect_error', () => this.connectErrors++);
    socket.on('inbox:messages', (messages) => {
      const ids = messages.map((message) => message.id);
      socket.emit('inbox:displayed', { ids }, (result) => (this.deleted += result.deleted.length));
    });
  }

  /** Resolves on the first connection; with `reconnect` it keeps coming back after drops. */
  static connect(url: string, username: string, reconnect = false): Promise<BenchReader> {
    const socket: ClientSocket = io(url, {
      auth: { username },
      transports: ['websocket'],
      forceNew: true,
      reconnection: reconnect,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    const reader = new BenchReader(username, socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(reader));
      if (!reconnect) socket.once('connect_error', reject);
    });
  }

  onMessages(listener: (messages: InboxMessage[]) => void): void {
    this.socket.on('inbox:messages', listener);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  close(): void {
    this.socket.close();
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function inBatches<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}

/** Polls `done` every few milliseconds until it holds or `timeoutMs` passes. */
export async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
