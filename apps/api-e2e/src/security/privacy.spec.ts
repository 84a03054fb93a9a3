import { createHmac } from 'node:crypto';
import { inboxQueueOf, send, testMessage, waitFor, waitUntilEmpty } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';

jest.setTimeout(60_000);

describe('what the logs say about people', () => {
  const secret = 'a-log-secret-for-this-test-only';
  const marker = `body-marker-${Date.now()}`;
  const suite = startApiForSuite({
    env: { LOG_LEVEL: 'verbose', LOG_RECEIVERS: 'hashed', LOG_HASH_SECRET: secret },
    brokerProbe: true,
  });
  const receiver = suite.newUser('private');
  const queue = inboxQueueOf(receiver);

  it('never logs a message body, whether accepted, refused or shown', async () => {
    await send(suite.api, receiver, `${marker} accepted`);
    const refused = [
      testMessage({ receiver, body: `${marker} ${'x'.repeat(5000)}` }),
      testMessage({ receiver: 'not valid!', body: `${marker} bad receiver` }),
      { ...testMessage({ receiver, body: `${marker} bad sender` }), sender: 42 },
    ];
    for (const body of refused)
      expect((await suite.api.postJson('/messages', body)).status).toBe(400);

    const reader = await InboxClient.connect(suite.api.baseUrl, { username: receiver });
    try {
      const [shown] = await reader.waitForMessages(1);
      expect(shown.body).toContain(marker);
      await reader.report([shown.id, marker]);
      await waitUntilEmpty(queue);
    } finally {
      reader.close();
    }
    expect(suite.api.logs).not.toContain(marker);
  });

  it('names a person only by a keyed hash with LOG_RECEIVERS=hashed, the same hash each time', async () => {
    await send(suite.api, receiver, 'first');
    // Deleted behind the API's back: its next publish is returned, and it logs the queue.
    await suite.broker.deleteQueue(queue);
    await send(suite.api, receiver, 'second');

    const hash = createHmac('sha256', secret).update(receiver).digest('hex').slice(0, 16);
    await waitFor(
      async () => suite.api.logs,
      (logs) => logs.includes(`prontogram.inbox.#${hash} was missing`),
      { what: 'the log line about the missing queue, with the hash' },
    );
    expect(suite.api.logs).not.toContain(receiver);
  });
});
