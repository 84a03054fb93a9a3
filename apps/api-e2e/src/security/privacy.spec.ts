import { createHmac } from 'node:crypto';
import {
  BrokerProbe,
  inboxQueueOf,
  RunningApi,
  send,
  uniqueUsername,
  waitFor,
  waitUntilEmpty,
} from '@prontogram/e2e-support';
import { InboxClient } from '../support/inbox-client';

jest.setTimeout(60_000);

describe('what the logs say about people', () => {
  const secret = 'a-log-secret-for-this-test-only';
  const marker = `body-marker-${Date.now()}`;
  let api: RunningApi;
  let broker: BrokerProbe;
  const receiver = uniqueUsername('private');
  const queue = inboxQueueOf(receiver);

  beforeAll(async () => {
    [api, broker] = await Promise.all([
      RunningApi.start({
        LOG_LEVEL: 'verbose',
        LOG_RECEIVERS: 'hashed',
        LOG_HASH_SECRET: secret,
      }),
      BrokerProbe.connect(),
    ]);
    await api.waitUntilReady();
  });

  afterAll(async () => {
    await broker.deleteQueue(queue);
    await broker.close();
    expect(await api.stop()).toBe(true);
  });

  it('never logs a message body, whether accepted, refused or shown', async () => {
    await send(api, receiver, `${marker} accepted`);
    const refused = [
      { sender: 'ACMESky', receiver, body: `${marker} ${'x'.repeat(5000)}` },
      { sender: 'ACMESky', receiver: 'not valid!', body: `${marker} bad receiver` },
      { sender: 42, receiver, body: `${marker} bad sender` },
    ];
    for (const body of refused) expect((await api.postJson('/messages', body)).status).toBe(400);

    const reader = await InboxClient.connect(api.baseUrl, { username: receiver });
    try {
      const [shown] = await reader.waitForMessages(1);
      expect(shown.body).toContain(marker);
      await reader.report([shown.id, marker]);
      await waitUntilEmpty(queue);
    } finally {
      reader.close();
    }
    expect(api.logs).not.toContain(marker);
  });

  it('names a person only by a keyed hash with LOG_RECEIVERS=hashed, the same hash each time', async () => {
    await send(api, receiver, 'first');
    // Deleted behind the API's back: its next publish is returned, and it logs the queue.
    await broker.deleteQueue(queue);
    await send(api, receiver, 'second');

    const hash = createHmac('sha256', secret).update(receiver).digest('hex').slice(0, 16);
    await waitFor(
      async () => api.logs,
      (logs) => logs.includes(`prontogram.inbox.#${hash} was missing`),
      { what: 'the log line about the missing queue, with the hash' },
    );
    expect(api.logs).not.toContain(receiver);
  });
});
