import type { MessageAccepted } from '@prontogram/contracts';
import { inboxQueueOf, queueCounts, send, waitFor } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';
import { runCli, unreachableUrl } from './run-cli';

jest.setTimeout(60_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the prontogram command line, against the real API', () => {
  const suite = startApiForSuite();
  const clients: InboxClient[] = [];
  const prontogram = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { PRONTOGRAM_URL: suite.api.baseUrl, PRONTOGRAM_SENDER: 'ACMESky', ...env });
  const signIn = async (username: string): Promise<InboxClient> => {
    const client = await InboxClient.connect(suite.api.baseUrl, { username });
    clients.push(client);
    return client;
  };

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  it('sends a message that a connected reader receives, and prints its id', async () => {
    const receiver = suite.newUser('cli-send');
    const reader = await signIn(receiver);

    const sent = await prontogram(['send', '--to', receiver, '--ttl', '3600', 'Codice: ABC123']);

    expect(sent).toMatchObject({ code: 0, stderr: '' });
    const id = sent.stdout.trim();
    expect(id).toMatch(UUID);
    await reader.waitForDelivery(id);
    const [received] = reader.received;
    expect(received).toMatchObject({ id, sender: 'ACMESky', receiver, body: 'Codice: ABC123' });
    expect(Date.parse(received.expiresAt) - Date.parse(received.sentAt)).toBe(3600_000);
  });

  it("exits with 3 on a 400, with the API's reason on one line of stderr", async () => {
    const refused = await prontogram(['send', '--to', 'not a username!', 'hello']);

    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^prontogram: refused with 400: receiver: [^\n]+\n$/);
  });

  it('exits with 4 when the API cannot be reached, once --retry-for has run out', async () => {
    const url = await unreachableUrl();

    const started = Date.now();
    const failed = await prontogram(['send', '--to', 'mario.rossi', '--retry-for', '1', 'hi'], {
      PRONTOGRAM_URL: url,
    });

    expect(failed.code).toBe(4);
    expect(failed.stderr).toMatch(
      new RegExp(
        `^prontogram: gave up after \\d+ attempts in \\d\\.\\d s: ` +
          `no answer from ${url}/messages: connect ECONNREFUSED [^\\n]+\\n$`,
      ),
    );
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('lists what waits with inbox, as text that cannot drive a terminal, and leaves it queued', async () => {
    const receiver = suite.newUser('cli-inbox');
    const sent = await prontogram(['send', '--to', receiver, '--json', 'first \u001b[31mred']);
    const first = JSON.parse(sent.stdout) as MessageAccepted;
    const second = await send(suite.api, receiver, 'second\nline two');

    const listed = await prontogram(['inbox', receiver, '--quiet-ms', '500']);

    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toContain(`2 messages wait for ${receiver}`);
    expect(listed.stdout).toContain(`from ACMESky | sent ${first.sentAt} | expires`);
    expect(listed.stdout).toContain('    first \\x1b[31mred\n');
    expect(listed.stdout).toContain('    second\n    line two\n');
    expect(listed.stdout).not.toContain('\u001b');

    const asJson = await prontogram(['inbox', receiver, '--json', '--quiet-ms', '500']);
    const waiting = JSON.parse(asJson.stdout) as { id: string; body: string }[];
    expect(waiting.map((message) => message.id)).toEqual([first.id, second.id]);
    expect(waiting[0].body).toBe('first \u001b[31mred');

    // Both back in the queue, ready, with nobody consuming it; and a reader gets them.
    await waitFor(
      () => queueCounts(inboxQueueOf(receiver)),
      (counts) => counts?.ready === 2 && counts.unacked === 0 && counts.consumers === 0,
      { what: 'both messages back in the queue' },
    );
    const reader = await signIn(receiver);
    await reader.waitForMessages(2);
    expect(reader.ids).toEqual([first.id, second.id]);
  });

  it('exits with 3 when the sign-in is refused, saying why', async () => {
    const refused = await prontogram(['inbox', 'not a username!']);

    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^prontogram: sign-in refused \(characters\): [^\n]+\n$/);
  });
});
