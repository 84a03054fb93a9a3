import { DOCUMENT } from '@angular/common';
import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import {
  DISPLAYED_REPORT_MAX_IDS,
  DisplayedReportResult,
  HandshakeRefusal,
  handshakeRefusalReason,
  InboxClientToServerEvents,
  InboxMessage,
  InboxServerToClientEvents,
  PushSubscriptionResult,
  SessionToken,
  WebPushSubscription,
} from '@prontogram/contracts/wire';
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

/** The server asked to be told again later: reports came faster than it takes them. */
export class ReportDeferred extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`report deferred by ${retryAfterMs} ms`);
  }
}

/** What the server tells the page, as RxJS subjects: the connection emits, the page listens. */
export abstract class InboxEventStreams {
  readonly messages$ = new Subject<InboxMessage[]>();
  readonly viewed$ = new Subject<string[]>();
  readonly expired$ = new Subject<string[]>();
  /** The server refused the username: the reason it gave. */
  readonly refused$ = new Subject<string>();
  /** Every (re)connection: what was not reported before it must be reported again. */
  readonly connected$ = new Subject<void>();
  /** Signed in through a link: the token to reconnect with from now on. */
  readonly session$ = new Subject<SessionToken>();
}

/**
 * The page's one Socket.IO connection to its user's inbox, with automatic reconnection and
 * back-off. Events come out as RxJS subjects; the status as a signal.
 */
@Injectable({ providedIn: 'root' })
export class InboxConnectionService extends InboxEventStreams {
  private readonly createSocket = inject(SOCKET_FACTORY);
  private readonly window = inject(DOCUMENT).defaultView;
  private socket: InboxSocket | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Handshakes refused in a row (the server shutting down), for the back-off. */
  private refusals = 0;
  private readonly state = signal<ConnectionStatus>('offline');
  readonly status = this.state.asReadonly();

  private readonly onBrowserOffline = () => this.state.set('offline');
  // The socket may have outlived a short network drop: then it is still connected.
  private readonly onBrowserOnline = () =>
    this.state.set(this.socket?.connected ? 'connected' : 'reconnecting');

  /** Connects as `username`, proving it with `token` where the server asks for one. */
  connect(username: string, token?: string): void {
    this.disconnect();
    const socket = this.createSocket({
      auth: { username, ...(token === undefined ? {} : { token }) },
      // WebSocket first (polling only where it is blocked); and say goodbye on unload, so a
      // reload does not leave a ghost session the server finds only at its ping timeout.
      transports: ['websocket', 'polling'],
      closeOnBeforeunload: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });
    this.socket = socket;
    this.state.set('connecting');
    this.window?.addEventListener('offline', this.onBrowserOffline);
    this.window?.addEventListener('online', this.onBrowserOnline);

    socket.on('connect', () => {
      this.refusals = 0;
      this.state.set('connected');
      this.connected$.next();
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.state.set(this.browserOnline() ? 'reconnecting' : 'offline');
      // After a server-side disconnect socket.io-client waits to be told to come back.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error: Error & { data?: Partial<HandshakeRefusal> }) => {
      if (error.data?.retryable === false) {
        this.disconnect();
        this.refused$.next(error.data.code ?? handshakeRefusalReason(error.message));
        return;
      }
      this.state.set(this.browserOnline() ? 'reconnecting' : 'offline');
      // A refusal by the server's middleware is not retried by socket.io-client itself:
      // retry with its back-off, so that restarting servers are not hammered, and not
      // before the server said (too many connections from here).
      if (!socket.active) {
        const notBefore = (error.data?.retryAfterSeconds ?? 0) * 1000;
        const delay = Math.max(this.refusalBackoffMs(), notBefore);
        this.retryTimer = setTimeout(() => socket.connect(), delay);
      }
    });
    socket.on('inbox:messages', (messages) => this.messages$.next(messages));
    socket.on('inbox:viewed', (ids) => this.viewed$.next(ids));
    socket.on('inbox:expired', (ids) => this.expired$.next(ids));
    socket.on('inbox:session', (session) => {
      socket.auth = { username, token: session.token };
      this.session$.next(session);
    });
  }

  /**
   * Tells the server these were displayed, in reports of at most the size it takes; rejects
   * when it could not be told, or refused a report (a `ReportDeferred` when reports came too
   * fast: then report again after its delay).
   */
  async report(ids: string[]): Promise<DisplayedReportResult> {
    const socket = this.socket;
    if (!socket?.connected) throw new Error('not connected');
    const result: DisplayedReportResult = { deleted: [], unknown: [] };
    for (let start = 0; start < ids.length; start += DISPLAYED_REPORT_MAX_IDS) {
      const chunk = ids.slice(start, start + DISPLAYED_REPORT_MAX_IDS);
      const answer = await socket
        .timeout(REPORT_TIMEOUT_MS)
        .emitWithAck('inbox:displayed', { ids: chunk });
      if (answer.retryAfterSeconds !== undefined) {
        throw new ReportDeferred(answer.retryAfterSeconds * 1000);
      }
      if (answer.error) throw new Error(`report refused: ${answer.error}`);
      result.deleted.push(...answer.deleted);
      result.unknown.push(...answer.unknown);
    }
    return result;
  }

  /** Asks the server to notify this device while no page is open; resolves with its answer. */
  subscribePush(subscription: WebPushSubscription): Promise<PushSubscriptionResult> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.reject(new Error('not connected'));
    return socket.timeout(REPORT_TIMEOUT_MS).emitWithAck('push:subscribe', subscription);
  }

  unsubscribePush(endpoint: string): Promise<PushSubscriptionResult> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.reject(new Error('not connected'));
    return socket.timeout(REPORT_TIMEOUT_MS).emitWithAck('push:unsubscribe', { endpoint });
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

  /** 0.5 s, 1 s, 2 s … up to 10 s, each ±50%: restarting servers are not hammered. */
  private refusalBackoffMs(): number {
    const base = Math.min(500 * 2 ** this.refusals++, 10_000);
    return base * (0.5 + Math.random());
  }

  private browserOnline(): boolean {
    return this.window?.navigator.onLine ?? true;
  }
}
