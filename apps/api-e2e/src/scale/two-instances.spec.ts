import { randomUUID } from 'node:crypto';
import {
  BrokerProbe,
  inboxQueueOf,
  queueCounts,
  send,
  sendInOrder,
  testMessage,
  uniqueUsername,
  waitFor,
  waitUntilEmpty,
} from '@prontogram/e2e-support';
import { startInstancesForSuite } from './instances';

/**
 * Two instances, A and B, sharing pages through the real Redis: one person's pages on both
 * see one stream, and a report made on either deletes each message once.
 */
describe('two instances', () => {
  const suite = startInstancesForSuite(2);

  it('gives a page on each instance all 50 messages in order; reports from B delete each once', async () => {
    const { a, b } = suite;
    const username = uniqueUsername('two');
    const onA = await suite.page(a, username);
    const onB = await suite.page(b, username);
    // Both instances consume the queue; RabbitMQ keeps one of them active.
    await waitFor(
      () => queueCounts(inboxQueueOf(username)),
      (counts) => counts?.consumers === 2,
      { what: 'a consumer of the queue on each instance' },
    );

    const bodies = Array.from({ length: 50 }, (_, i) => `offer ${i}`);
    const accepted = await sendInOrder(a, username, bodies);
    const ids = accepted.map((message) => message.id);

    await onA.waitForMessages(50);
    await onB.waitForMessages(50);
    expect(onA.ids).toEqual(ids);
    expect(onB.ids).toEqual(ids);
    expect(onB.received).toHaveLength(50); // Once each: no message came twice.

    const result = await onB.report(ids);
    expect(result).toEqual({ deleted: ids, unknown: [] });
    await waitFor(
      async () => onA.viewed.length,
      (viewed) => viewed >= 50,
      { what: 'page A to be told all 50 were viewed' },
    );
    expect(onA.viewed).toEqual(ids);
    expect(onB.viewed).toEqual([]);

    await waitUntilEmpty(inboxQueueOf(username));
    // Nothing comes again: a second report finds nothing to delete, anywhere.
    expect(await onA.report(ids)).toEqual({ deleted: [], unknown: ids });
    expect(onA.received).toHaveLength(50);
    expect(onB.received).toHaveLength(50);
  });

  it('withdraws a message expiring on screen from the pages on every instance', async () => {
    const { a, b } = suite;
    const username = uniqueUsername('expiry');
    const onA = await suite.page(a, username);
    const onB = await suite.page(b, username);
    const accepted = await send(a, username, 'gone in two seconds', { ttlSeconds: 2 });
    await onA.waitForMessages(1);
    await onB.waitForMessages(1);

    await waitFor(
      async () => [onA.expired, onB.expired],
      ([onAExpired, onBExpired]) => onAExpired.length > 0 && onBExpired.length > 0,
      { what: 'both pages to be told the message expired', timeoutMs: 10_000 },
    );
    expect(onA.expired).toEqual([accepted.id]);
    expect(onB.expired).toEqual([accepted.id]);
  });

  it('knows an Idempotency-Key on every instance: a retry through B gets the message sent through A', async () => {
    const { a, b } = suite;
    const username = uniqueUsername('retry');
    const request = testMessage({ receiver: username, body: 'Rome, 30% off: ROMA30' });
    const key = { 'Idempotency-Key': `"${uniqueUsername('key')}"` };

    const first = await a.postJson('/messages', request, key);
    const retry = await b.postJson('/messages', request, key);
    const misuse = await b.postJson('/messages', { ...request, body: 'another offer' }, key);

    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(await retry.json()).toEqual(await first.json());
    expect(misuse.status).toBe(422);
    // Published once: one message waits in the queue.
    expect(await queueCounts(inboxQueueOf(username))).toMatchObject({ ready: 1, unacked: 0 });
  });

  it('serves a queue an older version declared: one exclusive consumer, in order, and replaces it once empty', async () => {
    const { a, b } = suite;
    const username = uniqueUsername('older');
    const queue = inboxQueueOf(username);
    const probe = await BrokerProbe.connect();
    try {
      await probe.declareOlderInbox(username);
      const messages = Array.from({ length: 5 }, (_, i) => ({
        ...testMessage({ receiver: username, body: `from before the upgrade ${i}` }),
        id: randomUUID(),
        sentAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      }));
      await probe.publishToInbox(username, messages);
      const ids = messages.map((message) => message.id);

      const onA = await suite.page(a, username);
      const onB = await suite.page(b, username);
      await onA.waitForMessages(5);
      await onB.waitForMessages(5);
      expect(onA.ids).toEqual(ids);
      expect(onB.ids).toEqual(ids);
      expect(onB.received).toHaveLength(5);
      // Exclusive: one instance consumes, the other is refused until that one goes.
      expect((await queueCounts(queue))?.consumers).toBe(1);

      expect(await onB.report(ids)).toEqual({ deleted: ids, unknown: [] });
      onA.close();
      onB.close();
      await waitFor(
        () => queueCounts(queue),
        (counts) => counts?.consumers === 0 && counts.ready + counts.unacked === 0,
        { what: 'the older queue to be empty and unused' },
      );

      // The next sign-in finds it empty and unused, and replaces it with today's queue.
      await suite.page(b, username);
      await waitFor(() => probe.singleActiveConsumer(queue), Boolean, {
        what: 'the queue to be declared again with single active consumer',
      });
    } finally {
      await probe.close();
    }
  });
});
