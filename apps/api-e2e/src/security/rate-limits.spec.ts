import { randomUUID } from 'node:crypto';
import type { ErrorResponse, HandshakeRefusal, MessageAccepted } from '@prontogram/contracts';
import {
  BrokerProbe,
  inboxQueueOf,
  queueCounts,
  RunningApi,
  testMessage,
  uniqueUsername,
  waitFor,
  waitUntilEmpty,
} from '@prontogram/e2e-support';
import { startInstances } from '../scale/instances';
import { type ApiSuite, startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';
import { senderKey, senderKeysSetting, TestSenderKey } from './sender-keys';

jest.setTimeout(60_000);

/**
 * The rate limits and the cap on open pages, each with a small setting: going over is refused
 * with when to come back, other traffic goes on meanwhile, and the same traffic is taken again
 * once that time has passed.
 */

const acmeSky = senderKey('acmesky', ['ACMESky']);
const yourBank = senderKey('yourbank', ['YourBank']);

/** Every limit far out of reach: each test brings down only the one it looks at. */
const OUT_OF_REACH: Record<string, string> = {
  RATE_LIMIT_SEND_PER_KEY: '1000000/1s',
  RATE_LIMIT_SEND_PER_IP: '1000000/1s',
  RATE_LIMIT_CONNECT_PER_IP: '1000000/1m',
  RATE_LIMIT_SOCKET_EVENTS: '1000000/1s',
  MAX_SESSIONS_PER_USERNAME: '10000',
};

/** How much later than its Retry-After a refused client may still be refused: a slow machine. */
const MARGIN_MS = 2000;

let broker: BrokerProbe;
const queues = new Set<string>();
const clients: InboxClient[] = [];

beforeAll(async () => {
  broker = await BrokerProbe.connect();
});

afterEach(() => {
  clients.splice(0).forEach((client) => client.close());
});

afterAll(async () => {
  for (const queue of queues) await broker.deleteQueue(queue);
  await broker.close();
});

/** A new person, whose queue is deleted once the file is done. */
function person(label: string): string {
  const username = uniqueUsername(label);
  queues.add(inboxQueueOf(username));
  return username;
}

/**
 * The API of a suite, with these settings, counting alone (no Redis): nothing another test,
 * or an earlier run, did from this address counts here.
 */
function startAloneForSuite(env: Record<string, string>): ApiSuite {
  return startApiForSuite({
    env: {
      ...OUT_OF_REACH,
      REDIS_URL: '',
      SENDER_KEYS: senderKeysSetting([acmeSky, yourBank]),
      ...env,
    },
  });
}

/** POSTs an offer to `receiver` with `key`, under the key's sender name. */
function offer(api: RunningApi, key: TestSenderKey, receiver: string): Promise<Response> {
  return api.postJson(
    '/messages',
    testMessage({ sender: key.senders[0], receiver, body: 'Rome, 30% off: ROMA30' }),
    key.header,
  );
}

async function statusOf(response: Response): Promise<number> {
  await response.arrayBuffer();
  return response.status;
}

/** The statuses of these requests, made one after the other. */
async function statuses(requests: (() => Promise<Response>)[]): Promise<number[]> {
  const answers: number[] = [];
  for (const request of requests) answers.push(await statusOf(await request()));
  return answers;
}

/** A wait the server asks for: whole seconds, at least one, at most the limit's window. */
function expectRetryAfter(seconds: number | undefined, windowSeconds: number): void {
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(windowSeconds);
}

/**
 * Checks a refusal for going over a sending limit: 429, a numeric Retry-After, and a body
 * naming the limit (`limit`: "POSTs from this address: at most 4 per 2s"). Returns the
 * Retry-After, in seconds.
 */
async function expectTooMany(
  response: Response,
  limit: string,
  windowSeconds: number,
): Promise<number> {
  expect(response.status).toBe(429);
  expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  const retryAfter = Number(response.headers.get('retry-after'));
  expectRetryAfter(retryAfter, windowSeconds);
  expect((await response.json()) as ErrorResponse).toEqual({
    statusCode: 429,
    error: 'Too Many Requests',
    message: `too many ${limit}; retry in ${retryAfter} s`,
  });
  return retryAfter;
}

/**
 * Waits out `retryAfter` as a well-behaved client does, then repeats `request` until it is
 * accepted, which must happen within a margin. Knocking while refused would count too: in
 * Redis every refused hit counts in the next window, and a client that never stops never
 * gets through.
 */
async function acceptedAgain(
  request: () => Promise<Response>,
  retryAfter: number,
  what: string,
): Promise<void> {
  const retryAt = Date.now() + retryAfter * 1000;
  await waitFor(
    async () => Date.now(),
    (now) => now >= retryAt,
    { what: 'Retry-After to pass', timeoutMs: retryAfter * 1000 + MARGIN_MS },
  );
  await waitFor(
    async () => statusOf(await request()),
    (status) => status === 202,
    { what, timeoutMs: MARGIN_MS },
  );
}

/** Checks that `receiver`, who never signed in, has exactly `count` messages waiting. */
async function expectQueued(receiver: string, count: number): Promise<void> {
  expect(await broker.queueStatus(inboxQueueOf(receiver))).toEqual({
    messageCount: count,
    consumerCount: 0,
  });
}

/** A page of `username`, closed after the test. */
async function page(api: RunningApi, username: string): Promise<InboxClient> {
  const client = await InboxClient.connect(api.baseUrl, { username });
  clients.push(client);
  return client;
}

/** The `connect_error` of a page the server must refuse; fails when it lets the page in. */
async function refusedPage(
  api: RunningApi,
  username: string,
): Promise<Error & { data: HandshakeRefusal }> {
  try {
    await page(api, username);
  } catch (error) {
    return error as Error & { data: HandshakeRefusal };
  }
  throw new Error(`a page of ${username} was let in`);
}

describe('per sender key on POST /messages (RATE_LIMIT_SEND_PER_KEY=3/2s)', () => {
  const suite = startAloneForSuite({ RATE_LIMIT_SEND_PER_KEY: '3/2s' });

  it('refuses the key over its limit with Retry-After, takes the other key meanwhile, and the first after Retry-After', async () => {
    const receiver = person('per-key');
    const fromAcmeSky = () => offer(suite.api, acmeSky, receiver);
    const fromYourBank = () => offer(suite.api, yourBank, receiver);

    expect(await statuses([fromAcmeSky, fromAcmeSky, fromAcmeSky])).toEqual([202, 202, 202]);
    const retryAfter = await expectTooMany(
      await fromAcmeSky(),
      'POSTs from this sender key: at most 3 per 2s',
      2,
    );

    // Limits are per key: YourBank has three of its own, while ACMESky is still refused.
    expect(await statuses([fromYourBank, fromYourBank, fromYourBank])).toEqual([202, 202, 202]);
    expect(await statuses([fromAcmeSky])).toEqual([429]);

    await acceptedAgain(fromAcmeSky, retryAfter, "ACMESky's key to be accepted again");
    // Only what was accepted was queued: three and three, and the one after the wait.
    await expectQueued(receiver, 7);
  });
});

describe('per address on POST /messages (RATE_LIMIT_SEND_PER_IP=4/2s)', () => {
  const suite = startAloneForSuite({ RATE_LIMIT_SEND_PER_IP: '4/2s' });

  it('refuses an address over its limit whichever keys it alternates, then takes it again', async () => {
    const receiver = person('per-ip');
    const alternating = [acmeSky, yourBank, acmeSky, yourBank].map(
      (key) => () => offer(suite.api, key, receiver),
    );

    expect(await statuses(alternating)).toEqual([202, 202, 202, 202]);
    const limit = 'POSTs from this address: at most 4 per 2s';
    const retryAfter = await expectTooMany(await offer(suite.api, acmeSky, receiver), limit, 2);
    // The other key, from the same address, is refused just the same.
    await expectTooMany(await offer(suite.api, yourBank, receiver), limit, 2);

    await acceptedAgain(
      () => offer(suite.api, yourBank, receiver),
      retryAfter,
      'the address to be accepted again',
    );
    await expectQueued(receiver, 5);
  });
});

describe('per address on socket connections (RATE_LIMIT_CONNECT_PER_IP=3/2s)', () => {
  const suite = startAloneForSuite({ RATE_LIMIT_CONNECT_PER_IP: '3/2s' });

  it('refuses the connection over the limit as retryable, saying when, then lets a page in', async () => {
    const username = person('connect');
    for (let i = 0; i < 3; i++) await page(suite.api, username);

    const refused = await refusedPage(suite.api, username);
    expect(refused.message).toMatch(
      /^sign-in refused: too many connections from this address: at most 3 per 2s; retry in \d s$/,
    );
    expect(refused.data).toEqual({
      retryable: true,
      code: 'rate-limited',
      retryAfterSeconds: expect.any(Number),
    });
    const retryAfter = refused.data.retryAfterSeconds as number;
    expectRetryAfter(retryAfter, 2);
    // The three pages already open are not touched.
    expect(clients.map((client) => client.connected)).toEqual([true, true, true]);

    const again = await waitFor(async () => (await page(suite.api, username)).connected, Boolean, {
      what: 'a connection to be let in again',
      timeoutMs: retryAfter * 1000 + MARGIN_MS,
    });
    expect(again).toBe(true);
  });
});

describe('per connection on socket events (RATE_LIMIT_SOCKET_EVENTS=2/2s)', () => {
  const suite = startAloneForSuite({ RATE_LIMIT_SOCKET_EVENTS: '2/2s' });

  it('answers a report over the limit with when to retry and deletes nothing, then takes the same report', async () => {
    const username = person('events');
    const queue = inboxQueueOf(username);
    const reader = await page(suite.api, username);
    const response = await offer(suite.api, acmeSky, username);
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as MessageAccepted;
    await reader.waitForDelivery(id);

    // Two reports of a message that is nobody's use up the connection's events.
    const stranger = randomUUID();
    expect(await reader.report([stranger])).toEqual({ deleted: [], unknown: [stranger] });
    expect(await reader.report([stranger])).toEqual({ deleted: [], unknown: [stranger] });

    const refused = await reader.report([id]);
    expect(refused).toEqual({
      deleted: [],
      unknown: [],
      error: expect.stringMatching(
        /^too many events on this connection: at most 2 per 2s; retry in \d s$/,
      ),
      retryAfterSeconds: expect.any(Number),
    });
    expectRetryAfter(refused.retryAfterSeconds, 2);
    // Nothing was deleted: the message is still delivered and waiting for its report.
    expect(await queueCounts(queue)).toEqual({ ready: 0, unacked: 1, consumers: 1 });

    const taken = await waitFor(
      () => reader.report([id]),
      (result) => result.error === undefined,
      {
        what: 'the same report to be taken',
        timeoutMs: (refused.retryAfterSeconds as number) * 1000 + MARGIN_MS,
      },
    );
    expect(taken).toEqual({ deleted: [id], unknown: [] });
    await waitUntilEmpty(queue);
  });
});

describe('open pages per person (MAX_SESSIONS_PER_USERNAME=2)', () => {
  const suite = startAloneForSuite({ MAX_SESSIONS_PER_USERNAME: '2' });

  it('refuses a third page of a person for good, lets another person in, and a new page once one closed', async () => {
    const username = person('sessions');
    const first = await page(suite.api, username);
    await page(suite.api, username);

    const refused = await refusedPage(suite.api, username);
    expect(refused.message).toBe(
      'sign-in refused: this person already has 2 pages open, the most allowed; close one and retry',
    );
    expect(refused.data).toEqual({ retryable: false, code: 'too-many-sessions' });

    // The cap is per person: somebody else still signs in.
    expect((await page(suite.api, person('other'))).connected).toBe(true);

    first.close();
    await waitFor(async () => (await page(suite.api, username)).connected, Boolean, {
      what: 'a new page once one of the two closed',
    });
    // Two pages open again: the cap holds as before.
    expect((await refusedPage(suite.api, username)).data).toEqual({
      retryable: false,
      code: 'too-many-sessions',
    });
  });
});

describe('a sending limit shared by two instances through Redis (RATE_LIMIT_SEND_PER_KEY=4/3s)', () => {
  // Redis outlives this file: a key of this run alone, so that no earlier count is found there.
  const shared = senderKey(uniqueUsername('shared-key'), ['ACMESky']);
  let a: RunningApi;
  let b: RunningApi;

  beforeAll(async () => {
    [a, b] = await startInstances(2, {
      ...OUT_OF_REACH,
      SENDER_KEYS: senderKeysSetting([shared]),
      RATE_LIMIT_SEND_PER_KEY: '4/3s',
    });
  });

  afterAll(async () => {
    expect(await a.stop()).toBe(true);
    expect(await b.stop()).toBe(true);
  });

  it('accepts no more than the limit over both instances in a window, refuses the next on either, then accepts again', async () => {
    const receiver = person('shared');
    const on = (api: RunningApi) => () => offer(api, shared, receiver);

    // Four to each instance, alternating: counting alone, each would accept all of its four.
    const started = Date.now();
    const answers = await statuses([a, b, a, b, a, b, a, b].map(on));
    expect(Date.now() - started).toBeLessThan(3000); // All in one window, as the test means.
    expect(answers).toEqual([202, 202, 202, 202, 429, 429, 429, 429]);

    const limit = 'POSTs from this sender key: at most 4 per 3s';
    await expectTooMany(await on(a)(), limit, 3);
    const retryAfter = await expectTooMany(await on(b)(), limit, 3);

    await acceptedAgain(on(a), retryAfter, 'the key to be accepted again');
    await expectQueued(receiver, 5);
  });
});
