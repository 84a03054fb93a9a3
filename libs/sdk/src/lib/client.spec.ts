import {
  EXAMPLE_ACCEPTED,
  type ErrorResponse,
  type MessageAccepted,
  type SendMessage,
} from '@prontogram/contracts/wire';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProntoGramClient } from './client';
import { ProntoGramError, ProntoGramUnavailableError } from './errors';
import type { Clock, RetryPolicy } from './retry';

type Reply = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP server on a free port that answers each request with the next reply given. */
class ScriptedApi {
  readonly requests: { headers: IncomingHttpHeaders; body: string }[] = [];

  private constructor(private readonly server: Server) {}

  static async start(replies: Reply[]): Promise<ScriptedApi> {
    const server = createServer();
    const api = new ScriptedApi(server);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        api.requests.push({ headers: request.headers, body });
        const reply = replies[Math.min(api.requests.length, replies.length) - 1];
        reply(request, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const ACCEPTED: MessageAccepted = { ...EXAMPLE_ACCEPTED };
const MESSAGE: SendMessage = {
  sender: 'ACMESky',
  receiver: 'mario.rossi',
  body: 'Il tuo codice offerta è: ABC123.',
};

function answer(status: number, body: object, headers: Record<string, string> = {}): Reply {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
}

const accepted = answer(202, ACCEPTED);
const error = (statusCode: number, message: string | string[], extra: object = {}): object =>
  ({ statusCode, error: 'Error', message, ...extra }) satisfies ErrorResponse;
const unavailable = (retryAfter?: string): Reply =>
  answer(
    503,
    error(503, 'RabbitMQ is away; retry later'),
    retryAfter ? { 'retry-after': retryAfter } : {},
  );
const dropConnection: Reply = (request) => request.socket.destroy();

/** A clock whose sleeps return at once and move its time on: retries without waiting. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('ProntoGramClient.send', () => {
  let api: ScriptedApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  const clientOf = (
    server: ScriptedApi | string,
    clock: Clock,
    retry: Partial<RetryPolicy> = {},
  ): ProntoGramClient =>
    new ProntoGramClient({
      baseUrl: typeof server === 'string' ? server : server.baseUrl,
      key: 'pg_test',
      retry,
      clock,
    });

  it('retries a 503 after its Retry-After with the same Idempotency-Key, then resolves with the 202', async () => {
    api = await ScriptedApi.start([unavailable('1'), accepted]);
    const clock = fakeClock();

    await expect(clientOf(api, clock).send(MESSAGE)).resolves.toEqual(ACCEPTED);

    expect(clock.sleeps).toEqual([1000]);
    const [first, second] = api.requests;
    expect(first.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
    expect(first.headers['authorization']).toBe('Bearer pg_test');
    expect(first.headers['content-type']).toBe('application/json');
    expect(JSON.parse(second.body)).toEqual(MESSAGE);
  });

  it("sends the caller's Idempotency-Key, and a new one for each send without", async () => {
    api = await ScriptedApi.start([accepted]);
    const client = clientOf(api, fakeClock());

    await client.send(MESSAGE, { idempotencyKey: 'offer-ABC123' });
    await client.send(MESSAGE);
    await client.send(MESSAGE);

    const keys = api.requests.map((request) => request.headers['idempotency-key']);
    expect(keys[0]).toBe('offer-ABC123');
    expect(new Set(keys).size).toBe(3);
  });

  it('waits out a 429 as its Retry-After says', async () => {
    const tooMany = answer(429, error(429, 'over 100/1s POSTs from this sender key'), {
      'retry-after': '2',
    });
    api = await ScriptedApi.start([tooMany, accepted]);
    const clock = fakeClock();

    await expect(clientOf(api, clock).send(MESSAGE)).resolves.toEqual(ACCEPTED);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('never retries a 400, and hands on every reason the API gave', async () => {
    const reasons = ['receiver: a username is 1 to 64 characters', 'body should not be empty'];
    api = await ScriptedApi.start([answer(400, error(400, reasons)), accepted]);

    const refused = await clientOf(api, fakeClock())
      .send(MESSAGE)
      .catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(ProntoGramError);
    expect(refused).toMatchObject({ status: 400, serverMessage: reasons, retryable: false });
    expect((refused as Error).message).toBe(`refused with 400: ${reasons.join('; ')}`);
    expect(api.requests).toHaveLength(1);
  });

  it('says inbox-full with its code, retryable later but not retried now', async () => {
    const full = error(409, 'inbox full: 10000 unread messages waiting', { code: 'inbox-full' });
    api = await ScriptedApi.start([answer(409, full), accepted]);

    const refused = await clientOf(api, fakeClock())
      .send(MESSAGE)
      .catch((e: unknown) => e);

    expect(refused).toMatchObject({ status: 409, code: 'inbox-full', retryable: true });
    expect(api.requests).toHaveLength(1);
  });

  it('gives up at once when the wait asked for would pass the time bound', async () => {
    api = await ScriptedApi.start([unavailable('1')]);
    const clock = fakeClock();

    const gaveUp = await clientOf(api, clock, { maxTotalMs: 2500 })
      .send(MESSAGE)
      .catch((e: unknown) => e);

    // Tries at 0, 1 and 2 s; a try at 3 s would pass 2.5 s.
    expect(gaveUp).toBeInstanceOf(ProntoGramUnavailableError);
    expect(gaveUp).toMatchObject({ attempts: 3, elapsedMs: 2000 });
    expect((gaveUp as Error).message).toMatch(
      /^gave up after 3 attempts in 2\.0 s: refused with 503/,
    );
    expect((gaveUp as ProntoGramUnavailableError).lastError).toMatchObject({ status: 503 });
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('does not wait a Retry-After longer than the whole bound', async () => {
    api = await ScriptedApi.start([unavailable('60')]);
    const clock = fakeClock();

    await expect(clientOf(api, clock).send(MESSAGE)).rejects.toMatchObject({ attempts: 1 });
    expect(clock.sleeps).toEqual([]);
  });

  it('backs off exponentially with jitter when no Retry-After comes, up to maxAttempts', async () => {
    api = await ScriptedApi.start([unavailable()]);
    const clock = fakeClock();

    await expect(clientOf(api, clock, { maxAttempts: 4 }).send(MESSAGE)).rejects.toMatchObject({
      attempts: 4,
    });

    expect(api.requests).toHaveLength(4);
    const [first, second, third] = clock.sleeps;
    expect(first).toBeGreaterThanOrEqual(125);
    expect(first).toBeLessThanOrEqual(250);
    expect(second).toBeGreaterThanOrEqual(250);
    expect(second).toBeLessThanOrEqual(500);
    expect(third).toBeGreaterThanOrEqual(500);
    expect(third).toBeLessThanOrEqual(1000);
  });

  it('retries a connection the server dropped, with the same key, and then succeeds', async () => {
    api = await ScriptedApi.start([dropConnection, accepted]);
    const clock = fakeClock();

    await expect(clientOf(api, clock).send(MESSAGE)).resolves.toEqual(ACCEPTED);

    expect(api.requests).toHaveLength(2);
    expect(api.requests[1].headers['idempotency-key']).toBe(
      api.requests[0].headers['idempotency-key'],
    );
    expect(clock.sleeps).toHaveLength(1);
  });

  it('retries a refused connection, and says so when it gives up', async () => {
    // A port that was free a moment ago: nothing listens there.
    const closed = await ScriptedApi.start([accepted]);
    const url = closed.baseUrl;
    await closed.close();

    const gaveUp = await clientOf(url, fakeClock(), { maxAttempts: 2 })
      .send(MESSAGE)
      .catch((e: unknown) => e);

    expect(gaveUp).toBeInstanceOf(ProntoGramUnavailableError);
    expect(gaveUp).toMatchObject({ attempts: 2 });
    expect((gaveUp as Error).message).toContain(`no answer from ${url}/messages`);
    expect((gaveUp as Error).message).toContain('ECONNREFUSED');
  });

  it('gives up at once on a host that does not exist', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), {
      code: 'ENOTFOUND',
    });
    const client = new ProntoGramClient({
      baseUrl: 'http://nowhere.invalid',
      clock: fakeClock(),
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: notFound });
      },
    });

    await expect(client.send(MESSAGE)).rejects.toMatchObject({
      attempts: 1,
      message: expect.stringContaining('ENOTFOUND'),
    });
  });

  it('abandons a request still unanswered when the time bound ends', async () => {
    api = await ScriptedApi.start([() => undefined]); // Never answers.

    const started = Date.now();
    const gaveUp = await new ProntoGramClient({ baseUrl: api.baseUrl, retry: { maxTotalMs: 200 } })
      .send(MESSAGE)
      .catch((e: unknown) => e);

    expect(gaveUp).toBeInstanceOf(ProntoGramUnavailableError);
    expect((gaveUp as Error).message).toContain('no answer from');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('keeps a path prefix of the base URL and sends no Authorization without a key', async () => {
    const seen: string[] = [];
    api = await ScriptedApi.start([
      (request, response) => {
        seen.push(request.url ?? '');
        accepted(request, response);
      },
    ]);

    await new ProntoGramClient({ baseUrl: `${api.baseUrl}/prontogram/` }).send(MESSAGE);

    expect(seen).toEqual(['/prontogram/messages']);
    expect(api.requests[0].headers['authorization']).toBeUndefined();
  });
});
