import { LatencyHistogram, LatencySummary } from './histogram';
import { offerBody } from './messages';
import type { BenchPlan } from './plan';
import { BenchReader, inBatches, until } from './reader';
import { Sender } from './sender';

export interface EndToEndRow {
  readers: number;
  /** Messages per second, or `sequential`: one at a time, each waiting for the page. */
  rate: number | 'sequential';
  sent: number;
  received: number;
  errors: number;
  /** From the moment a POST was due to the moment a reader's socket had the message. */
  postToPage: LatencySummary;
  /** The POST's own answer time. */
  post: LatencySummary;
}

const SEQUENCE = /: E(\d+)\./;

/**
 * Time from POST to the reader's socket. All readers are connected, and each has received a
 * first message (so its consumer is attached), before the clock starts. Latency is taken
 * from when each POST was due, not when it went out, so a sender that falls behind shows.
 */
export async function measureEndToEnd(
  plan: BenchPlan['endToEnd'],
  apiUrl: string,
  prefix: string,
): Promise<{ rows: EndToEndRow[]; usernames: string[] }> {
  const usernames = Array.from({ length: plan.readers }, (_, i) => `${prefix}-e2e-${i}`);
  const readers = await inBatches(usernames, 100, (username) =>
    BenchReader.connect(apiUrl, username),
  );
  const sender = new Sender(apiUrl);
  const dueAt = new Map<number, number>();
  let nextSequence = 0;
  let received = 0;
  let postToPage = new LatencyHistogram();
  for (const reader of readers) {
    reader.onMessages((messages) => {
      const now = performance.now();
      for (const message of messages) {
        const sequence = Number(SEQUENCE.exec(message.body)?.[1]);
        const due = dueAt.get(sequence);
        if (due === undefined) continue; // A redelivery: counted once.
        dueAt.delete(sequence);
        postToPage.recordMs(now - due);
        received++;
      }
    });
  }
  const send = (receiver: string, due: number, post: LatencyHistogram): Promise<boolean> => {
    const sequence = nextSequence++;
    dueAt.set(sequence, due);
    const started = performance.now();
    return sender.send(receiver, offerBody(`E${sequence}`)).then(
      (status) => {
        post.recordMs(performance.now() - started);
        return status === 202;
      },
      () => false,
    );
  };

  try {
    // Warm-up: every reader gets one message, so every consumer is attached.
    const warmup = new LatencyHistogram();
    await inBatches(usernames, 64, (username) => send(username, performance.now(), warmup));
    await until(() => received >= readers.length, 60_000, 'warm-up messages');

    const rows: EndToEndRow[] = [];
    for (const rate of plan.rates) {
      postToPage = new LatencyHistogram();
      received = 0;
      const post = new LatencyHistogram();
      const total = rate * plan.seconds;
      const posts: Promise<boolean>[] = [];
      const start = performance.now();
      while (posts.length < total) {
        const dueCount = Math.min(
          total,
          Math.floor(((performance.now() - start) * rate) / 1000) + 1,
        );
        while (posts.length < dueCount) {
          const due = start + (posts.length * 1000) / rate;
          const receiver = usernames[Math.floor(Math.random() * usernames.length)];
          posts.push(send(receiver, due, post));
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const accepted = (await Promise.all(posts)).filter(Boolean).length;
      await until(() => received >= accepted, 60_000, `${accepted} messages at ${rate}/s`);
      rows.push({
        readers: readers.length,
        rate,
        sent: total,
        received,
        errors: total - accepted,
        postToPage: postToPage.summary(),
        post: post.summary(),
      });
    }

    // One reader, one message at a time: the latency of a quiet system.
    postToPage = new LatencyHistogram();
    received = 0;
    const post = new LatencyHistogram();
    let errors = 0;
    for (let i = 0; i < plan.sequentialMessages; i++) {
      const expected = received + 1;
      if (!(await send(usernames[0], performance.now(), post))) errors++;
      else await until(() => received >= expected, 10_000, 'a sequential message');
    }
    rows.push({
      readers: readers.length,
      rate: 'sequential',
      sent: plan.sequentialMessages,
      received,
      errors,
      postToPage: postToPage.summary(),
      post: post.summary(),
    });
    return { rows, usernames };
  } finally {
    for (const reader of readers) reader.close();
    sender.close();
  }
}
