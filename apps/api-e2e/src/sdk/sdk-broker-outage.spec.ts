import type { MessageAccepted } from '@prontogram/contracts';
import {
  BrokerProbe,
  inboxQueueOf,
  testMessage,
  waitFor,
  withBrokerStopped,
} from '@prontogram/e2e-support';
import { ProntoGramClient } from '@prontogram/sdk';
import { startApiForSuite } from '../support/api-suite';

jest.setTimeout(120_000);

describe('the SDK while RabbitMQ is away', () => {
  // No broker probe: its connection would not survive the broker's stop.
  const suite = startApiForSuite({ env: { RETRY_AFTER_SECONDS: '1' } });

  it('retries the 503 and resolves with the 202 once RabbitMQ is back, the message stored once', async () => {
    const receiver = suite.newUser('sdk-outage');
    const statuses: number[] = [];
    const client = new ProntoGramClient({
      baseUrl: suite.api.baseUrl,
      retry: { maxTotalMs: 90_000, maxAttempts: 200 },
      // The global fetch, recording each answer the SDK gets.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        statuses.push(response.status);
        return response;
      },
    });

    let sending: Promise<MessageAccepted> | undefined;
    await withBrokerStopped(async () => {
      await waitFor(
        () => fetch(`${suite.api.baseUrl}/health/ready`),
        (response) => response.status === 503,
        { what: 'the API to notice RabbitMQ is gone' },
      );
      sending = client.send(testMessage({ receiver, body: 'sent during the outage' }));
      // Caught here only so that a failure waits for the assertions below.
      sending.catch(() => undefined);
      await waitFor(
        async () => statuses,
        (seen) => seen.includes(503),
        { what: 'the SDK to be refused while RabbitMQ is away' },
      );
    });
    const accepted = await (sending as Promise<MessageAccepted>);

    expect(accepted).toMatchObject({ receiver, id: expect.any(String) });
    expect(statuses.at(-1)).toBe(202);
    expect(statuses.slice(0, -1).every((status) => status === 503)).toBe(true);
    const broker = await BrokerProbe.connect();
    try {
      const stored = await broker.peek(inboxQueueOf(receiver));
      expect(stored.map((message) => message.properties.messageId)).toEqual([accepted.id]);
    } finally {
      await broker.close();
    }
  });
});
