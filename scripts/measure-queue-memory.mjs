#!/usr/bin/env node
/**
 * Measures RabbitMQ's memory per idle ProntoGram inbox queue.
 *
 *   node scripts/measure-queue-memory.mjs [--counts 10000,50000]
 *
 * In a vhost of its own it declares inbox queues exactly as ProntoGram does (durable classic,
 * same arguments, each bound to the inbox exchange by its own routing key), in cumulative steps,
 * and after each step reads the broker's memory and Erlang process count once they have settled.
 * The vhost, and with it every queue, is deleted at the end, also on Ctrl+C.
 *
 * Needs a local broker and `rabbitmqctl` / `rabbitmq-diagnostics` (run as root or as the rabbitmq
 * user). RABBITMQ_URL (default amqp://guest:guest@127.0.0.1:5672) names the broker; its vhost
 * part is ignored. Other clients of the broker add noise to the figures: run it on a quiet one.
 */
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import amqp from 'amqplib';

// One vhost per run, so that a run only ever deletes the vhost it created itself.
const VHOST_PREFIX = 'prontogram-measure';
const VHOST = `${VHOST_PREFIX}-${process.pid}`;
const INBOX_EXCHANGE = 'prontogram.inbox';
const EXPIRED_EXCHANGE = 'prontogram.expired';
const QUEUE_OPTIONS = {
  durable: true,
  arguments: {
    'x-queue-type': 'classic',
    'x-dead-letter-exchange': EXPIRED_EXCHANGE,
    'x-expires': 7 * 24 * 3600 * 1000 + 2 * 3600 * 1000,
    'x-single-active-consumer': true,
  },
};
const CHANNELS = 32;
const IN_FLIGHT = 500;
const SETTLE_INTERVAL_MS = 3000;
const SETTLE_DEADLINE_MS = 120_000;

const { values } = parseArgs({ options: { counts: { type: 'string', default: '10000,50000' } } });
const counts = values.counts.split(',').map(Number);
if (counts.some((n, i) => !Number.isInteger(n) || n <= 0 || n <= (counts[i - 1] ?? 0))) {
  throw new Error(`--counts must be increasing positive integers, got ${values.counts}`);
}
const url = new URL(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
url.pathname = `/${encodeURIComponent(VHOST)}`;

/** Runs a RabbitMQ CLI tool. Synchronous on purpose: the signal handler needs it too. */
function cli(tool, ...args) {
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function measureVhosts() {
  const names = cli('rabbitmqctl', '-q', 'list_vhosts', 'name').split('\n');
  return names.filter((name) => name.startsWith(VHOST_PREFIX));
}

let vhostCreated = false;
function dropVhost() {
  if (!vhostCreated) return;
  try {
    // A broker that is restarting refuses commands until its app is up again: wait for it.
    cli('rabbitmqctl', '-q', 'await_startup', '--timeout', '120');
    // Deleting the vhost deletes its queues and exchanges and closes its connections.
    if (measureVhosts().includes(VHOST)) cli('rabbitmqctl', '-q', 'delete_vhost', VHOST);
    vhostCreated = false;
  } catch (error) {
    console.error(`Could not delete vhost ${VHOST}: run \`rabbitmqctl delete_vhost ${VHOST}\`.`);
    console.error(error.stderr || error.message);
  }
}

// Ctrl+C ends the script without unwinding the awaits, so clean up here as well.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: deleting vhost ${VHOST}...`);
    dropVhost();
    process.exit(130);
  });
}

/**
 * Garbage-collects the broker's idle processes, as RabbitMQ's own background_gc does: some of
 * them (the metrics collector, for one) keep a heap sized for 50k queues long after the queues
 * are gone, which would hide whether the broker is back where it was.
 */
function collectGarbage() {
  cli(
    'rabbitmqctl',
    '-q',
    'eval',
    '[erlang:garbage_collect(P) || P <- erlang:processes(), ' +
      'erlang:process_info(P, status) =:= {status, waiting}], ok.',
  );
}

/** One reading of the broker: the memory figure its alarm uses, a few parts, its processes. */
let brokerPid;
function readBroker() {
  const status = JSON.parse(cli('rabbitmqctl', 'status', '--formatter', 'json'));
  // Figures from before and after a restart of the broker (by anyone) do not compare.
  brokerPid ??= status.pid;
  if (status.pid !== brokerPid) throw new Error('the broker restarted during the measurement');
  const breakdown = JSON.parse(
    cli('rabbitmq-diagnostics', 'memory_breakdown', '--formatter', 'json'),
  );
  const part = (name) => breakdown[name]?.bytes ?? 0;
  // 3.10 reports total as {erlang, rss, allocated}; the strategy names the one the alarm uses.
  const { total } = status.memory;
  return {
    strategy: status.vm_memory_calculation_strategy,
    total: typeof total === 'number' ? total : total[status.vm_memory_calculation_strategy],
    // What Erlang itself holds: unlike RSS, it drops when queues are deleted.
    erlang: total.erlang ?? total,
    queueProcs: part('queue_procs'),
    mnesia: part('mnesia'),
    other: part('other_proc') + part('other_ets') + part('other_system'),
    processes: status.processes.used,
    fileLimit: status.file_descriptors.total_limit,
  };
}

/**
 * Reads until two readings in a row differ by less than 1%: idle queue processes hibernate a
 * few seconds after their last command, and the memory figure follows them down.
 */
async function readSettled() {
  const deadline = Date.now() + SETTLE_DEADLINE_MS;
  let previous = readBroker();
  for (;;) {
    await sleep(SETTLE_INTERVAL_MS);
    const current = readBroker();
    if (Math.abs(current.total - previous.total) < 0.01 * previous.total) return current;
    if (Date.now() > deadline) {
      console.error('warning: memory did not settle before the deadline; using the last reading');
      return current;
    }
    previous = current;
  }
}

/**
 * Declares and binds inboxes from..to-1. AMQP 0-9-1 allows one synchronous method at a time on a
 * channel, so amqplib queues each channel's requests client-side: the channels give the broker
 * parallel work, and IN_FLIGHT bounds how many declarations are outstanding overall.
 */
async function declareInboxes(channels, from, to) {
  let next = from;
  const worker = async (channel) => {
    while (next < to) {
      const user = `measure${String(next++).padStart(7, '0')}`;
      const { queue } = await channel.assertQueue(`${INBOX_EXCHANGE}.${user}`, QUEUE_OPTIONS);
      await channel.bindQueue(queue, INBOX_EXCHANGE, user);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => worker(channels[i % CHANNELS])));
}

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const signedMib = (bytes) => (bytes < 0 ? '-' : '+') + mib(Math.abs(bytes));

let connection;
try {
  // Another run's queues would distort the figures, and its vhost is not ours to delete.
  const others = measureVhosts();
  if (others.length > 0) {
    throw new Error(
      `vhost ${others.join(', ')} exists: another measurement is running, or one was killed ` +
        'before it could clean up (then remove it with `rabbitmqctl delete_vhost NAME`).',
    );
  }
  const limit = cli('rabbitmqctl', '-q', 'eval', 'erlang:system_info(process_limit).').trim();
  collectGarbage();
  const baseline = await readSettled();
  console.log(`Erlang process limit: ${limit}`);
  if (baseline.fileLimit < counts.at(-1)) {
    // Seen on a 1024-descriptor broker restarted mid-run: recovering ~9.5k dirty CQv1 queues
    // with 927 handles stalled its boot. Deleting the vhost is what ends that risk.
    console.error(
      `warning: the broker has ${baseline.fileLimit} file handles; were it restarted while the ` +
        `${counts.at(-1)} queues exist, its boot could stall recovering them`,
    );
  }
  console.log(
    `Before: ${mib(baseline.total)} (${baseline.strategy}; Erlang ${mib(baseline.erlang)}), ` +
      `${baseline.processes} Erlang processes\n`,
  );

  cli('rabbitmqctl', '-q', 'add_vhost', VHOST);
  vhostCreated = true;
  cli('rabbitmqctl', '-q', 'set_permissions', '-p', VHOST, url.username, '.*', '.*', '.*');
  connection = await amqp.connect(url.href);
  const channels = await Promise.all(
    Array.from({ length: CHANNELS }, () => connection.createChannel()),
  );
  await channels[0].assertExchange(EXPIRED_EXCHANGE, 'fanout', { durable: true });
  await channels[0].assertExchange(INBOX_EXCHANGE, 'direct', { durable: true });
  // The empty vhost and our connection are part of the baseline, so that rows show queues only.
  const start = await readSettled();

  const rows = [];
  let previous = start;
  let declared = 0;
  for (const count of counts) {
    const began = performance.now();
    await declareInboxes(channels, declared, count);
    const seconds = (performance.now() - began) / 1000;
    const reading = await readSettled();
    rows.push(
      `| ${count} | ${mib(reading.total)} | ${signedMib(reading.total - previous.total)} | ` +
        `${Math.round((reading.total - start.total) / count)} | ${mib(reading.queueProcs)} | ` +
        `${mib(reading.mnesia)} | ${mib(reading.other)} | ${reading.processes} | ` +
        `${seconds.toFixed(1)} s (${Math.round((count - declared) / seconds)}/s) |`,
    );
    console.error(`declared ${count} queues`);
    previous = reading;
    declared = count;
  }

  console.log(
    `Empty vhost + connection: ${mib(start.total)}, ${start.processes} Erlang processes\n`,
  );
  console.log(
    '| queues | total memory | delta | bytes/queue | queue_procs | mnesia | other_* | ' +
      'Erlang processes | declare time (decl/s) |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
  console.log(
    '\nbytes/queue = (total - empty-vhost total) / queues; other_* = other_proc + other_ets +' +
      ' other_system.',
  );

  await connection.close();
  connection = undefined;
  const began = performance.now();
  dropVhost();
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  const compare = (label, reading) =>
    console.log(
      `${label}: ${mib(reading.total)} (${signedMib(reading.total - baseline.total)} vs before; ` +
        `Erlang ${mib(reading.erlang)}, ${signedMib(reading.erlang - baseline.erlang)}), ` +
        `${reading.processes} Erlang processes ` +
        `(${reading.processes - baseline.processes} vs before)`,
    );
  compare(`\nAfter deleting vhost ${VHOST} (${seconds} s)`, await readSettled());
  collectGarbage();
  compare('After a garbage collection', await readSettled());
  console.log(`vhost ${VHOST} present: ${measureVhosts().includes(VHOST)}`);
} finally {
  // The connection may already be gone (broker restarted, vhost deleted): nothing to close then.
  await connection?.close().catch(() => undefined);
  dropVhost();
}
