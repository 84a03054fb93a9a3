import { v7 as uuidv7 } from 'uuid';
import { inboxQueueOf, send, testMessage, waitFor } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';

describe('a queued message whose expiresAt has passed', () => {
  const suite = startApiForSuite({ brokerProbe: true });
  const username = suite.newUser('stale');
  const queue = inboxQueueOf(username);

  it('is never emitted, even when RabbitMQ has not dropped it yet, and leaves the queue', async () => {
    const declared = await send(suite.api, username, 'declares the queue');
    const past = Date.now() - 60_000;
    const stale = {
      ...testMessage({ receiver: username, body: 'expired a minute ago' }),
      id: uuidv7({ msecs: past }),
      sentAt: new Date(past - 60_000).toISOString(),
      expiresAt: new Date(past).toISOString(),
    };
    // No RabbitMQ expiration: only the API's own check stands between it and the page.
    await suite.broker.publishToInbox(username, [stale]);
    const fresh = await send(suite.api, username, 'still valid');

    const page = await InboxClient.connect(suite.api.baseUrl, { username });
    try {
      await page.waitForDelivery(fresh.id);
      expect(page.ids).toEqual([declared.id, fresh.id]);
      expect(await page.report([declared.id, fresh.id])).toEqual({
        deleted: [declared.id, fresh.id],
        unknown: [],
      });
      await waitFor(
        () => suite.broker.queueStatus(queue),
        (status) => status?.messageCount === 0,
        {
          what: 'the queue to be empty',
        },
      );
    } finally {
      page.close();
    }
  });
});
