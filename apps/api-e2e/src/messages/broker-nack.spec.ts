import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inboxQueueOf, storedIds, testMessage, uniqueUsername } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';

jest.setTimeout(60_000);

const run = promisify(execFile);
const POLICY = 'prontogram-e2e-nack';

describe('POST /messages when RabbitMQ refuses the message (nack)', () => {
  const receiver = uniqueUsername('nack');

  beforeAll(async () => {
    // A queue of at most one message that refuses more: RabbitMQ nacks the second publish.
    await run('rabbitmqctl', [
      '-q',
      'set_policy',
      POLICY,
      `^${inboxQueueOf(receiver).replace(/[.]/g, '\\.')}$`,
      '{"max-length":1,"overflow":"reject-publish"}',
      '--apply-to',
      'queues',
    ]);
  });

  const suite = startApiForSuite({
    env: { RETRY_AFTER_SECONDS: '3' },
    queuesToDelete: () => [inboxQueueOf(receiver)],
  });

  // Jest runs afterAll hooks in the order declared, each even if one before failed: the policy
  // goes once the API stopped.
  afterAll(async () => {
    await run('rabbitmqctl', ['-q', 'clear_policy', POLICY]);
  });

  it('answers 503, never 2xx, and the queue holds only what was confirmed', async () => {
    const first = await suite.api.postJson('/messages', testMessage({ receiver, body: 'fits' }));
    expect(first.status).toBe(202);
    const { id } = (await first.json()) as { id: string };

    const refused = await suite.api.postJson(
      '/messages',
      testMessage({ receiver, body: 'does not fit' }),
    );
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('3');

    expect(await storedIds(inboxQueueOf(receiver))).toEqual([id]);
  });
});
