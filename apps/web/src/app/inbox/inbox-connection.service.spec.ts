import { TestBed } from '@angular/core/testing';
import type { InboxMessage } from '@prontogram/contracts/wire';
import { InboxConnectionService, InboxSocket, SOCKET_FACTORY } from './inbox-connection.service';

type Listener = (...args: unknown[]) => void;

/** Stands in for socket.io-client's socket: the test plays the server's part. */
class FakeSocket {
  readonly listeners = new Map<string, Listener[]>();
  connected = false;
  active = true;
  connectCalls = 0;
  emitted: { event: string; payload: unknown }[] = [];
  ackWith: unknown = { deleted: [], unknown: [] };

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }
  disconnect(): this {
    this.connected = false;
    return this;
  }
  connect(): this {
    this.connectCalls += 1;
    return this;
  }
  timeout(): this {
    return this;
  }
  async emitWithAck(event: string, payload: unknown): Promise<unknown> {
    this.emitted.push({ event, payload });
    return this.ackWith;
  }
  /** The server (or the transport) does something. */
  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

describe('InboxConnectionService', () => {
  let socket: FakeSocket;
  let options: unknown;
  let connection: InboxConnectionService;

  beforeEach(() => {
    socket = new FakeSocket();
    TestBed.configureTestingModule({
      providers: [
        {
          provide: SOCKET_FACTORY,
          useValue: (given: unknown) => {
            options = given;
            return socket as unknown as InboxSocket;
          },
        },
      ],
    });
    connection = TestBed.inject(InboxConnectionService);
  });

  it('signs in with the username in the handshake and reports its status', () => {
    connection.connect('mario');
    expect(options).toMatchObject({ auth: { username: 'mario' } });
    expect(connection.status()).toBe('connecting');

    socket.fire('connect');
    expect(connection.status()).toBe('connected');

    socket.fire('disconnect', 'transport close');
    expect(connection.status()).toBe('reconnecting');
    expect(socket.connectCalls).toBe(0);
  });

  it('comes back by itself after the server dropped it', () => {
    connection.connect('mario');
    socket.fire('connect');
    socket.fire('disconnect', 'io server disconnect');

    expect(socket.connectCalls).toBe(1);
    expect(connection.status()).toBe('reconnecting');
  });

  it('passes the server events on', () => {
    const batches: InboxMessage[][] = [];
    const viewed: string[][] = [];
    connection.messages$.subscribe((messages) => batches.push(messages));
    connection.viewed$.subscribe((ids) => viewed.push(ids));
    connection.connect('mario');

    const message = { id: 'a' } as InboxMessage;
    socket.fire('inbox:messages', [message]);
    socket.fire('inbox:viewed', ['a']);

    expect(batches).toEqual([[message]]);
    expect(viewed).toEqual([['a']]);
  });

  it('shows connected again when the socket outlived a network drop', () => {
    connection.connect('mario');
    socket.fire('connect');
    window.dispatchEvent(new Event('offline'));
    expect(connection.status()).toBe('offline');

    window.dispatchEvent(new Event('online'));

    expect(connection.status()).toBe('connected');
  });

  it('splits a long report into reports the server takes, and fails on a refused one', async () => {
    connection.connect('mario');
    socket.fire('connect');
    const ids = Array.from({ length: 2500 }, (_, index) => `id-${index}`);
    socket.ackWith = { deleted: ['x'], unknown: [] };

    await expect(connection.report(ids)).resolves.toEqual({
      deleted: ['x', 'x', 'x'],
      unknown: [],
    });
    expect(
      socket.emitted.map((report) => (report.payload as { ids: string[] }).ids.length),
    ).toEqual([1000, 1000, 500]);

    socket.ackWith = { deleted: [], unknown: [], error: 'ids must be an array' };
    await expect(connection.report(['a'])).rejects.toThrow('report refused: ids must be an array');
  });

  it('reports displayed ids and returns the server answer', async () => {
    connection.connect('mario');
    socket.fire('connect');
    socket.ackWith = { deleted: ['a'], unknown: [] };

    await expect(connection.report(['a'])).resolves.toEqual({ deleted: ['a'], unknown: [] });
    expect(socket.emitted).toEqual([{ event: 'inbox:displayed', payload: { ids: ['a'] } }]);
  });

  it('refuses to report while disconnected', async () => {
    connection.connect('mario');
    await expect(connection.report(['a'])).rejects.toThrow('not connected');
  });

  it('gives up and says why when the server refuses the username', () => {
    const reasons: string[] = [];
    connection.refused$.subscribe((reason) => reasons.push(reason));
    connection.connect('mario');

    socket.fire(
      'connect_error',
      Object.assign(new Error('sign-in refused: a username must not be empty'), {
        data: { retryable: false, code: 'empty' },
      }),
    );

    expect(reasons).toEqual(['empty']);
    expect(connection.status()).toBe('offline');
  });

  it('retries a handshake refused while the server shuts down, waiting longer each time', () => {
    jest.useFakeTimers();
    const random = jest.spyOn(Math, 'random').mockReturnValue(0); // The shortest jitter.
    const refuse = () =>
      socket.fire(
        'connect_error',
        Object.assign(new Error('sign-in refused: shutting down'), { data: { retryable: true } }),
      );
    try {
      connection.connect('mario');
      socket.active = false;

      // 500 ms, then 1 s, then 2 s, each halved by the jitter.
      for (const [retry, delayMs] of [250, 500, 1000].entries()) {
        refuse();
        expect(connection.status()).toBe('reconnecting');
        jest.advanceTimersByTime(delayMs - 1);
        expect(socket.connectCalls).toBe(retry);
        jest.advanceTimersByTime(1);
        expect(socket.connectCalls).toBe(retry + 1);
      }
    } finally {
      random.mockRestore();
      jest.useRealTimers();
    }
  });
});
