import type { InboxMessage, MessageAccepted } from '@prontogram/contracts';
import { queueCounts, inboxQueueOf, testMessage, waitFor } from '@prontogram/e2e-support';
import { InboxClient } from '../support/inbox-client';

const TAG = /\[(M\d+)\]/;

/** What the API answered to one POST: its status (0: no answer at all) and the id of a 2xx. */
interface Answer {
  status: number;
  id?: string;
}

/**
 * POSTs messages at a steady rate, round-robin over its receivers, and keeps every answer.
 * Each body carries a tag (`[M17]`) so that what a reader displays can be matched to what
 * was sent, whatever the answer was.
 */
export class SteadySender {
  readonly answers = new Map<string, Answer>();
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private sent = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly receivers: string[],
    private readonly perSecond: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sendOne(), 1000 / this.perSecond);
  }

  /** Stops sending and waits for every answer. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.inFlight);
  }

  /** Resolves once `count` more answers of `status` came back (to see a fault, or its end). */
  async waitForAnswers(accept: (status: number) => boolean, count: number): Promise<void> {
    const seen = () => [...this.answers.values()].filter((answer) => accept(answer.status)).length;
    const target = seen() + count;
    await waitFor(
      async () => seen(),
      (n) => n >= target,
      {
        what: `${count} more answers of the expected kind`,
        timeoutMs: 60_000,
      },
    );
  }

  private sendOne(): void {
    const tag = `M${this.sent}`;
    const receiver = this.receivers[this.sent % this.receivers.length];
    this.sent++;
    const sending = fetch(`${this.baseUrl}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(testMessage({ receiver, body: `offer [${tag}]` })),
      signal: AbortSignal.timeout(15_000),
    })
      .then(async (response) => {
        const answer: Answer = { status: response.status };
        if (response.ok) answer.id = ((await response.json()) as MessageAccepted).id;
        else await response.body?.cancel();
        this.answers.set(tag, answer);
      })
      .catch(() => {
        this.answers.set(tag, { status: 0 });
      });
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }
}

/**
 * A reader that behaves like the page: it reports every message it receives as displayed,
 * and keeps, per tag, the ids it was shown (a page shows one message per id).
 */
export class PageReader {
  readonly shown = new Map<string, Set<string>>();
  /** Ids in the order they first arrived. */
  readonly firstSeen: string[] = [];

  private constructor(
    readonly username: string,
    readonly client: InboxClient,
  ) {
    client.onMessages((messages) => this.receive(messages));
  }

  static async connect(baseUrl: string, username: string): Promise<PageReader> {
    return new PageReader(username, await InboxClient.connect(baseUrl, { username }));
  }

  close(): void {
    this.client.close();
  }

  private receive(messages: InboxMessage[]): void {
    for (const message of messages) {
      const tag = TAG.exec(message.body)?.[1];
      if (!tag) continue;
      const ids = this.shown.get(tag) ?? new Set<string>();
      if (!ids.has(message.id)) this.firstSeen.push(message.id);
      ids.add(message.id);
      this.shown.set(tag, ids);
    }
    // A report lost to a fault is made again when the message comes again.
    this.client.report(messages.map((message) => message.id)).catch(() => undefined);
  }
}

/** What a run proved: messages answered 2xx and never shown, and messages shown twice. */
export interface Ledger {
  accepted: number;
  refused: number;
  lost: string[];
  shownTwice: string[];
}

/** Every 2xx shown exactly once (one id, the answered one); anything else at most once. */
export function ledgerOf(sender: SteadySender, readers: PageReader[]): Ledger {
  const ledger: Ledger = { accepted: 0, refused: 0, lost: [], shownTwice: [] };
  const shownIds = (tag: string) =>
    new Set(readers.flatMap((reader) => [...(reader.shown.get(tag) ?? [])]));
  for (const [tag, answer] of sender.answers) {
    const ids = shownIds(tag);
    if (ids.size > 1) ledger.shownTwice.push(tag);
    if (answer.status >= 200 && answer.status < 300) {
      ledger.accepted++;
      if (!(ids.size === 1 && ids.has(answer.id as string))) ledger.lost.push(tag);
    } else {
      ledger.refused++;
    }
  }
  return ledger;
}

/**
 * Waits until every accepted message was shown and every reader's queue is empty (all
 * acked), then returns the ledger: whatever is still missing then is reported as lost.
 */
export async function settle(sender: SteadySender, readers: PageReader[]): Promise<Ledger> {
  await sender.stop();
  await waitFor(
    async () => ledgerOf(sender, readers).lost.length,
    (lost) => lost === 0,
    { what: 'every accepted message on a page', timeoutMs: 60_000 },
  ).catch(() => undefined); // The ledger below says what is missing.
  await waitFor(
    () => Promise.all(readers.map((reader) => queueCounts(inboxQueueOf(reader.username)))),
    (counts) => counts.every((count) => count !== null && count.ready + count.unacked === 0),
    { what: "the readers' queues to be empty", timeoutMs: 60_000 },
  ).catch(() => undefined);
  return ledgerOf(sender, readers);
}
