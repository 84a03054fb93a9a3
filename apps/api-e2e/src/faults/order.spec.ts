import { restartBroker, sendInOrder, waitFor } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';

jest.setTimeout(120_000);

const PENDING = 20;

/**
 * Several messages delivered and not reported, then a break: what comes again must come in
 * the queue's order, not only the first time a backlog drains.
 */
describe('order of unreported messages across a break', () => {
  const suite = startApiForSuite();

  /** Sends PENDING messages, lets a page receive them unreported, breaks, and checks order. */
  async function checkOrderAcross(label: string, brk: (page: InboxClient) => Promise<void>) {
    const username = suite.newUser(label);
    const sent = await sendInOrder(
      suite.api,
      username,
      Array.from({ length: PENDING }, (_, i) => `pending ${i}`),
    );
    const page = await InboxClient.connect(suite.api.baseUrl, { username });
    try {
      await page.waitForMessages(PENDING);
      const before = page.received.length;
      await brk(page);
      await waitFor(
        async () => page.received.length,
        (count) => count >= before + PENDING,
        { what: 'every unreported message again', timeoutMs: 60_000 },
      );
      const again = page.received.slice(before).map((message) => message.id);
      expect(again).toEqual(sent.map((message) => message.id));
    } finally {
      page.close();
    }
  }

  it('a reconnect of the page', async () => {
    await checkOrderAcross('order-reconnect', async (page) => {
      const back = page.nextConnect();
      page.dropTransport();
      await back;
    });
  });

  it('an API restart', async () => {
    await checkOrderAcross('order-api', async (page) => {
      const back = page.nextConnect();
      await suite.restartApi();
      await back;
    });
  });

  it('a RabbitMQ restart', async () => {
    await checkOrderAcross('order-broker', restartBroker);
  });
});
