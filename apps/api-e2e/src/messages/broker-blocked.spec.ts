import type { MessageAccepted } from '@prontogram/contracts';
import {
  inboxQueueOf,
  storedIds,
  testMessage,
  waitFor,
  withDiskAlarm,
} from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';

jest.setTimeout(120_000);

// Long enough that a refusal which waited for it cannot pass for one made at once.
const CONFIRM_TIMEOUT_MS = 30_000;

describe('POST /messages while RabbitMQ blocks publishers (disk alarm)', () => {
  const suite = startApiForSuite({
    env: { PUBLISH_CONFIRM_TIMEOUT_MS: String(CONFIRM_TIMEOUT_MS), RETRY_AFTER_SECONDS: '9' },
  });
  const receiver = suite.newUser('blocked');

  it('refuses at once and publishes nothing once blocked, says so in readiness, and recovers', async () => {
    const before = await suite.api.postJson(
      '/messages',
      testMessage({ receiver, body: 'before the alarm' }),
    );
    expect(before.status).toBe(202);
    const first = (await before.json()) as MessageAccepted;

    let stuck!: Promise<Response>;
    await withDiskAlarm(async () => {
      // RabbitMQ tells a connection it is blocked when it next publishes: this message is
      // held inside the broker until the alarm clears, and its POST waits for the confirm.
      stuck = suite.api.postJson(
        '/messages',
        testMessage({ receiver, body: 'held by the broker' }),
      );
      const readiness = await waitFor(
        () => fetch(`${suite.api.baseUrl}/health/ready`),
        (response) => response.status === 503,
        { what: 'readiness to report the block', timeoutMs: 30_000 },
      );
      expect(JSON.stringify(await readiness.json())).toContain('RabbitMQ blocks publishing');

      const started = Date.now();
      const refused = await suite.api.postJson(
        '/messages',
        testMessage({ receiver, body: 'during the alarm' }),
      );
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('9');
      // Refused without waiting for a confirm.
      expect(Date.now() - started).toBeLessThan(CONFIRM_TIMEOUT_MS / 3);
    });

    // The held message is stored once the alarm clears, within its POST's confirm timeout.
    const held = await stuck;
    expect(held.status).toBe(202);
    const second = (await held.json()) as MessageAccepted;
    await waitFor(
      () => fetch(`${suite.api.baseUrl}/health/ready`),
      (response) => response.status === 200,
      { what: 'readiness once the alarm cleared', timeoutMs: 30_000 },
    );
    const after = await suite.api.postJson(
      '/messages',
      testMessage({ receiver, body: 'after the alarm' }),
    );
    expect(after.status).toBe(202);
    const last = (await after.json()) as MessageAccepted;

    // The refused message was never published: it cannot turn up later as a duplicate.
    expect(await storedIds(inboxQueueOf(receiver))).toEqual([first.id, second.id, last.id]);
  });
});
