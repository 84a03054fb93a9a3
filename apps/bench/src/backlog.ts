import type { BenchBroker } from './broker';
import { round } from './histogram';
import type { BenchPlan } from './plan';
import { MemoryWatch, MIB, ServerProcess } from './processes';
import { BenchReader, until } from './reader';

export interface BacklogRow {
  messages: number;
  /** From connecting until every message was received and its deletion confirmed. */
  seconds: number;
  messagesPerSecond: number;
  apiRssBeforeMiB: number;
  apiRssPeakMiB: number;
  /** Messages left in the queue afterwards: 0 when every one was displayed and acked. */
  leftInQueue: number;
}

/**
 * A reader comes back to a backlog: all of it must reach the page and be deleted, while the
 * API holds no more than its prefetch at a time.
 */
export async function measureBacklog(
  plan: BenchPlan['backlog'],
  api: ServerProcess,
  broker: BenchBroker,
  prefix: string,
): Promise<{ rows: BacklogRow[]; usernames: string[] }> {
  const rows: BacklogRow[] = [];
  const usernames: string[] = [];
  for (const size of plan.sizes) {
    const username = `${prefix}-backlog-${size}`;
    usernames.push(username);
    await broker.fill(username, size);
    const before = api.rssBytes();
    const memory = new MemoryWatch(() => api.rssBytes());
    const started = performance.now();
    const reader = await BenchReader.connect(api.url, username);
    try {
      await until(() => reader.deleted >= size, 120_000, `${size} messages displayed and deleted`);
    } finally {
      reader.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const peak = memory.stop();
    rows.push({
      messages: size,
      seconds: round(seconds, 3),
      messagesPerSecond: Math.round(size / seconds),
      apiRssBeforeMiB: round(before / MIB, 1),
      apiRssPeakMiB: round(peak / MIB, 1),
      leftInQueue: await broker.depth(username),
    });
  }
  return { rows, usernames };
}
