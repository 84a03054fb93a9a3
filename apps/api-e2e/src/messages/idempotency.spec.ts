import type { MessageAccepted } from '@prontogram/contracts';
import {
  inboxQueueOf,
  queueCounts,
  testMessage,
  waitFor,
  withDiskAlarm,
} from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';

jest.setTimeout(120_000);

const keyed = (key: string) => ({ 'idempotency-key': key });

describe('POST /messages with an Idempotency-Key', () => {
  const suite = startApiForSuite({
    // One message in flight per reader, so that a second copy comes after the first was
    // acked; and a short confirm timeout, so that a held publish fails fast.
    env: { INBOX_PREFETCH: '1', PUBLISH_CONFIRM_TIMEOUT_MS: '1000' },
    brokerProbe: true,
  });

  it('gives the same answer to the same request, once stored, and refuses the key with another body', async () => {
    const receiver = suite.newUser('idem');
    const first = await suite.api.postJson(
      '/messages',
      testMessage({ receiver }),
      keyed('order-1'),
    );
    const again = await suite.api.postJson(
      '/messages',
      testMessage({ receiver }),
      keyed('"order-1"'),
    );
    expect([first.status, again.status]).toEqual([202, 202]);
    const accepted = (await first.json()) as MessageAccepted;
    expect(await again.json()).toEqual(accepted);

    const reused = await suite.api.postJson(
      '/messages',
      testMessage({ receiver, body: 'another' }),
      keyed('order-1'),
    );
    expect(reused.status).toBe(422);
    expect((await reused.json()).message).toContain('already used with a different request');

    const malformed = await suite.api.postJson(
      '/messages',
      testMessage({ receiver }),
      keyed('has space'),
    );
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).message).toContain('Idempotency-Key');

    expect(await suite.broker.storedIds(inboxQueueOf(receiver))).toEqual([accepted.id]);
  });

  it('keeps the id when a 503 hid a stored message, and the reader sees it once', async () => {
    const receiver = suite.newUser('idem-retry');
    const queue = inboxQueueOf(receiver);
    const warmUp = await suite.api.postJson(
      '/messages',
      testMessage({ receiver: suite.newUser('idem-warm') }),
    );
    expect(warmUp.status).toBe(202); // The connection has published: an alarm will block it.

    const request = testMessage({ receiver, body: 'offer RETRY1' });
    await withDiskAlarm(async () => {
      // RabbitMQ holds this publish until the alarm clears; the POST gives up first.
      const held = await suite.api.postJson('/messages', request, keyed('retry-1'));
      expect(held.status).toBe(503);
    });
    // The held message is stored once the alarm clears, although its POST said 503.
    await waitFor(
      () => queueCounts(queue),
      (counts) => counts?.ready === 1,
      { what: 'the held message in the queue', timeoutMs: 30_000 },
    );
    await suite.api.waitUntilReady(30_000);

    const retried = await suite.api.postJson('/messages', request, keyed('retry-1'));
    expect(retried.status).toBe(202);
    const { id } = (await retried.json()) as MessageAccepted;
    expect(await suite.broker.storedIds(queue)).toEqual([id, id]);

    // Both copies reach the API; the page gets one, and both leave the queue.
    const reader = await InboxClient.connect(suite.api.baseUrl, { username: receiver });
    try {
      await reader.waitForDelivery(id);
      expect(await reader.report([id])).toEqual({ deleted: [id], unknown: [] });
      await waitFor(
        () => queueCounts(queue),
        (counts) => counts?.ready === 0 && counts.unacked === 0,
        { what: 'both copies acked' },
      );
      expect(reader.received.map((message) => message.id)).toEqual([id]);
    } finally {
      reader.close();
    }
  });
});
