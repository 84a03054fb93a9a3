import {
  BrokerProbe,
  inboxQueueOf,
  RunningApi,
  send,
  uniqueUsername,
} from '@prontogram/e2e-support';
import { InboxClient } from '../support/inbox-client';

describe('SIGTERM with readers connected', () => {
  const username = uniqueUsername('shutdown');
  const queue = inboxQueueOf(username);
  let broker: BrokerProbe;

  beforeAll(async () => {
    broker = await BrokerProbe.connect();
  });

  afterAll(async () => {
    await broker.deleteQueue(queue);
    await broker.close();
  });

  it('returns unreported messages to the queue, exits cleanly, and its pages reconnect by themselves to the next process', async () => {
    const api = await RunningApi.start();
    await api.waitUntilReady();
    const page = await InboxClient.connect(api.baseUrl, { username });
    try {
      const pending = await send(api, username, 'on screen, unreported');
      await page.waitForDelivery(pending.id);
      const disconnected = page.nextDisconnect();

      expect(await api.stop()).toBe(true);

      // A transport close, not a server "disconnect": the page's client reconnects by itself.
      expect(await disconnected).toBe('transport close');
      expect(await broker.queueStatus(queue)).toEqual({ messageCount: 1, consumerCount: 0 });
      const [kept] = await broker.peek(queue);
      expect(kept.properties.messageId).toBe(pending.id);

      // The next process on the same address gets the page back, and the page the message.
      const reconnected = page.nextConnect();
      const next = await RunningApi.start({ PORT: api.port });
      try {
        await reconnected;
        await page.waitForDelivery(pending.id, 2);
        // Displayed before the restart, never acked: reported again now, deleted once, and
        // one message on a page that shows one per id.
        expect(await page.report([pending.id])).toEqual({ deleted: [pending.id], unknown: [] });
        expect(page.ids).toEqual([pending.id]);
        expect(await broker.queueStatus(queue)).toEqual({ messageCount: 0, consumerCount: 1 });
      } finally {
        expect(await next.stop()).toBe(true);
      }
    } finally {
      page.close();
    }
  });
});
