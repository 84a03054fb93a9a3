import {
  BrokerProbe,
  inboxQueueOf,
  send,
  waitFor,
  withBrokerStopped,
} from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';

jest.setTimeout(120_000);

describe('a RabbitMQ restart while a reader is connected', () => {
  // No broker probe held across the restart: the test opens one once RabbitMQ is back.
  const suite = startApiForSuite();
  const username = suite.newUser('restart');
  // Signed in and gone before the restart: no consumer may come back for them.
  const departed = suite.newUser('departed');

  it('keeps the session, redelivers what was unreported with its id, delivers new messages, and restores consumers of connected users only', async () => {
    const page = await InboxClient.connect(suite.api.baseUrl, { username });
    let disconnects = 0;
    void page.nextDisconnect().then(() => disconnects++);
    try {
      const before = await send(suite.api, username, 'before the restart');
      await page.waitForDelivery(before.id);
      const gone = await InboxClient.connect(suite.api.baseUrl, { username: departed });
      gone.close();

      await withBrokerStopped(() =>
        waitFor(
          () => fetch(`${suite.api.baseUrl}/health/ready`),
          (response) => response.status === 503,
          { what: 'the API to notice the outage' },
        ),
      );
      await suite.api.waitUntilReady(30_000);

      const after = await send(suite.api, username, 'after the restart');
      await page.waitForDelivery(after.id);
      await page.waitForDelivery(before.id, 2);
      expect(page.connected).toBe(true);
      expect(disconnects).toBe(0);
      expect(page.ids).toEqual([before.id, after.id]);

      const result = await page.report([before.id, after.id]);
      expect(result).toEqual({ deleted: [before.id, after.id], unknown: [] });
      const broker = await BrokerProbe.connect();
      try {
        expect(await broker.queueStatus(inboxQueueOf(username))).toEqual({
          messageCount: 0,
          consumerCount: 1,
        });
        expect(await broker.queueStatus(inboxQueueOf(departed))).toEqual({
          messageCount: 0,
          consumerCount: 0,
        });
      } finally {
        await broker.close();
      }
    } finally {
      page.close();
    }
  });
});
