import type {
  DisplayedReportResult,
  InboxClientToServerEvents,
  InboxMessage,
  InboxServerToClientEvents,
  PushSubscriptionResult,
  WebPushSubscription,
} from '@prontogram/contracts';
import { io, Socket } from 'socket.io-client';
import { waitFor } from '@prontogram/e2e-support';

type ClientSocket = Socket<InboxServerToClientEvents, InboxClientToServerEvents>;

/** A reader's session, as a page holds it: a real socket.io-client that records what it got. */
export class InboxClient {
  /** Every message received, in arrival order, redeliveries included. */
  readonly received: InboxMessage[] = [];
  readonly viewed: string[] = [];
  readonly expired: string[] = [];

  private constructor(private readonly socket: ClientSocket) {
    socket.on('inbox:messages', (messages) => this.received.push(...messages));
    socket.on('inbox:viewed', (ids) => this.viewed.push(...ids));
    socket.on('inbox:expired', (ids) => this.expired.push(...ids));
  }

  /** Connects as `username`; rejects with the server's reason when the handshake is refused. */
  static connect(baseUrl: string, auth: unknown): Promise<InboxClient> {
    const socket: ClientSocket = io(baseUrl, {
      auth: auth as Record<string, unknown>,
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 1000,
      forceNew: true,
    });
    const client = new InboxClient(socket);
    return new Promise((resolve, reject) => {
      // Only the first connection may fail the call; later ones are reconnections.
      const refused = (error: Error) => {
        socket.close();
        reject(error);
      };
      socket.once('connect_error', refused);
      socket.once('connect', () => {
        socket.off('connect_error', refused);
        resolve(client);
      });
    });
  }

  /** Calls `listener` with each batch the server sends, after it was recorded. */
  onMessages(listener: (messages: InboxMessage[]) => void): void {
    this.socket.on('inbox:messages', listener);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Distinct ids in the order they first arrived. */
  get ids(): string[] {
    return [...new Set(this.received.map((message) => message.id))];
  }

  async waitForMessages(count: number, timeoutMs = 15_000): Promise<InboxMessage[]> {
    await waitFor(
      async () => this.ids.length,
      (seen) => seen >= count,
      { what: `${count} distinct messages`, timeoutMs, intervalMs: 20 },
    );
    return this.received;
  }

  /** Waits until `id` has been received `times` times (redeliveries count). */
  async waitForDelivery(id: string, times = 1, timeoutMs = 15_000): Promise<void> {
    await waitFor(
      async () => this.received.filter((message) => message.id === id).length,
      (count) => count >= times,
      { what: `delivery number ${times} of ${id}`, timeoutMs, intervalMs: 20 },
    );
  }

  report(ids: string[]): Promise<DisplayedReportResult> {
    return this.socket.timeout(5000).emitWithAck('inbox:displayed', { ids });
  }

  /** Asks for notifications on this device (Web Push). */
  subscribePush(subscription: WebPushSubscription): Promise<PushSubscriptionResult> {
    return this.socket.timeout(5000).emitWithAck('push:subscribe', subscription);
  }

  unsubscribePush(endpoint: string): Promise<PushSubscriptionResult> {
    return this.socket.timeout(5000).emitWithAck('push:unsubscribe', { endpoint });
  }

  /** Sends any payload as a report, to check how the server treats nonsense. */
  reportRaw(payload: unknown): Promise<DisplayedReportResult> {
    return this.socket.timeout(5000).emitWithAck('inbox:displayed', payload as { ids: string[] });
  }

  /** Resolves on the next disconnect; `reason` says who closed it. */
  nextDisconnect(): Promise<string> {
    return new Promise((resolve) => this.socket.once('disconnect', (reason) => resolve(reason)));
  }

  /** Resolves on the next (re)connection. */
  nextConnect(): Promise<void> {
    return new Promise((resolve) => this.socket.io.once('reconnect', () => resolve()));
  }

  /** Closes the connection underneath, as a network blip does; the client reconnects. */
  dropTransport(): void {
    this.socket.io.engine.close();
  }

  close(): void {
    this.socket.close();
  }
}
