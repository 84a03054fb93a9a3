import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { usernameProblem } from '@prontogram/contracts';
import { startApiForSuite } from '../support/api-suite';
import { inboxQueues, invalidInboxesSince } from './inboxes';

jest.setTimeout(300_000);

const MIB = 1024 * 1024;
const prototypeKeys = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', 'username'),
);
const anything = fc.anything({ key: prototypeKeys, maxDepth: 6 });
const deep = fc
  .integer({ min: 1, max: 1_000 })
  .map((depth) => Array.from({ length: depth }).reduce<unknown>((inner) => ({ ids: inner }), []));

/** Opens a socket with `auth`; resolves with the socket, or with why it was refused. */
function handshake(baseUrl: string, auth: unknown): Promise<Socket | string> {
  const socket = io(baseUrl, {
    auth: auth as Record<string, unknown>,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error.message);
    });
    // A handshake socket.io cannot parse (an auth that is not an object) is closed at once.
    socket.io.once('close', (reason) => resolve(`connection closed: ${reason}`));
  });
}

describe('the socket under generated garbage', () => {
  const suite = startApiForSuite();

  it('refuses every handshake without a valid username, saying why, and makes no invalid queue', async () => {
    const queuesBefore = await inboxQueues();
    const auths = fc.oneof(
      anything,
      fc.record({ username: fc.oneof(anything, fc.string({ unit: 'binary' })) }),
    );
    await fc.assert(
      fc.asyncProperty(auths, async (auth) => {
        const outcome = await handshake(suite.api.baseUrl, auth);
        const username = (auth as { username?: unknown } | null)?.username;
        if (typeof outcome === 'string') {
          expect(outcome.length).toBeGreaterThan(0);
          expect(usernameProblem(username)).not.toBeNull();
        } else {
          expect(usernameProblem(username)).toBeNull();
          outcome.close();
        }
      }),
      { numRuns: 1000 },
    );
    expect(await invalidInboxesSince(queuesBefore)).toEqual([]);
  });

  it('answers every event of a signed-in page without failing it, and stays up', async () => {
    const residentBefore = await suite.api.residentBytes();
    const socket = await handshake(suite.api.baseUrl, { username: 'e2e-fuzz-events' });
    if (typeof socket === 'string') throw new Error(`refused: ${socket}`);
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof(anything, deep), async (payload) => {
          const answer = (await socket.timeout(5_000).emitWithAck('inbox:displayed', payload)) as {
            deleted: unknown[];
            unknown: unknown[];
            error?: string;
          };
          expect(Array.isArray(answer.deleted) && Array.isArray(answer.unknown)).toBe(true);
        }),
        { numRuns: 2000 },
      );
      await fc.assert(
        fc.asyncProperty(fc.string(), anything, async (event, payload) => {
          socket.emit(event, payload); // Events nobody listens to are dropped.
        }),
        { numRuns: 1000 },
      );
      expect(socket.connected).toBe(true);
      // Far deeper than socket.io-client can encode: a raw
      // frame, as a hostile client sends it.
      const deepest = '{"ids":'.repeat(10_000) + '[]' + '}'.repeat(10_000);
      socket.io.engine.send(`2["inbox:displayed",${deepest}]`);
      // socket.io drops that client; the process stays up and the next page is served.
      const next = await handshake(suite.api.baseUrl, { username: 'e2e-fuzz-events' });
      if (typeof next === 'string') throw new Error(`refused after the deep frame: ${next}`);
      const answer = (await next.timeout(5_000).emitWithAck('inbox:displayed', { ids: [] })) as {
        deleted: unknown[];
      };
      next.close();
      expect(answer.deleted).toEqual([]);
    } finally {
      socket.close();
    }
    expect((await fetch(`${suite.api.baseUrl}/health/live`)).status).toBe(200);
    expect(await suite.api.residentBytes()).toBeLessThan(residentBefore + 200 * MIB);
  });
});
