import type { InboxMessage } from '@prontogram/contracts';
import { v7 as uuidv7 } from 'uuid';
import { inboxQueueOf, send, testMessage, waitFor } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';

jest.setTimeout(120_000);

const BACKLOG = 5000;
const PREFETCH = 50;

describe('a long backlog', () => {
  const suite = startApiForSuite({ env: { INBOX_PREFETCH: String(PREFETCH) }, brokerProbe: true });
  const username = suite.newUser('backlog');

  it(`drains ${BACKLOG} waiting messages in order, never more than the prefetch in flight`, async () => {
    // The first through the API declares the queue; the rest straight into it, for speed.
    const first = await send(suite.api, username, 'message 0');
    const now = Date.now();
    const rest: InboxMessage[] = Array.from({ length: BACKLOG - 1 }, (_, index) => ({
      ...testMessage({ receiver: username, body: `message ${index + 1}` }),
      id: uuidv7({ msecs: now + index }),
      sentAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 3_600_000).toISOString(),
    }));
    await suite.broker.publishToInbox(username, rest);
    expect(await suite.broker.queueStatus(inboxQueueOf(username))).toMatchObject({
      messageCount: BACKLOG,
    });

    const page = await InboxClient.connect(suite.api.baseUrl, { username });
    // The server acks only what a report names, so whatever the page holds beyond the ids it
    // has reported so far was let through by RabbitMQ's prefetch window.
    let reportsSent = 0;
    let reported = 0;
    let mostInFlight = 0;
    page.onMessages((batch) => {
      mostInFlight = Math.max(mostInFlight, page.received.length - reportsSent);
      reportsSent += batch.length;
      void page.report(batch.map((message) => message.id)).then((result) => {
        reported += result.deleted.length;
      });
    });
    try {
      await page.waitForMessages(BACKLOG, 60_000);
      await waitFor(
        async () => reported,
        (count) => count === BACKLOG,
        { what: 'every report answered' },
      );
    } finally {
      page.close();
    }

    expect(page.received.map((message) => message.id)).toEqual([
      first.id,
      ...rest.map((message) => message.id),
    ]);
    expect(mostInFlight).toBeGreaterThan(0);
    expect(mostInFlight).toBeLessThanOrEqual(PREFETCH);
    expect(await suite.broker.queueStatus(inboxQueueOf(username))).toMatchObject({
      messageCount: 0,
    });
  });
});
