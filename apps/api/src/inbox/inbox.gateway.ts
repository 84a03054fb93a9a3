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
  InboxClientToServerEvents,
  InboxHandshakeAuth,
  InboxServerToClientEvents,
  normaliseUsername,
  usernameProblem,
  usernameProblemCode,
  UsernameProblemCode,
} from '@prontogram/contracts';
import type { Server, Socket } from 'socket.io';
import { VALIDATION_OPTIONS } from '../validation/compiled-validation.pipe';
import { nestsDeeperThan } from '../validation/nesting';
import { InboxService } from './inbox.service';
import type { InboxSession } from './inbox-session';

/** `{ ids: [...] }` is two levels; a deeper report is refused before anything walks it. */
const REPORT_MAX_DEPTH = 4;

/** Reports are validated as HTTP bodies are: Nest's pipe, the same options. */
const REPORT_PIPE = new ValidationPipe(VALIDATION_OPTIONS);
const REPORT_METADATA: ArgumentMetadata = { type: 'body', metatype: DisplayedReportDto };

interface SocketData {
  username: string;
}
type InboxServer = Server<InboxClientToServerEvents, InboxServerToClientEvents, object, SocketData>;
type InboxSocket = Socket<InboxClientToServerEvents, InboxServerToClientEvents, object, SocketData>;

interface RefusalData {
  retryable: boolean;
  /** Why a username was refused, as a code a page can translate. */
  code?: UsernameProblemCode;
}

/** A refused handshake: the client's `connect_error` carries the message and `data`. */
function refusal(reason: string, data: RefusalData): Error & { data: RefusalData } {
  return Object.assign(new Error(`${HANDSHAKE_REFUSED_PREFIX} ${reason}`), { data });
}

function sessionOf(socket: InboxSocket): InboxSession {
  return {
    id: socket.id,
    deliver: (messages) => socket.emit('inbox:messages', messages),
    viewed: (ids) => socket.emit('inbox:viewed', ids),
    expired: (ids) => socket.emit('inbox:expired', ids),
  };
}

/**
 * The readers' Socket.IO endpoint. Signs a session in with the username of its handshake,
 * and translates between socket events and the inbox service.
 */
@WebSocketGateway({ serveClient: false, maxHttpBufferSize: 256 * 1024 })
export class InboxGateway
  implements OnGatewayInit<InboxServer>, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  @WebSocketServer() private readonly server!: InboxServer;
  private accepting = true;

  constructor(private readonly inbox: InboxService) {}

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
  }

  async handleConnection(socket: InboxSocket): Promise<void> {
    await this.inbox.join(socket.data.username, sessionOf(socket));
    // It may have gone while joining: then its disconnect found nothing to leave.
    if (socket.disconnected) await this.inbox.leave(socket.data.username, socket.id);
  }

  async handleDisconnect(socket: InboxSocket): Promise<void> {
    await this.inbox.leave(socket.data.username, socket.id);
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
    return this.inbox.displayed(socket.data.username, dto.ids, socket.id);
  }

  /**
   * Shutdown: refuse new sessions and drop the open ones at the transport, so their pages
   * reconnect (to another instance, or to this one once it is back); their pending messages
   * go back to the queues as their sessions leave.
   */
  onModuleDestroy(): void {
    this.accepting = false;
    for (const socket of this.server.sockets.sockets.values()) socket.conn.close();
  }
}
