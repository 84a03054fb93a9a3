import { inboxQueueOf, testMessage, uniqueUsername, waitFor } from '@prontogram/e2e-support';
import type { MessageAccepted } from '@prontogram/contracts';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';

/** One JSON log line, with the fields these tests read. */
interface LogLine {
  level: string;
  msg: string;
  reqId?: string;
  messageId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
}

describe('structured logs (LOG_FORMAT=json)', () => {
  const username = uniqueUsername('logs');
  const body = `a body that must stay out of the logs ${Math.random()}`;
  const suite = startApiForSuite({
    env: { LOG_FORMAT: 'json' },
    queuesToDelete: () => [inboxQueueOf(username)],
  });
  const lines = (): LogLine[] =>
    suite.api.logs
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);

  it('gives the POST of a message and the ack of that message the same request id', async () => {
    const response = await suite.api.postJson(
      '/messages',
      testMessage({ receiver: username, body }),
      {
        'x-request-id': 'acmesky-offer-42',
      },
    );
    expect(response.status).toBe(202);
    expect(response.headers.get('x-request-id')).toBe('acmesky-offer-42');
    const { id } = (await response.json()) as MessageAccepted;

    const page = await InboxClient.connect(suite.api.baseUrl, { username });
    try {
      await page.waitForDelivery(id);
      await page.report([id]);
    } finally {
      page.close();
    }
    const [post, ack] = await waitFor(
      async () => [
        lines().find((line) => line.req?.url === '/messages' && line.res?.statusCode === 202),
        lines().find((line) => line.messageId === id),
      ],
      (found) => found.every(Boolean),
      { what: "the POST's line and the ack's line" },
    );
    expect(post).toMatchObject({
      level: 'info',
      reqId: 'acmesky-offer-42',
      req: { method: 'POST' },
    });
    expect(ack).toMatchObject({ level: 'info', reqId: 'acmesky-offer-42' });
    expect(ack?.msg).toMatch(new RegExp(`Deleted ${id} from prontogram\\.inbox\\.${username}`));
  });

  it('makes an id for a request that brings none (or an unusable one), and answers with it', async () => {
    const made = await fetch(`${suite.api.baseUrl}/health/live`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const unusable = await fetch(`${suite.api.baseUrl}/health/live`, {
      headers: { 'x-request-id': 'has spaces and "quotes"' },
    });
    expect(unusable.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes every line as JSON, with no message body and no request headers', () => {
    const output = suite.api.logs.split('\n').filter((line) => line.trim() !== '');
    expect(output.length).toBeGreaterThan(0);
    for (const line of output) expect(() => JSON.parse(line)).not.toThrow();
    expect(suite.api.logs).not.toContain(body);
    expect(suite.api.logs).not.toContain('content-type');
  });
});
