import type { ErrorResponse } from '@prontogram/contracts';
import { inboxQueueOf, RunningApi, testMessage } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { senderKey, senderKeysSetting } from './sender-keys';

jest.setTimeout(60_000);

const acmeSky = senderKey('acmesky', ['ACMESky', 'ACMESky Offers']);
const yourBank = senderKey('yourbank', ['YourBank']);

describe('sender keys on POST /messages', () => {
  const suite = startApiForSuite({
    env: { SENDER_KEYS: senderKeysSetting([acmeSky, yourBank]) },
    brokerProbe: true,
  });
  const receiver = suite.newUser('keys');
  const offer = (sender: string) => testMessage({ sender, receiver });

  const expectRefusal = async (response: Response, status: number, message: RegExp) => {
    expect(response.status).toBe(status);
    const body = (await response.json()) as ErrorResponse;
    expect(body.statusCode).toBe(status);
    expect(body.message).toMatch(message);
  };

  it('answers 401 without a key, saying how to send one, and queues nothing', async () => {
    const response = await suite.api.postJson('/messages', offer('ACMESky'));
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectRefusal(response, 401, /Authorization: Bearer <key>/);
    expect(await suite.broker.queueStatus(inboxQueueOf(receiver))).toBeNull();
  });

  it('answers 401 to a key it does not know, or to a header that is not a bearer key', async () => {
    const guess = senderKey('guess', ['ACMESky']);
    await expectRefusal(
      await suite.api.postJson('/messages', offer('ACMESky'), guess.header),
      401,
      /not known/,
    );
    await expectRefusal(
      await suite.api.postJson('/messages', offer('ACMESky'), {
        authorization: `Basic ${acmeSky.key}`,
      }),
      401,
      /not known/,
    );
    expect(await suite.broker.queueStatus(inboxQueueOf(receiver))).toBeNull();
  });

  it('accepts a right key under each of its sender names', async () => {
    for (const sender of acmeSky.senders) {
      const response = await suite.api.postJson('/messages', offer(sender), acmeSky.header);
      expect(response.status).toBe(202);
    }
    const stored = await suite.broker.peek(inboxQueueOf(receiver));
    expect(stored.map((message) => JSON.parse(message.content.toString()).sender)).toEqual(
      acmeSky.senders,
    );
  });

  it("answers 403 to a right key used with another sender's name: no phishing as YourBank", async () => {
    await expectRefusal(
      await suite.api.postJson('/messages', offer('YourBank'), acmeSky.header),
      403,
      /"acmesky" may not send as "YourBank"/,
    );
    await expectRefusal(
      await suite.api.postJson('/messages', offer('Anyone Else'), acmeSky.header),
      403,
      /may not send as "Anyone Else"/,
    );
    expect(await suite.broker.peek(inboxQueueOf(receiver))).toHaveLength(acmeSky.senders.length);
  });

  it('logs which key was refused by its name, never the key itself', () => {
    expect(suite.api.logs).toMatch(/Refused key acmesky: it may not send as "YourBank"/);
    expect(suite.api.logs).not.toContain(acmeSky.key);
    expect(suite.api.logs).not.toContain(yourBank.key);
  });
});

describe('anonymous sending next to sender keys (ALLOW_ANONYMOUS_SENDERS=true)', () => {
  const suite = startApiForSuite({
    env: { SENDER_KEYS: senderKeysSetting([acmeSky]), ALLOW_ANONYMOUS_SENDERS: 'true' },
  });
  const receiver = suite.newUser('anonymous');

  it('lets a request without a key send, but never under a name a key claims, however it is spelled', async () => {
    const unclaimed = await suite.api.postJson(
      '/messages',
      testMessage({ sender: 'Weather', receiver, body: 'Sun' }),
    );
    expect(unclaimed.status).toBe(202);

    for (const lookalike of ['ACMESky', 'acmesky', ' ACMESKY ', 'ＡＣＭＥＳｋｙ']) {
      const claimed = await suite.api.postJson(
        '/messages',
        testMessage({ sender: lookalike, receiver }),
      );
      expect(claimed.status).toBe(403);
      expect(((await claimed.json()) as ErrorResponse).message).toMatch(/belongs to a sender key/);
    }
  });
});

describe('starting the API', () => {
  it('refuses to start in production without keys, naming the variable to set', async () => {
    await expect(RunningApi.start({ NODE_ENV: 'production', SENDER_KEYS: '' })).rejects.toThrow(
      /SENDER_KEYS is empty: with NODE_ENV=production/,
    );
  });

  it('refuses a SENDER_KEYS it cannot read, saying which entry is wrong', async () => {
    await expect(
      RunningApi.start({ SENDER_KEYS: '[{"name":"acmesky","senders":["ACMESky"],"sha256":"x"}]' }),
    ).rejects.toThrow(/SENDER_KEYS\[0\]\.sha256 must be/);
  });

  it('starts in production without keys only when anonymous sending is asked for', async () => {
    const api = await RunningApi.start({
      NODE_ENV: 'production',
      SENDER_KEYS: '',
      ALLOW_ANONYMOUS_SENDERS: 'true',
    });
    try {
      expect(api.logs).toMatch(/No SENDER_KEYS: anybody who reaches POST \/messages/);
    } finally {
      expect(await api.stop()).toBe(true);
    }
  });

  it('starts open in development, and says so in its log', async () => {
    const api = await RunningApi.start({ NODE_ENV: 'development', SENDER_KEYS: '' });
    try {
      expect(api.logs).toMatch(/No SENDER_KEYS: anybody who reaches POST \/messages/);
    } finally {
      expect(await api.stop()).toBe(true);
    }
  });
});
