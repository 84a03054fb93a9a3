import { rabbitMemoryBytes } from './broker';
import { round } from './histogram';
import type { BenchPlan } from './plan';
import { MIB, ServerProcess } from './processes';
import { BenchReader, inBatches, until } from './reader';

export interface SessionsRow {
  readers: number;
  connectSeconds: number;
  connectsPerSecond: number;
  apiRssIdleMiB: number;
  apiRssWithReadersMiB: number;
  apiKiBPerSession: number;
  rabbitBeforeMiB: number;
  rabbitWithReadersMiB: number;
  /** After SIGTERM and a new start on the same port: until every reader is back. */
  reconnectSeconds: number;
  /** Of which the new process took this long to listen. */
  restartSeconds: number;
  /** Failed connection attempts while no API listened: expected, the readers back off. */
  refusedWhileDown: number;
  /** Failed connection attempts once the new API listened: there should be none. */
  reconnectErrors: number;
}

/**
 * Idle readers: how fast they connect, what each costs the API and RabbitMQ, and how fast
 * all come back when the API restarts (the reconnect storm).
 */
export async function measureSessions(
  plan: BenchPlan['sessions'],
  api: ServerProcess,
  prefix: string,
): Promise<{ row: SessionsRow; usernames: string[] }> {
  const usernames = Array.from({ length: plan.readers }, (_, i) => `${prefix}-idle-${i}`);
  global.gc?.();
  const apiIdle = api.rssBytes();
  const rabbitBefore = await rabbitMemoryBytes();
  const started = performance.now();
  const readers = await inBatches(usernames, plan.connectConcurrency, (username) =>
    BenchReader.connect(api.url, username, true),
  );
  const connectSeconds = (performance.now() - started) / 1000;
  try {
    // Consumers start just after the handshake: let the API settle before reading memory.
    await settle(() => api.rssBytes());
    const apiWithReaders = api.rssBytes();
    const rabbitWithReaders = await rabbitMemoryBytes();

    const errorsBefore = countErrors(readers);
    const connectsBefore = readers.map((reader) => reader.connects);
    const restartStarted = performance.now();
    await api.restart();
    const restartSeconds = (performance.now() - restartStarted) / 1000;
    const errorsWhileDown = countErrors(readers) - errorsBefore;
    await until(
      () => readers.every((reader, i) => reader.connected && reader.connects > connectsBefore[i]),
      60_000,
      `${plan.readers} readers back after the restart`,
    );
    const reconnectSeconds = (performance.now() - restartStarted) / 1000;
    const reconnectErrors = countErrors(readers) - errorsBefore - errorsWhileDown;

    return {
      usernames,
      row: {
        readers: plan.readers,
        connectSeconds: round(connectSeconds, 2),
        connectsPerSecond: Math.round(plan.readers / connectSeconds),
        apiRssIdleMiB: round(apiIdle / MIB, 1),
        apiRssWithReadersMiB: round(apiWithReaders / MIB, 1),
        apiKiBPerSession: round((apiWithReaders - apiIdle) / 1024 / plan.readers, 1),
        rabbitBeforeMiB: round(rabbitBefore / MIB, 1),
        rabbitWithReadersMiB: round(rabbitWithReaders / MIB, 1),
        reconnectSeconds: round(reconnectSeconds, 2),
        restartSeconds: round(restartSeconds, 2),
        refusedWhileDown: errorsWhileDown,
        reconnectErrors,
      },
    };
  } finally {
    for (const reader of readers) reader.close();
  }
}

function countErrors(readers: BenchReader[]): number {
  return readers.reduce((sum, reader) => sum + reader.connectErrors, 0);
}

/** Waits until a reading stops moving by more than 1% between two samples 500 ms apart. */
async function settle(read: () => number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let previous = read();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const current = read();
    if (Math.abs(current - previous) <= previous * 0.01) return;
    previous = current;
  }
}
