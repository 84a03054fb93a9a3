/**
 * `npm run bench`: ProntoGram's speed beside the framework-free limit, in one run on this
 * machine. Prints Markdown tables and writes every figure as JSON.
 *
 *   node dist/apps/bench/main.js [--smoke] [--only ingestion,endToEnd,backlog,sessions]
 *                                [--out file.json] [--api path/to/main.js]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { measureBacklog } from './backlog';
import { BenchBroker } from './broker';
import { measureEndToEnd } from './end-to-end';
import { measureIngestion } from './ingestion';
import { runPrefix } from './messages';
import { FULL_PLAN, SECTIONS, SectionName, SMOKE_PLAN } from './plan';
import { ServerProcess } from './processes';
import { backlogTable, endToEndTable, ingestionTable, sessionsTable } from './report';
import { measureSessions } from './sessions';
import { BENCH_API_ENV } from './sender-key';

const WORKSPACE = path.resolve(__dirname, '../../..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      api: { type: 'string', default: path.join(WORKSPACE, 'dist/apps/api/main.js') },
    },
  });
  const plan = values.smoke ? SMOKE_PLAN : FULL_PLAN;
  const sections = (values.only?.split(',') ?? SECTIONS) as SectionName[];
  const unknown = sections.filter((section) => !SECTIONS.includes(section));
  if (unknown.length > 0) throw new Error(`Unknown section(s) ${unknown}; use ${SECTIONS}`);
  const prefix = runPrefix();
  const results: Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    plan,
  };
  const say = (text: string): void => console.log(text);
  say(`ProntoGram bench (${plan.mode}), run ${prefix}: ${sections.join(', ')}`);

  const broker = await BenchBroker.connect();
  const api = await ServerProcess.start('api', values.api, BENCH_API_ENV);
  const reference = await ServerProcess.start(
    'reference',
    path.join(__dirname, 'reference-server.js'),
    {},
  );
  const queuesMade: string[] = [];
  try {
    if (sections.includes('ingestion')) {
      const receivers = Array.from(
        { length: plan.ingestion.receivers },
        (_, i) => `${prefix}-in-${i}`,
      );
      queuesMade.push(...receivers);
      const rows = await measureIngestion(plan.ingestion, api, reference, receivers, broker);
      results['ingestion'] = rows;
      say(`\n## Ingestion: POST /messages beside the reference server and raw AMQP\n`);
      say(ingestionTable(rows));
    }
    if (sections.includes('endToEnd')) {
      const { rows, usernames } = await measureEndToEnd(plan.endToEnd, api.url, prefix);
      queuesMade.push(...usernames);
      results['endToEnd'] = rows;
      say(`\n## End to end: POST to the reader's socket\n`);
      say(endToEndTable(rows));
    }
    if (sections.includes('backlog')) {
      const { rows, usernames } = await measureBacklog(plan.backlog, api, broker, prefix);
      queuesMade.push(...usernames);
      results['backlog'] = rows;
      say(`\n## Backlog: a reader comes back to waiting messages\n`);
      say(backlogTable(rows));
    }
    if (sections.includes('sessions')) {
      const { row, usernames } = await measureSessions(plan.sessions, api, prefix);
      queuesMade.push(...usernames);
      results['sessions'] = row;
      say(`\n## Sessions: idle readers, then an API restart\n`);
      say(sessionsTable(row));
    }
  } finally {
    await Promise.all([api.stop(), reference.stop()]);
    await broker.deleteQueues(queuesMade);
    await broker.close();
  }
  const out =
    values.out ?? path.join(WORKSPACE, 'dist/bench', `bench-${plan.mode}-${Date.now()}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  say(`\nFigures written to ${path.relative(process.cwd(), out)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
