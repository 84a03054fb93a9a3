import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import type { BenchBroker } from './broker';
import { round } from './histogram';
import { requestBodies } from './messages';
import type { BenchPlan } from './plan';
import { BENCH_AUTHORIZATION } from './sender-key';

const run = promisify(execFile);

export interface IngestionFigure {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /**
   * The server's own CPU time per accepted request, in microseconds: what each request
   * costs it, steadier than throughput on a machine the broker and the load share.
   */
  cpuMicrosPerRequest?: number;
}

/** A server under load: where to send, and how much CPU it has used. */
export interface LoadedServer {
  url: string;
  cpuMicros(): number;
}

export interface IngestionRow {
  concurrency: number;
  api: IngestionFigure;
  reference: IngestionFigure;
  rawAmqp: IngestionFigure;
  /** API throughput as a share of the framework-free reference server. */
  apiToReference: number;
  /** API throughput as a share of raw amqplib with confirms. */
  apiToRawAmqp: number;
}

/** `POST /messages` against a server, `concurrency` connections for `seconds`. */
async function loadHttp(
  server: LoadedServer,
  concurrency: number,
  seconds: number,
  receivers: string[],
): Promise<IngestionFigure> {
  const nextBody = requestBodies(receivers);
  const cpuBefore = server.cpuMicros();
  const result = await autocannon({
    url: `${server.url}/messages`,
    connections: concurrency,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...BENCH_AUTHORIZATION },
    requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, body: nextBody() }) }],
  });
  const accepted = result['2xx'];
  const cpuUsed = server.cpuMicros() - cpuBefore;
  return {
    requestsPerSecond: Math.round(accepted / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMicrosPerRequest: accepted > 0 ? Math.round(cpuUsed / accepted) : undefined,
  };
}

/** The same messages straight through amqplib, in a process of its own. */
async function loadRawAmqp(
  concurrency: number,
  seconds: number,
  receivers: string[],
): Promise<IngestionFigure> {
  const { stdout } = await run(process.execPath, [
    path.join(__dirname, 'raw-publisher.js'),
    String(concurrency),
    String(seconds),
    receivers.join(','),
  ]);
  const figures = JSON.parse(stdout) as {
    requests: number;
    elapsedSeconds: number;
    latency: { p50: number; p99: number };
  };
  return {
    requestsPerSecond: Math.round(figures.requests / figures.elapsedSeconds),
    p50: figures.latency.p50,
    p99: figures.latency.p99,
    errors: 0,
  };
}

/**
 * Ingestion, side by side: for each concurrency, the reference server, the API and raw
 * amqplib, one after the other in the same run, each after a short warm-up of its own and
 * each on emptied queues (a queue's length changes what RabbitMQ spends per message).
 */
export async function measureIngestion(
  plan: BenchPlan['ingestion'],
  api: LoadedServer,
  reference: LoadedServer,
  receivers: string[],
  broker: BenchBroker,
): Promise<IngestionRow[]> {
  const rows: IngestionRow[] = [];
  const onEmptyQueues = async <T>(measure: () => Promise<T>): Promise<T> => {
    await broker.purge(receivers);
    return measure();
  };
  for (const concurrency of plan.concurrencies) {
    // The first load of a concurrency also declares the receivers' queues.
    await loadHttp(reference, concurrency, plan.warmupSeconds, receivers);
    const referenceFigure = await onEmptyQueues(() =>
      loadHttp(reference, concurrency, plan.seconds, receivers),
    );
    await loadHttp(api, concurrency, plan.warmupSeconds, receivers);
    const apiFigure = await onEmptyQueues(() =>
      loadHttp(api, concurrency, plan.seconds, receivers),
    );
    const rawAmqp = await onEmptyQueues(() => loadRawAmqp(concurrency, plan.seconds, receivers));
    await broker.purge(receivers);
    rows.push({
      concurrency,
      api: apiFigure,
      reference: referenceFigure,
      rawAmqp,
      apiToReference: round(apiFigure.requestsPerSecond / referenceFigure.requestsPerSecond, 3),
      apiToRawAmqp: round(apiFigure.requestsPerSecond / rawAmqp.requestsPerSecond, 3),
    });
  }
  return rows;
}
