import * as net from 'node:net';
import fc from 'fast-check';
import { testMessage } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { inboxQueues, invalidInboxesSince } from './inboxes';

jest.setTimeout(300_000);

const MIB = 1024 * 1024;

/** Strings a sender should never send: control characters, lone surrogates, markup, huge. */
const oddText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    '\ud800',
    '\r\n',
    '<b>x</b>',
    '__proto__',
    'a'.repeat(70),
  ),
);
const oddValue = fc.oneof(
  oddText,
  fc.anything({ key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor')) }),
);
const looseMessage = fc.record(
  {
    sender: oddValue,
    receiver: oddValue,
    body: oddValue,
    send_time: oddValue,
    ttlSeconds: fc.oneof(oddValue, fc.double(), fc.integer()),
    extra: oddValue,
  },
  { requiredKeys: [] },
);

/** Request bodies: wrong types, huge and deep JSON, prototype keys, truncated, not JSON. */
const bodies = fc.oneof(
  looseMessage.map((message) => JSON.stringify(message)),
  fc.json(),
  looseMessage
    .map((message) => JSON.stringify(message))
    .chain((text) => fc.nat(text.length).map((cut) => text.slice(0, cut))),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc
    .integer({ min: 1, max: 5_000 })
    .map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.constantFrom(
    '{"__proto__":{"polluted":true},"sender":"a","receiver":"b","body":"c"}',
    '{"sender":"a","receiver":"b","body":"c","constructor":{"prototype":{"polluted":true}}}',
    'null',
    '',
  ),
  fc.string({ unit: 'binary' }),
  fc
    .integer({ min: 70_000, max: 300_000 })
    .map((size) => JSON.stringify({ sender: 'a', receiver: 'b', body: 'x'.repeat(size) })),
);
const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  undefined,
);

describe('POST /messages under generated garbage', () => {
  const suite = startApiForSuite();

  it('answers 202 or a 4xx with a message, stays up with bounded memory, and makes no invalid queue', async () => {
    const queuesBefore = await inboxQueues();
    const residentBefore = await suite.api.residentBytes();

    await fc.assert(
      fc.asyncProperty(bodies, contentTypes, async (body, contentType) => {
        const response = await fetch(`${suite.api.baseUrl}/messages`, {
          method: 'POST',
          headers: contentType === undefined ? {} : { 'content-type': contentType },
          body,
        });
        const text = await response.text();
        if (response.status === 202) return;
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        const { message } = JSON.parse(text) as { message: string | string[] };
        expect(message.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );

    expect((await fetch(`${suite.api.baseUrl}/health/live`)).status).toBe(200);
    expect(await suite.api.residentBytes()).toBeLessThan(residentBefore + 200 * MIB);
    expect(await invalidInboxesSince(queuesBefore)).toEqual([]);
  });

  it('survives a connection that dies in the middle of a body', async () => {
    const { hostname, port } = new URL(suite.api.baseUrl);
    const socket = net.connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100\r\n\r\n{"sender":"a",',
    );
    socket.resetAndDestroy();

    expect((await fetch(`${suite.api.baseUrl}/health/live`)).status).toBe(200);
    const after = await fetch(`${suite.api.baseUrl}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(testMessage({ receiver: 'e2e-fuzz-after-cut', body: 'still here' })),
    });
    expect(after.status).toBe(202);
  });
});
