import { test as base, BrowserContext, expect, Page, TestFixture } from '@playwright/test';
import {
  BrokerProbe,
  inboxQueueOf,
  queueCounts,
  RunningApi,
  uniqueUsername,
} from '@prontogram/e2e-support';

/** A page that vanished without a goodbye is found at Socket.IO's ping timeout (45 s). */
const CONSUMER_GONE_TIMEOUT_MS = 55_000;
/** The timeout of a fixture that ends with `deleteInboxOf`: its wait, and a margin. */
const INBOX_TEARDOWN_TIMEOUT_MS = 60_000;

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
  username: madeUpPerson('web'),
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

/**
 * A fixture of a username no other test uses (`label` says whose), its queue deleted once
 * the test is done.
 */
export function madeUpPerson(
  label: string,
): [TestFixture<string, { broker: BrokerProbe; context: BrowserContext }>, { timeout: number }] {
  return [
    async ({ broker, context }, use) => {
      const username = uniqueUsername(label);
      await use(username);
      await deleteInboxOf(username, broker, context);
    },
    { timeout: INBOX_TEARDOWN_TIMEOUT_MS },
  ];
}

/**
 * Deletes the queue of a person a test made up, once its consumer is gone. The pages of
 * `context` are closed first: a queue deleted under a live consumer is declared again.
 */
async function deleteInboxOf(
  username: string,
  broker: BrokerProbe,
  context: BrowserContext,
): Promise<void> {
  for (const open of context.pages()) await open.close();
  const queue = inboxQueueOf(username);
  await expect
    .poll(async () => (await broker.queueStatus(queue))?.consumerCount ?? 0, {
      message: `the consumer of ${queue} to go`,
      timeout: CONSUMER_GONE_TIMEOUT_MS,
    })
    .toBe(0);
  await broker.deleteQueue(queue);
}

/** Polls until RabbitMQ holds no copy of the person's messages, ready or delivered. */
export async function expectServerCopiesDeleted(username: string, message: string): Promise<void> {
  await expect
    .poll(() => queueCounts(inboxQueueOf(username)), { message })
    .toMatchObject({ ready: 0, unacked: 0 });
}

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
