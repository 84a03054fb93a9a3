import {
  ArgumentMetadata,
  BadRequestException,
  OnModuleDestroy,
  ValidationPipe,
} from '@nestjs/common';
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
import {
  DisplayedReportDto,
  DisplayedReportResult,
  HANDSHAKE_REFUSED_PREFIX,
  HandshakeRefusal,
  InboxHandshakeAuth,
  normaliseUsername,
  usernameProblem,
  usernameProblemCode,
} from '@prontogram/contracts';
import { RedisLink } from '../cluster/redis-link.service';
import { VALIDATION_OPTIONS } from '../validation/compiled-validation.pipe';
import { nestsDeeperThan } from '../validation/nesting';
import { InboxPeers } from './inbox-peers';
import { InboxRooms } from './inbox-rooms';
import { InboxServer, InboxSocket, personRoom } from './inbox-server';
import { InboxService } from './inbox.service';

/** `{ ids: [...] }` is two levels; a deeper report is refused before anything walks it. */
const REPORT_MAX_DEPTH = 4;

/** Reports are validated as HTTP bodies are: Nest's pipe, the same options. */
const REPORT_PIPE = new ValidationPipe(VALIDATION_OPTIONS);
const REPORT_METADATA: ArgumentMetadata = { type: 'body', metatype: DisplayedReportDto };

/** A refused handshake: the client's `connect_error` carries the message and `data`. */
function refusal(reason: string, data: HandshakeRefusal): Error & { data: HandshakeRefusal } {
  return Object.assign(new Error(`${HANDSHAKE_REFUSED_PREFIX} ${reason}`), { data });
}

/**
 * The readers' Socket.IO endpoint. Signs a page in with the username of its handshake, puts
 * it in its person's room, and translates between socket events and the inbox service.
 */
@WebSocketGateway({ serveClient: false, maxHttpBufferSize: 256 * 1024 })
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
      const { username } = (socket.handshake.auth ?? {}) as Partial<InboxHandshakeAuth>;
      const code = usernameProblemCode(username);
      if (code) return next(refusal(usernameProblem(username) ?? code, { retryable: false, code }));
      socket.data.username = normaliseUsername(username as string);
      next();
    });
    this.rooms = new InboxRooms(server);
    this.inbox.attach(this.rooms);
    this.peers = new InboxPeers(server, this.link, this.inbox);
  }

  async handleConnection(socket: InboxSocket): Promise<void> {
    const { username } = socket.data;
    await socket.join(personRoom(username));
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
    if (nestsDeeperThan(report, REPORT_MAX_DEPTH)) {
      return {
        deleted: [],
        unknown: [],
        error: `a report nests at most ${REPORT_MAX_DEPTH} levels`,
      };
    }
    let dto: DisplayedReportDto;
    try {
      dto = (await REPORT_PIPE.transform(report ?? {}, REPORT_METADATA)) as DisplayedReportDto;
    } catch (failure) {
      const answer = failure instanceof BadRequestException ? failure.getResponse() : undefined;
      const messages = (answer as { message?: string | string[] } | undefined)?.message;
      const error = [messages ?? 'a report is { ids: string[] }'].flat().join('; ');
      return { deleted: [], unknown: [], error };
    }
    const { username } = socket.data;
    const here = this.inbox.displayed(username, dto.ids, socket.id);
    if (here.unknown.length === 0) return here;
    // Held by the instance whose consumer RabbitMQ delivered them to: ask the others.
    const elsewhere = new Set(await this.peers.displayed(username, here.unknown, socket.id));
    return {
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
