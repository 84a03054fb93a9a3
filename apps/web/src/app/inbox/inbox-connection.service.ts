import { DOCUMENT } from '@angular/common';
import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import type {
  DisplayedReportResult,
  InboxClientToServerEvents,
  InboxMessage,
  InboxServerToClientEvents,
} from '@prontogram/contracts';
import { Subject } from 'rxjs';
import { io, ManagerOptions, Socket, SocketOptions } from 'socket.io-client';

export type InboxSocket = Socket<InboxServerToClientEvents, InboxClientToServerEvents>;
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** How sockets are made: socket.io-client's `io`, replaced in unit tests. */
export const SOCKET_FACTORY = new InjectionToken<
  (options: Partial<ManagerOptions & SocketOptions>) => InboxSocket
>('SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (options) => io(options),
});

const REPORT_TIMEOUT_MS = 10_000;
const RETRY_AFTER_REFUSAL_MS = 2_000;

/**
 * The page's one Socket.IO connection to its user's inbox, with automatic reconnection and
 * back-off. Events come out as RxJS subjects; the status as a signal.
 */
@Injectable({ providedIn: 'root' })
export class InboxConnection {
  private readonly createSocket = inject(SOCKET_FACTORY);
  private readonly window = inject(DOCUMENT).defaultView;
  private socket: InboxSocket | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly state = signal<ConnectionStatus>('offline');
  readonly status = this.state.asReadonly();

  readonly messages$ = new Subject<InboxMessage[]>();
  readonly viewed$ = new Subject<string[]>();
  readonly expired$ = new Subject<string[]>();
  /** The server refused the username: the reason it gave. */
  readonly refused$ = new Subject<string>();
  /** Every (re)connection: what was not reported before it must be reported again. */
  readonly connected$ = new Subject<void>();

  private readonly onBrowserOffline = () => this.state.set('offline');
  private readonly onBrowserOnline = () => {
    if (!this.socket?.connected) this.state.set('reconnecting');
  };

  connect(username: string): void {
    this.disconnect();
    const socket = this.createSocket({
      auth: { username },
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });
    this.socket = socket;
    this.state.set('connecting');
    this.window?.addEventListener('offline', this.onBrowserOffline);
    this.window?.addEventListener('online', this.onBrowserOnline);

    socket.on('connect', () => {
      this.state.set('connected');
      this.connected$.next();
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.state.set(this.browserOnline() ? 'reconnecting' : 'offline');
      // After a server-side disconnect socket.io-client waits to be told to come back.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error: Error & { data?: { retryable?: boolean } }) => {
      if (error.data?.retryable === false) {
        this.disconnect();
        this.refused$.next(error.message.replace(/^sign-in refused:\s*/, ''));
        return;
      }
      this.state.set(this.browserOnline() ? 'reconnecting' : 'offline');
      // A refusal by the server's middleware is not retried by socket.io-client itself.
      if (!socket.active) {
        this.retryTimer = setTimeout(() => socket.connect(), RETRY_AFTER_REFUSAL_MS);
      }
    });
    socket.on('inbox:messages', (messages) => this.messages$.next(messages));
    socket.on('inbox:viewed', (ids) => this.viewed$.next(ids));
    socket.on('inbox:expired', (ids) => this.expired$.next(ids));
  }

  /** Tells the server these were displayed; rejects when it could not be told. */
  report(ids: string[]): Promise<DisplayedReportResult> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.reject(new Error('not connected'));
    return socket.timeout(REPORT_TIMEOUT_MS).emitWithAck('inbox:displayed', { ids });
  }

  disconnect(): void {
    clearTimeout(this.retryTimer);
    this.window?.removeEventListener('offline', this.onBrowserOffline);
    this.window?.removeEventListener('online', this.onBrowserOnline);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.state.set('offline');
  }

  private browserOnline(): boolean {
    return this.window?.navigator.onLine ?? true;
  }
}
