/**
 * `npm run soak`: N readers and M messages per second for a chosen time, against the real
 * API and RabbitMQ. Counts every message end to end and prints the API's memory over time.
 *
 *   node dist/apps/bench/soak.js [--readers 200] [--rate 100] [--minutes 20]
 *                                [--out file.json] [--api path/to/main.js]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { MessageAccepted } from '@prontogram/contracts/wire';
import { BenchBroker } from './broker';
import { offerBody, runPrefix } from './messages';
import { MIB, ServerProcess } from './processes';
import { BenchReader, inBatches, until } from './reader';
import { BENCH_API_ENV, BENCH_AUTHORIZATION } from './sender-key';

const WORKSPACE = path.resolve(__dirname, '../../..');

interface Sample {
  minute: number;
  sent: number;
  accepted: number;
  displayed: number;
  apiRssMiB: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      readers: { type: 'string', default: '200' },
      rate: { type: 'string', default: '100' },
      minutes: { type: 'string', default: '20' },
      out: { type: 'string' },
      api: { type: 'string', default: path.join(WORKSPACE, 'dist/apps/api/main.js') },
    },
  });
  const readersWanted = Number(values.readers);
  const perSecond = Number(values.rate);
  const minutes = Number(values.minutes);
  const prefix = runPrefix();
  console.log(
    `ProntoGram soak ${prefix}: ${readersWanted} readers, ${perSecond}/s, ${minutes} min`,
  );

  const broker = await BenchBroker.connect();
  const api = await ServerProcess.start('api', values.api, BENCH_API_ENV);
  const usernames = Array.from({ length: readersWanted }, (_, i) => `${prefix}-soak-${i}`);
  const accepted = new Set<string>();
  /** How many times each id reached a reader: more than once is a duplicate a page drops. */
  const received = new Map<string, number>();
  let sent = 0;
  let refused = 0;
  const samples: Sample[] = [];
  try {
    const readers = await inBatches(usernames, 100, (name) =>
      BenchReader.connect(api.url, name, true),
    );
    for (const reader of readers) {
      reader.onMessages((messages) => {
        for (const { id } of messages) received.set(id, (received.get(id) ?? 0) + 1);
      });
    }

    const inFlight = new Set<Promise<void>>();
    const sendOne = (): void => {
      const receiver = usernames[sent % usernames.length];
      sent++;
      const sending = fetch(`${api.url}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...BENCH_AUTHORIZATION },
        body: JSON.stringify({ sender: 'ACMESky', receiver, body: offerBody(`S${sent}`) }),
      })
        .then(async (response) => {
          if (response.status === 202) {
            accepted.add(((await response.json()) as MessageAccepted).id);
          } else {
            refused++;
            await response.body?.cancel();
          }
        })
        .catch(() => void refused++)
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    };
    const started = Date.now();
    const sending = setInterval(sendOne, 1000 / perSecond);
    const sampling = setInterval(() => {
      const sample: Sample = {
        minute: Math.round((Date.now() - started) / 60_000),
        sent,
        accepted: accepted.size,
        displayed: received.size,
        apiRssMiB: Math.round((api.rssBytes() / MIB) * 10) / 10,
      };
      samples.push(sample);
      console.log(
        `${sample.minute} min: sent ${sample.sent}, accepted ${sample.accepted}, ` +
          `displayed ${sample.displayed}, API RSS ${sample.apiRssMiB} MiB`,
      );
    }, 60_000);
    await new Promise((resolve) => setTimeout(resolve, minutes * 60_000));
    clearInterval(sending);
    clearInterval(sampling);
    await Promise.all(inFlight);
    const allShown = () => [...accepted].every((id) => received.has(id));
    await until(allShown, 60_000, 'every accepted message on a page').catch(() => undefined);
    for (const reader of readers) reader.close();

    const lost = [...accepted].filter((id) => !received.has(id)).length;
    const duplicates = [...received.values()].reduce((sum, times) => sum + times - 1, 0);
    const result = {
      run: prefix,
      readers: readersWanted,
      perSecond,
      minutes,
      sent,
      accepted: accepted.size,
      refused,
      displayed: received.size,
      duplicatesSuppressed: duplicates,
      lost,
      apiRssMiB: samples.map((sample) => sample.apiRssMiB),
    };
    console.log('\n| sent | accepted | refused | displayed | duplicates suppressed | lost |');
    console.log('| ---- | -------- | ------- | --------- | --------------------- | ---- |');
    console.log(
      `| ${sent} | ${accepted.size} | ${refused} | ${received.size} | ${duplicates} | ${lost} |`,
    );
    console.log(`API RSS per minute (MiB): ${result.apiRssMiB.join(', ')}`);
    const out = values.out ?? path.join(WORKSPACE, 'dist/bench', `${prefix}-soak.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(result, null, 2));
    console.log(`Figures written to ${path.relative(process.cwd(), out)}`);
    if (lost > 0) process.exitCode = 1;
  } finally {
    await api.stop();
    await broker.deleteQueues(usernames);
    await broker.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
