import { v7 as uuidv7 } from 'uuid';
import {
  BrokerProbe,
  inboxQueueOf,
  RunningApi,
  send,
  uniqueUsername,
  waitFor,
} from '@prontogram/e2e-support';
import { InboxClient } from '../support/inbox-client';

describe('a queued message whose expiresAt has passed', () => {
  let api: RunningApi;
  let broker: BrokerProbe;
  const username = uniqueUsername('stale');
  const queue = inboxQueueOf(username);

  beforeAll(async () => {
    [api, broker] = await Promise.all([RunningApi.start(), BrokerProbe.connect()]);
    await api.waitUntilReady();
  });

  afterAll(async () => {
    expect(await api.stop()).toBe(true);
    await broker.deleteQueue(queue);
    await broker.close();
  });

  it('is never emitted, even when RabbitMQ has not dropped it yet, and leaves the queue', async () => {
    const declared = await send(api, username, 'declares the queue');
    const past = Date.now() - 60_000;
    const stale = {
      id: uuidv7({ msecs: past }),
      sender: 'ACMESky',
      receiver: username,
      body: 'expired a minute ago',
      sentAt: new Date(past - 60_000).toISOString(),
      expiresAt: new Date(past).toISOString(),
    };
    // No RabbitMQ expiration: only the API's own check stands between it and the page.
    await broker.publishToInbox(username, [stale]);
    const fresh = await send(api, username, 'still valid');

    const page = await InboxClient.connect(api.baseUrl, { username });
    try {
      await page.waitForDelivery(fresh.id);
      expect(page.ids).toEqual([declared.id, fresh.id]);
      expect(await page.report([declared.id, fresh.id])).toEqual({
        deleted: [declared.id, fresh.id],
        unknown: [],
      });
      await waitFor(
        () => broker.queueStatus(queue),
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
