import { OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { DisplayedReportDto, DisplayedReportResult } from '@prontogram/contracts';
import { RedisLink } from '../cluster/redis-link.service';
import { describeLimitExceeded } from '../limits/limit-exceeded';
import { SocketLimits } from '../limits/socket-limits.service';
import { SignInTokens } from '../sign-in/sign-in-tokens.service';
import { validateEvent } from '../validation/validate-event';
import { HandshakeGate, refusal } from './handshake-gate';
import { InboxPeers } from './inbox-peers';
import { InboxPresence } from './inbox-presence';
import { InboxRooms } from './inbox-rooms';
import { Metrics } from '../metrics/metrics';
import { InboxServer, InboxSocket, personRoom } from './inbox-server';
import { InboxService } from './inbox.service';

/** `{ ids: [...] }` is two levels; a deeper report is refused before anything walks it. */
const REPORT_MAX_DEPTH = 4;

/** The largest frame a page may send: a full report is about 40 KiB. */
export const SOCKET_MAX_BUFFER_BYTES = 256 * 1024;

/** The one Socket.IO server's options: every gateway on it names the same. */
export const GATEWAY_OPTIONS = { serveClient: false, maxHttpBufferSize: SOCKET_MAX_BUFFER_BYTES };

/**
 * The readers' Socket.IO endpoint. Signs a page in as its handshake proves (`HandshakeGate`),
 * puts it in its person's room, and translates between socket events and the inbox service.
 */
@WebSocketGateway(GATEWAY_OPTIONS)
export class InboxGateway
  implements OnGatewayInit<InboxServer>, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  @WebSocketServer() private readonly server!: InboxServer;
  private accepting = true;
  private rooms!: InboxRooms;
  private peers!: InboxPeers;

  constructor(
    private readonly inbox: InboxService,
    private readonly link: RedisLink,
    private readonly gate: HandshakeGate,
    private readonly presence: InboxPresence,
    private readonly limits: SocketLimits,
    private readonly tokens: SignInTokens,
    private readonly metrics: Metrics,
  ) {}

  afterInit(server: InboxServer): void {
    // Each connection keeps its first HTTP request (headers, socket, parser state) for life
    // unless told not to: a few KiB per reader, and nothing here reads it after sign-in.
    server.engine.on('connection', (rawSocket: { request: unknown }) => {
      rawSocket.request = null;
    });
    server.use((socket, next) => {
      if (!this.accepting) {
        return next(refusal('the server is shutting down; retry', { retryable: true }));
      }
      this.gate.admit(socket.handshake).then(
        (admission) => {
          if (admission instanceof Error) return next(admission);
          socket.data.username = admission.username;
          socket.data.throughLink = admission.throughLink;
          next();
        },
        (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
      );
    });
    this.presence.attach(server);
    this.rooms = new InboxRooms(server);
    this.inbox.attach(this.rooms);
    this.peers = new InboxPeers(server, this.link, this.inbox);
    this.metrics.gauge(
      'prontogram_sessions_connected',
      'Pages connected to this instance',
      () => server.sockets.sockets.size,
    );
  }

  async handleConnection(socket: InboxSocket): Promise<void> {
    const { username } = socket.data;
    await socket.join(personRoom(username));
    // Signed in through a link: from now on the page reconnects with a session of its own.
    if (socket.data.throughLink) {
      const { token, expiresAt } = await this.tokens.issue(username, 'session');
      socket.emit('inbox:session', { token, expiresAt: expiresAt.toISOString() });
    }
    await this.inbox.open(username, socket.id);
    // It may have gone while opening: then its disconnect closed nothing.
    if (socket.disconnected) return this.handleDisconnect(socket);
    this.peers.replay(username, socket.id);
  }

  /** The person's last page here closed: this instance stops consuming their queue. */
  async handleDisconnect(socket: InboxSocket): Promise<void> {
    const { username } = socket.data;
    if (this.rooms.pagesHere(username) === 0) await this.inbox.close(username);
  }

  @SubscribeMessage('inbox:displayed')
  async displayed(
    @ConnectedSocket() socket: InboxSocket,
    @MessageBody() report: unknown,
  ): Promise<DisplayedReportResult> {
    const overLimit = await this.limits.event(socket.id);
    if (overLimit) {
      return {
        deleted: [],
        unknown: [],
        error: describeLimitExceeded(overLimit),
        retryAfterSeconds: overLimit.retryAfterSeconds,
      };
    }
    const valid = await validateEvent(report, DisplayedReportDto, REPORT_MAX_DEPTH);
    if ('error' in valid) return { deleted: [], unknown: [], error: valid.error };
    const { ids } = valid.value;
    const { username } = socket.data;
    const here = await this.inbox.displayed(username, ids, socket.id);
    if (here.unknown.length === 0) return here;
    // Held by the instance whose consumer RabbitMQ delivered them to: ask the others.
    const elsewhere = new Set(await this.peers.displayed(username, here.unknown, socket.id));
    return {
      ...here,
      deleted: [...here.deleted, ...elsewhere],
      unknown: here.unknown.filter((id) => !elsewhere.has(id)),
    };
  }

  /**
   * Shutdown: refuse new pages and drop the open ones at the transport, so they reconnect
   * (to another instance, or to this one once it is back); their pending messages go back
   * to the queues as their last page here leaves.
   */
  onModuleDestroy(): void {
    this.accepting = false;
    for (const socket of this.server.sockets.sockets.values()) socket.conn.close();
  }
}
