import { queueCounts, sendInOrder, waitFor, waitUntilEmpty } from '@prontogram/e2e-support';
import { InboxClient } from '../support/inbox-client';
import { pagesWithAHolding, startInstancesForSuite } from './instances';

/**
 * The instance holding a person's active consumer goes while its messages are on screen but
 * unreported: another instance with a page of that person takes the queue over, and every
 * message is displayed once after de-duplication.
 */
describe('failover of the active consumer', () => {
  // Each test takes A away: fresh instances for each.
  const suite = startInstancesForSuite(2, { perTest: true });

  /** A page on A, then one on B; 20 messages delivered through A, shown, unreported. */
  async function twentyHeldByA(): Promise<{ onB: InboxClient; ids: string[]; queue: string }> {
    const { username, queue, onB } = await pagesWithAHolding(suite, 'failover');
    const bodies = Array.from({ length: 20 }, (_, i) => `offer ${i}`);
    const ids = (await sendInOrder(suite.b, username, bodies)).map((message) => message.id);
    await onB.waitForMessages(20);
    expect(await queueCounts(queue)).toEqual({ ready: 0, unacked: 20, consumers: 2 });
    return { onB, ids, queue };
  }

  /** B gets the 20 again with their ids, shows each once, and its report deletes them. */
  async function takenOverByB(
    { onB, ids, queue }: { onB: InboxClient; ids: string[]; queue: string },
    since: number,
    timeoutMs: number,
  ): Promise<number> {
    await waitFor(
      async () => onB.received.length,
      (received) => received >= 40,
      { what: 'the 20 messages again, through B', timeoutMs, intervalMs: 20 },
    );
    const takeoverMs = Date.now() - since;
    expect(onB.ids).toEqual(ids); // Displayed once each after de-duplication, in order.
    expect(onB.received.map((message) => message.id)).toEqual([...ids, ...ids]);
    expect(await onB.report(ids)).toEqual({ deleted: ids, unknown: [] });
    await waitUntilEmpty(queue);
    return takeoverMs;
  }

  it('hands over at once when the holder is SIGKILLed', async () => {
    const held = await twentyHeldByA();
    const killedAt = Date.now();
    await suite.a.kill(); // Its connections close at once: RabbitMQ sees it go.

    const takeoverMs = await takenOverByB(held, killedAt, 5_000);
    console.log(`failover after SIGKILL: B delivered again ${takeoverMs} ms later`);
  });

  it('hands over once RabbitMQ misses the heartbeats of a holder that hangs', async () => {
    const held = await twentyHeldByA();
    const frozenAt = Date.now();
    suite.a.pause(); // Its connections stay open: only the AMQP heartbeat (5 s) can tell.

    const takeoverMs = await takenOverByB(held, frozenAt, 30_000);
    console.log(`failover after SIGSTOP: B delivered again ${takeoverMs} ms later`);
  });
});
