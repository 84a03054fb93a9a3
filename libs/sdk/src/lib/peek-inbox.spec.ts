import {
  HANDSHAKE_REFUSED_PREFIX,
  type HandshakeRefusal,
  type InboxMessage,
} from '@prontogram/contracts/wire';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { ProntoGramError } from './errors';
import { peekInbox } from './peek-inbox';

function inboxMessage(id: string, body: string): InboxMessage {
  return {
    id,
    sender: 'ACMESky',
    receiver: 'mario.rossi',
    body,
    sentAt: '2026-11-28T09:30:00.000Z',
    expiresAt: '2026-11-29T09:30:00.000Z',
  };
}

/** A Socket.IO server standing in for the API's gateway, recording what readers do. */
class FakeGateway {
  readonly events: string[] = [];
  readonly auths: unknown[] = [];
  private readonly disconnected: Promise<void>;
  private onDisconnect = (): void => undefined;

  private constructor(
    readonly io: Server,
    readonly baseUrl: string,
  ) {
    this.disconnected = new Promise((resolve) => (this.onDisconnect = resolve));
  }

  static async start(onConnect: (socket: Socket) => void): Promise<FakeGateway> {
    const http = createServer();
    const io = new Server(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const gateway = new FakeGateway(io, `http://127.0.0.1:${(http.address() as AddressInfo).port}`);
    io.on('connection', (socket) => {
      gateway.auths.push(socket.handshake.auth);
      socket.onAny((event: string) => gateway.events.push(event));
      socket.on('disconnect', () => gateway.onDisconnect());
      onConnect(socket);
    });
    return gateway;
  }

  whenDisconnected(): Promise<void> {
    return this.disconnected;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.io.close(() => resolve()));
  }
}

describe('peekInbox', () => {
  let gateway: FakeGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('collects every batch until a quiet period, reports nothing, and disconnects', async () => {
    gateway = await FakeGateway.start((socket) => {
      socket.emit('inbox:messages', [inboxMessage('a', 'first'), inboxMessage('b', 'second')]);
      // A second batch, a redelivery of the first message in it, and one that expired.
      setImmediate(() => {
        socket.emit('inbox:messages', [inboxMessage('c', 'third'), inboxMessage('a', 'first')]);
        socket.emit('inbox:expired', ['b']);
      });
    });

    const waiting = await peekInbox(gateway.baseUrl, 'mario.rossi', { quietMs: 100 });

    expect(waiting.map((message) => message.body)).toEqual(['first', 'third']);
    await gateway.whenDisconnected();
    expect(gateway.events).toEqual([]); // Never `inbox:displayed`.
    expect(gateway.auths).toEqual([{ username: 'mario.rossi' }]);
  });

  it('signs in with a token where one is given, and finds an empty inbox empty', async () => {
    gateway = await FakeGateway.start(() => undefined);

    await expect(
      peekInbox(gateway.baseUrl, 'mario.rossi', { token: 'eyJ…', quietMs: 50 }),
    ).resolves.toEqual([]);
    expect(gateway.auths).toEqual([{ username: 'mario.rossi', token: 'eyJ…' }]);
  });

  it("turns a refused sign-in into a ProntoGramError with the server's reason and code", async () => {
    gateway = await FakeGateway.start(() => undefined);
    gateway.io.use((_socket, next) => {
      const data: HandshakeRefusal = { retryable: false, code: 'link-required' };
      next(Object.assign(new Error(`${HANDSHAKE_REFUSED_PREFIX} ask for a link`), { data }));
    });

    const refused = await peekInbox(gateway.baseUrl, 'mario.rossi').catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(ProntoGramError);
    expect(refused).toMatchObject({
      status: undefined,
      serverMessage: 'ask for a link',
      code: 'link-required',
      retryable: false,
      message: 'sign-in refused (link-required): ask for a link',
    });
  });
});
