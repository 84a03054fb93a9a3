import {
  sendInOrder,
  testMessage,
  waitFor,
  waitUntilEmpty,
  withRedisStopped,
} from '@prontogram/e2e-support';
import { pagesWithAHolding, startInstancesForSuite } from './instances';

/**
 * Redis carries only the live fan-out between instances. While it is away, readiness says
 * so and messages still go into RabbitMQ; once it is back, every page gets what it missed.
 */
describe('a Redis outage with two instances', () => {
  const suite = startInstancesForSuite(2);

  it('loses nothing: readiness and logs say why, and delivery resumes when Redis is back', async () => {
    const { a, b } = suite;
    const { username, queue, onA, onB } = await pagesWithAHolding(suite, 'redis');

    let ids: string[] = [];
    await withRedisStopped(async () => {
      const readiness = await waitFor(
        async () => {
          const response = await fetch(`${b.baseUrl}/health/ready`);
          return { status: response.status, body: await response.text() };
        },
        (answer) => answer.status === 503,
        { what: 'readiness to say Redis is away' },
      );
      expect(readiness.body).toContain('redis');

      // An Idempotency-Key cannot be checked without Redis: the sender is told to retry.
      const keyed = await b.postJson(
        '/messages',
        testMessage({ receiver: username, body: 'with a key' }),
        { 'Idempotency-Key': '"during-the-outage"' },
      );
      expect(keyed.status).toBe(503);
      expect(keyed.headers.get('retry-after')).toBe('5');
      expect(((await keyed.json()) as { message: string }).message).toContain('Idempotency-Key');

      // RabbitMQ still takes every message, through either instance.
      ids = (
        await sendInOrder(
          b,
          username,
          Array.from({ length: 10 }, (_, i) => `offer ${i}`),
        )
      ).map((message) => message.id);
      // A holds the deliveries and its own page gets them; B's page cannot, for now.
      await onA.waitForMessages(10);
      expect(b.logs).toMatch(/Redis is unreachable/);
    });

    await onB.waitForMessages(10, 20_000);
    expect(onB.ids).toEqual(ids);
    expect(onA.ids).toEqual(ids);
    await b.waitUntilReady();
    expect(a.logs).toMatch(/Redis is back/);

    expect(await onB.report(ids)).toEqual({ deleted: ids, unknown: [] });
    await waitUntilEmpty(queue);
  });
});
