import type { ErrorResponse, MessageAccepted } from '@prontogram/contracts';
import { inboxQueueOf, send, testMessage, waitUntilEmpty } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';

jest.setTimeout(60_000);

const INBOX_MAX_MESSAGES = 3;

describe('a bounded inbox (INBOX_MAX_MESSAGES)', () => {
  const suite = startApiForSuite({
    env: { INBOX_MAX_MESSAGES: String(INBOX_MAX_MESSAGES) },
    brokerProbe: true,
  });
  const receiver = suite.newUser('full');
  const queue = inboxQueueOf(receiver);

  it('answers 409 "inbox full" past the limit, and keeps every message already queued', async () => {
    const accepted: MessageAccepted[] = [];
    for (let i = 1; i <= INBOX_MAX_MESSAGES; i++)
      accepted.push(await send(suite.api, receiver, `m${i}`));

    const refused = await suite.api.postJson('/messages', testMessage({ receiver, body: 'extra' }));

    expect(refused.status).toBe(409);
    const answer = (await refused.json()) as ErrorResponse;
    expect(answer.code).toBe('inbox-full');
    expect(answer.message).toMatch(/^inbox full: .* 3 unread messages waiting/);
    // Nothing dropped to make room, nothing added: the first three, in order.
    expect(await suite.broker.storedIds(queue)).toEqual(accepted.map((message) => message.id));
  });

  it('takes messages again once the person has read some', async () => {
    const reader = await InboxClient.connect(suite.api.baseUrl, { username: receiver });
    try {
      const shown = await reader.waitForMessages(INBOX_MAX_MESSAGES);
      await reader.report(shown.map((message) => message.id));
      await waitUntilEmpty(queue);
    } finally {
      reader.close();
    }
    const again = await send(suite.api, receiver, 'after reading');
    expect(await suite.broker.storedIds(queue)).toEqual([again.id]);
  });
});
