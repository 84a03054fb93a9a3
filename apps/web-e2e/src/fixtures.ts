import { test as base, expect, Page } from '@playwright/test';
import {
  BrokerProbe,
  inboxQueueOf,
  RunningApi,
  uniqueUsername,
  waitFor,
} from '@prontogram/e2e-support';

interface TestFixtures {
  /** A username no other test uses; its queue is deleted afterwards. */
  username: string;
  /** Signs in on the page served at `origin` (the worker's API by default). */
  signIn: (page: Page, username: string, origin?: string) => Promise<void>;
}

interface WorkerFixtures {
  api: RunningApi;
  broker: BrokerProbe;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  api: [
    async ({}, use) => {
      const api = await RunningApi.start();
      await api.waitUntilReady();
      await use(api);
      await api.stop();
    },
    { scope: 'worker' },
  ],
  broker: [
    async ({}, use) => {
      const broker = await BrokerProbe.connect();
      await use(broker);
      await broker.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ api }, use) => use(api.baseUrl),
  // Tests compare English texts; the language switch has its own test.
  locale: 'en-GB',
  username: [
    async ({ broker, context }, use) => {
      const username = uniqueUsername('web');
      await use(username);
      // Close the pages first: a queue deleted under a live consumer is declared again.
      for (const open of context.pages()) await open.close();
      const queue = inboxQueueOf(username);
      await waitFor(
        () => broker.queueStatus(queue),
        (status) => status === null || status.consumerCount === 0,
        { what: `the consumer of ${queue} to go`, timeoutMs: 55_000 },
      );
      await broker.deleteQueue(queue);
    },
    // A page that vanished without a goodbye is found at Socket.IO's ping timeout (45 s).
    { timeout: 60_000 },
  ],
  signIn: async ({}, use) => {
    await use(async (page, username, origin) => {
      await page.goto(origin ? `${origin}/` : '/');
      await page.getByLabel('Username').fill(username);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
      await expect(page.getByRole('status')).toContainText('Connected');
    });
  },
});

export { expect };

/** Makes the page believe it is hidden or shown, as a background tab or a minimised window. */
export async function setPageVisible(page: Page, visible: boolean): Promise<void> {
  await page.evaluate((isVisible) => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (isVisible ? 'visible' : 'hidden'),
    });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => !isVisible });
    document.dispatchEvent(new Event('visibilitychange'));
  }, visible);
}
