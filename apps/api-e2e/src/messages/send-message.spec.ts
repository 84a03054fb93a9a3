import type { InboxMessage, MessageAccepted } from '@prontogram/contracts';
import {
  inboxQueueOf,
  isDurable,
  testMessage,
  uniqueUsername,
  waitFor,
} from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';

const MAX_TTL_SECONDS = 3600;
const DEFAULT_TTL_SECONDS = 600;

describe('POST /messages against the real RabbitMQ', () => {
  const suite = startApiForSuite({
    env: {
      MESSAGE_TTL_MAX_SECONDS: String(MAX_TTL_SECONDS),
      MESSAGE_TTL_DEFAULT_SECONDS: String(DEFAULT_TTL_SECONDS),
      HTTP_BODY_LIMIT_BYTES: '16384',
    },
    brokerProbe: true,
    // The person of the ACMESky backend's own request, who is no made-up user.
    queuesToDelete: () => [inboxQueueOf('mario.rossi')],
  });

  it('keeps a message for a user who never signed in, persistent, in a durable queue of theirs', async () => {
    const receiver = suite.newUser('away');
    const before = Date.now();

    const response = await suite.api.postJson('/messages', testMessage({ receiver }));

    expect(response.status).toBe(202);
    const accepted = (await response.json()) as MessageAccepted;
    expect(accepted.receiver).toBe(receiver);
    expect(accepted.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const lifetime = Date.parse(accepted.expiresAt) - Date.parse(accepted.sentAt);
    expect(lifetime).toBe(DEFAULT_TTL_SECONDS * 1000);
    expect(Date.parse(accepted.sentAt)).toBeGreaterThanOrEqual(before - 1000);

    const queue = inboxQueueOf(receiver);
    expect(await isDurable(queue)).toBe(true);
    const [stored, ...others] = await suite.broker.peek(queue);
    expect(others).toHaveLength(0);
    expect(stored.properties.deliveryMode).toBe(2);
    expect(stored.properties.messageId).toBe(accepted.id);
    expect(stored.properties.expiration).toBe(String(DEFAULT_TTL_SECONDS * 1000));
    const content = JSON.parse(stored.content.toString()) as InboxMessage;
    expect(content).toEqual({ ...testMessage({ receiver }), ...accepted });
  });

  it('accepts the exact request the ACMESky backend sends, and one with send_time', async () => {
    const plain = await fetch(`${suite.api.baseUrl}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"sender":"ACMESky","receiver":"mario.rossi","body":"Il tuo codice offerta è: ABC123. Affrettati, sarà valido per sole 24 ore!"}',
    });
    expect(plain.status).toBeLessThan(300);

    const receiver = suite.newUser('sendtime');
    const withSendTime = await suite.api.postJson(
      '/messages',
      testMessage({ receiver, send_time: '2026-11-28T09:30:00Z' }),
    );
    expect(withSendTime.status).toBeLessThan(300);
    const [stored] = await suite.broker.peek(inboxQueueOf(receiver));
    expect(JSON.parse(stored.content.toString())).toMatchObject({
      senderSendTime: '2026-11-28T09:30:00Z',
    });
  });

  it('puts usernames that differ only by case into the same queue', async () => {
    const receiver = suite.newUser('case');
    const upper = await suite.api.postJson(
      '/messages',
      testMessage({ receiver: receiver.toUpperCase() }),
    );
    const mixed = await suite.api.postJson(
      '/messages',
      testMessage({ receiver: receiver.replace('e2e-case', 'E2e-CaSe') }),
    );

    expect([upper.status, mixed.status]).toEqual([202, 202]);
    expect(((await upper.json()) as MessageAccepted).receiver).toBe(receiver);
    expect(await suite.broker.queueStatus(inboxQueueOf(receiver))).toEqual({
      messageCount: 2,
      consumerCount: 0,
    });
    // No queue under the name as the sender wrote it.
    expect(await suite.broker.queueStatus(`prontogram.inbox.${receiver.toUpperCase()}`)).toBeNull();
  });

  it('honours a requested lifetime and shortens one beyond the maximum', async () => {
    const receiver = suite.newUser('ttl');
    const short = await suite.api.postJson('/messages', testMessage({ receiver, ttlSeconds: 120 }));
    const long = await suite.api.postJson(
      '/messages',
      testMessage({ receiver, ttlSeconds: MAX_TTL_SECONDS * 10 }),
    );

    const lifetimes = [short, long].map(async (response) => {
      const accepted = (await response.json()) as MessageAccepted;
      return Date.parse(accepted.expiresAt) - Date.parse(accepted.sentAt);
    });
    expect(await Promise.all(lifetimes)).toEqual([120_000, MAX_TTL_SECONDS * 1000]);
    const stored = await suite.broker.peek(inboxQueueOf(receiver));
    expect(stored.map((message) => message.properties.expiration)).toEqual([
      '120000',
      String(MAX_TTL_SECONDS * 1000),
    ]);
  });

  it('lets RabbitMQ drop a message whose lifetime is over', async () => {
    const receiver = suite.newUser('expiry');
    const response = await suite.api.postJson(
      '/messages',
      testMessage({ receiver, ttlSeconds: 1 }),
    );
    expect(response.status).toBe(202);

    await waitFor(
      () => suite.broker.queueStatus(inboxQueueOf(receiver)),
      (status) => status?.messageCount === 0,
      { what: 'RabbitMQ to expire the message', timeoutMs: 20_000 },
    );
  });

  it('declares the queue again when it was deleted behind its back', async () => {
    const receiver = suite.newUser('redeclare');
    expect((await suite.api.postJson('/messages', testMessage({ receiver }))).status).toBe(202);
    await suite.broker.deleteQueue(inboxQueueOf(receiver));

    const again = await suite.api.postJson('/messages', testMessage({ receiver }));

    expect(again.status).toBe(202);
    const accepted = (await again.json()) as MessageAccepted;
    const [stored] = await suite.broker.peek(inboxQueueOf(receiver));
    expect(stored.properties.messageId).toBe(accepted.id);
  });

  describe('refuses bad requests with a status and a message naming the problem', () => {
    const receiver = uniqueUsername('bad');
    const valid = testMessage({ receiver });
    const json = 'application/json';
    type BadRequest = [
      what: string,
      contentType: string | undefined,
      body: string,
      status: number,
      message: string,
    ];
    /** Well-formed JSON with one field spoiled: 400, naming the rule that field breaks. */
    const spoiled: [string, Record<string, unknown>, string][] = [
      ['a missing body', { body: undefined }, 'body must be a string'],
      ['an empty sender', { sender: '' }, 'sender should not be empty'],
      ['a number as receiver', { receiver: 42 }, 'receiver must be a string'],
      [
        'a receiver with a space',
        { receiver: 'mario rossi' },
        'receiver: a username is 1 to 64 characters',
      ],
      ['an unknown field', { colour: 'red' }, 'property colour should not exist'],
      [
        'a body over the limit',
        { body: 'x'.repeat(4001) },
        'body must be shorter than or equal to 4000 characters',
      ],
      ['a lifetime in words', { ttlSeconds: 'soon' }, 'ttlSeconds must be an integer'],
      [
        'a send_time that is no date',
        { send_time: 'yesterday' },
        'send_time must be a valid ISO 8601',
      ],
    ];
    const cases: BadRequest[] = [
      ...spoiled.map(([what, fields, message]): BadRequest => [
        what,
        json,
        JSON.stringify({ ...valid, ...fields }),
        400,
        message,
      ]),
      ['a JSON array', json, '[1,2]', 400, 'the request body must be a JSON object'],
      ['malformed JSON', json, '{"sender":', 400, 'malformed JSON'],
      ['a text body', 'text/plain', 'hello', 415, 'Content-Type must be application/json'],
      [
        'a form body',
        'application/x-www-form-urlencoded',
        'sender=ACMESky',
        415,
        'Content-Type must be application/json',
      ],
      [
        'no content type',
        undefined,
        JSON.stringify(valid),
        415,
        'Content-Type must be application/json, not missing',
      ],
      [
        'a request larger than the limit',
        json,
        JSON.stringify({ ...valid, body: 'x'.repeat(20_000) }),
        413,
        'larger than the limit of 16384 bytes',
      ],
    ];

    it.each(cases)('%s', async (_case, contentType, body, status, message) => {
      const response = await fetch(`${suite.api.baseUrl}/messages`, {
        method: 'POST',
        headers: contentType ? { 'content-type': contentType } : {},
        body: contentType ? body : new Blob([body]),
      });

      expect(response.status).toBe(status);
      const answer = (await response.json()) as { message: string | string[]; statusCode: number };
      expect(answer.statusCode).toBe(status);
      expect([answer.message].flat().join('\n')).toContain(message);
    });

    it('and accepted none of them', async () => {
      expect(await suite.broker.queueStatus(inboxQueueOf(receiver))).toBeNull();
    });
  });

  it('describes POST /messages in its OpenAPI document, from the shared rules', async () => {
    const document = (await (await fetch(`${suite.api.baseUrl}/api-json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody: { content: Record<string, { examples: object }> };
            responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
          }
        >
      >;
      components: {
        schemas: Record<string, { required: string[]; properties: Record<string, object> }>;
      };
    };
    const schema = document.components.schemas['SendMessageDto'];
    expect(schema.required).toEqual(expect.arrayContaining(['sender', 'receiver', 'body']));
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['sender', 'receiver', 'body', 'send_time', 'ttlSeconds']),
    );
    const post = document.paths['/messages']['post'];
    expect(Object.keys(post.requestBody.content['application/json'].examples)).toContain(
      'acmeSkyOffer',
    );
    // The 202 answer's schema is generated from the contracts' MessageAcceptedDto.
    const accepted = post.responses['202'].content['application/json'].schema.$ref;
    expect(accepted).toBe('#/components/schemas/MessageAcceptedDto');
    expect(document.components.schemas['MessageAcceptedDto'].required).toEqual(
      expect.arrayContaining(['id', 'receiver', 'sentAt', 'expiresAt']),
    );
  });

  it('reports itself ready while RabbitMQ is connected', async () => {
    const ready = await fetch(`${suite.api.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: { rabbitmq: { status: 'up' } },
    });
  });
});
