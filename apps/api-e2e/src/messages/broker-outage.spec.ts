import type { MessageAccepted } from '@prontogram/contracts';
import {
  deleteQueues,
  inboxQueueOf,
  RunningApi,
  storedIds,
  testMessage,
  uniqueUsername,
  waitFor,
  withBrokerStopped,
} from '@prontogram/e2e-support';

jest.setTimeout(120_000);

describe('POST /messages while RabbitMQ is away', () => {
  const receiver = uniqueUsername('outage');
  const queue = inboxQueueOf(receiver);
  const apis: RunningApi[] = [];

  afterAll(async () => {
    expect(await Promise.all(apis.map((api) => api.stop()))).toEqual(apis.map(() => true));
    await deleteQueues([queue]);
  });

  it('answers 503 with Retry-After, starts anyway, and accepts again once RabbitMQ is back', async () => {
    const running = await RunningApi.start({ RETRY_AFTER_SECONDS: '7' });
    apis.push(running);
    await running.waitUntilReady();
    expect((await running.postJson('/messages', testMessage({ receiver }))).status).toBe(202);

    await withBrokerStopped(async () => {
      const refused = await waitFor(
        () => running.postJson('/messages', testMessage({ receiver })),
        (response) => response.status !== 202,
        { what: 'the API to notice RabbitMQ is gone' },
      );
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('7');
      expect(await refused.json()).toMatchObject({
        statusCode: 503,
        message: expect.stringContaining('retry later'),
      });
      expect((await fetch(`${running.baseUrl}/health/ready`)).status).toBe(503);

      // An API started while the broker is down comes up and refuses honestly.
      const startedDuringOutage = await RunningApi.start();
      apis.push(startedDuringOutage);
      const early = await startedDuringOutage.postJson('/messages', testMessage({ receiver }));
      expect(early.status).toBe(503);
      expect(early.headers.get('retry-after')).toBe('5');
    });

    const accepted: MessageAccepted[] = [];
    for (const api of apis) {
      const response = await waitFor(
        () => api.postJson('/messages', testMessage({ receiver })),
        (answer) => answer.status === 202,
        { what: 'a 202 after RabbitMQ came back', timeoutMs: 30_000, intervalMs: 250 },
      );
      accepted.push((await response.json()) as MessageAccepted);
    }

    const ids = await storedIds(queue);
    // The message before the outage and one per API after it; none of the refused ones.
    expect(ids).toHaveLength(1 + apis.length);
    expect(ids.slice(1)).toEqual(accepted.map((message) => message.id));
  });
});
