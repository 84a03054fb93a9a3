import {
  inboxQueueOf,
  queueCounts,
  RunningApi,
  sendInOrder,
  uniqueUsername,
  waitFor,
} from '@prontogram/e2e-support';
import { InboxClient } from '../support/inbox-client';
import { startInstances, stopInstances } from './instances';

/**
 * The instance holding a person's active consumer dies (SIGKILL: no shutdown hook runs)
 * while its messages are on screen but unreported: another instance with a page of that
 * person takes the queue over, and every message is displayed once after de-duplication.
 */
describe('failover of the active consumer', () => {
  let a: RunningApi;
  let b: RunningApi;
  let clients: InboxClient[] = [];

  beforeAll(async () => {
    [a, b] = await startInstances(2);
  });

  afterAll(async () => {
    clients.forEach((client) => client.close());
    await stopInstances([a, b]);
  });

  it('lets another instance take over within seconds; each message comes again with its id', async () => {
    const username = uniqueUsername('failover');
    const queue = inboxQueueOf(username);
    // A page on A first: A's consumer registers first, so RabbitMQ makes it the active one.
    const onA = await InboxClient.connect(a.baseUrl, { username });
    await waitFor(
      () => queueCounts(queue),
      (counts) => counts?.consumers === 1,
      {
        what: "A's consumer",
      },
    );
    const onB = await InboxClient.connect(b.baseUrl, { username });
    clients = [onA, onB];
    await waitFor(
      () => queueCounts(queue),
      (counts) => counts?.consumers === 2,
      {
        what: "B's consumer, waiting",
      },
    );

    const ids = (
      await sendInOrder(
        b,
        username,
        Array.from({ length: 20 }, (_, i) => `offer ${i}`),
      )
    ).map((message) => message.id);
    await onB.waitForMessages(20);
    const counts = await queueCounts(queue);
    expect(counts).toEqual({ ready: 0, unacked: 20, consumers: 2 });

    const killedAt = Date.now();
    await a.kill();
    // B's consumer becomes active and gets the 20 again, unacked as they were.
    await waitFor(
      async () => onB.received.length,
      (received) => received >= 40,
      { what: 'the 20 messages again, through B', timeoutMs: 15_000, intervalMs: 20 },
    );
    const takeoverMs = Date.now() - killedAt;

    expect(onB.ids).toEqual(ids); // Displayed once each after de-duplication, in order.
    expect(onB.received.map((message) => message.id)).toEqual([...ids, ...ids]);
    expect(await onB.report(ids)).toEqual({ deleted: ids, unknown: [] });
    await waitFor(
      () => queueCounts(queue),
      (now) => now !== null && now.ready + now.unacked === 0,
      { what: 'the queue to be empty' },
    );
    console.log(
      `failover: B took over ${takeoverMs} ms after A was killed; 20 messages, ` +
        `${onB.received.length} deliveries to B's page, ${onB.ids.length} displayed`,
    );
  });
});
