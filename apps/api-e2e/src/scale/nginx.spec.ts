import {
  inboxQueueOf,
  queueCounts,
  RunningNginx,
  send,
  uniqueUsername,
  waitFor,
} from '@prontogram/e2e-support';
import { ledgerOf, PageReader, settle, SteadySender } from '../faults/traffic';
import { restartOnSamePort, startInstancesForSuite } from './instances';

/** Three instances behind Debian's nginx, round robin, no sticky sessions. */
describe('three instances behind nginx', () => {
  const suite = startInstancesForSuite(3);
  let nginx: RunningNginx;

  beforeAll(async () => {
    nginx = await RunningNginx.start(suite.instances.map((instance) => instance.port));
  });

  afterAll(async () => {
    await nginx?.stop();
  });

  it('gives three pages of one person, one per instance, one ordered stream of what was POSTed to all three', async () => {
    const username = uniqueUsername('nginx');
    const pages = await Promise.all([0, 1, 2].map(() => suite.page(nginx, username)));
    // Round robin put each page on its own instance: each consumes the queue.
    await waitFor(
      () => queueCounts(inboxQueueOf(username)),
      (counts) => counts?.consumers === 3,
      { what: 'a consumer on each of the three instances' },
    );
    // POSTs go round robin too: each instance publishes a third of them.
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await send(nginx, username, `offer ${i}`)).id);

    for (const page of pages) {
      await page.waitForMessages(30);
      expect(page.ids).toEqual(ids);
      expect(page.received).toHaveLength(30);
    }
    expect(await pages[2].report(ids)).toEqual({ deleted: ids, unknown: [] });
    for (const page of pages.slice(0, 2)) {
      await waitFor(
        async () => page.viewed.length,
        (n) => n >= 30,
        { what: 'viewed notices' },
      );
      expect(page.viewed).toEqual(ids);
    }
  });

  it('loses nothing and shows nothing twice while each instance in turn is stopped and started under load', async () => {
    const users = [0, 1, 2].map((i) => uniqueUsername(`rolling${i}`));
    // Two pages per person, spread by nginx over the instances.
    const readers = await Promise.all(
      [...users, ...users].map((username) => PageReader.connect(nginx.baseUrl, username)),
    );
    const sender = new SteadySender(nginx.baseUrl, users, 30);
    const ok = (status: number) => status >= 200 && status < 300;
    const { instances } = suite;
    try {
      sender.start();
      await sender.waitForAnswers(ok, 20);
      for (let i = 0; i < instances.length; i++) {
        expect(await instances[i].stop()).toBe(true); // SIGTERM, a clean shutdown.
        instances[i] = await restartOnSamePort(instances[i]);
        await instances[i].waitUntilReady();
        await sender.waitForAnswers(ok, 20);
      }
      const ledger = await settle(sender, readers);

      const statuses = new Map<number, number>();
      for (const { status } of sender.answers.values()) {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      console.log(
        `rolling restart: ${ledger.accepted} accepted, ${ledger.refused} refused, ` +
          `${ledger.lost.length} lost, ${ledger.shownTwice.length} shown twice; answers by ` +
          `status: ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      expect(ledger.lost).toEqual([]);
      expect(ledger.shownTwice).toEqual([]);
      expect(ledger.accepted).toBeGreaterThanOrEqual(80);
    } finally {
      await sender.stop();
      readers.forEach((reader) => reader.close());
    }
    expect(ledgerOf(sender, readers).lost).toEqual([]);
  });
});
