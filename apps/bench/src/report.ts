import type { BacklogRow } from './backlog';
import type { EndToEndRow } from './end-to-end';
import type { IngestionRow } from './ingestion';
import type { SessionsRow } from './sessions';

/** A Markdown table, so that a run's output can go into the docs as it is. */
export function markdownTable(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const line = (row: string[]): string =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

const percent = (ratio: number): string => `${Math.round(ratio * 100)}%`;
const perSecond = (value: number): string => value.toLocaleString('en-US');

export function ingestionTable(rows: IngestionRow[]): string {
  return markdownTable(
    [
      'conc.',
      'API req/s',
      'p50/p99 ms',
      'reference req/s',
      'p50/p99 ms',
      'raw AMQP msg/s',
      'API/ref',
      'API/raw',
      'API CPU µs/req',
      'ref CPU µs/req',
      'errors',
    ],
    rows.map((row) => [
      row.concurrency,
      perSecond(row.api.requestsPerSecond),
      `${row.api.p50}/${row.api.p99}`,
      perSecond(row.reference.requestsPerSecond),
      `${row.reference.p50}/${row.reference.p99}`,
      perSecond(row.rawAmqp.requestsPerSecond),
      percent(row.apiToReference),
      percent(row.apiToRawAmqp),
      row.api.cpuMicrosPerRequest ?? '-',
      row.reference.cpuMicrosPerRequest ?? '-',
      row.api.errors + row.reference.errors,
    ]),
  );
}

export function endToEndTable(rows: EndToEndRow[]): string {
  return markdownTable(
    [
      'readers',
      'rate',
      'sent',
      'received',
      'errors',
      'POST→page p50/p95/p99 ms',
      'max ms',
      'POST p50/p99 ms',
    ],
    rows.map((row) => [
      row.readers,
      row.rate === 'sequential' ? 'one at a time' : `${row.rate}/s`,
      row.sent,
      row.received,
      row.errors,
      `${row.postToPage.p50}/${row.postToPage.p95}/${row.postToPage.p99}`,
      row.postToPage.max,
      `${row.post.p50}/${row.post.p99}`,
    ]),
  );
}

export function backlogTable(rows: BacklogRow[]): string {
  return markdownTable(
    ['messages', 'seconds', 'msg/s', 'API RSS before MiB', 'API RSS peak MiB', 'left in queue'],
    rows.map((row) => [
      perSecond(row.messages),
      row.seconds,
      perSecond(row.messagesPerSecond),
      row.apiRssBeforeMiB,
      row.apiRssPeakMiB,
      row.leftInQueue,
    ]),
  );
}

export function sessionsTable(row: SessionsRow): string {
  return markdownTable(
    [
      'readers',
      'connect s',
      'connects/s',
      'API RSS idle→with readers MiB',
      'KiB/session',
      'RabbitMQ memory MiB',
      'back after restart s',
      'errors',
    ],
    [
      [
        perSecond(row.readers),
        row.connectSeconds,
        perSecond(row.connectsPerSecond),
        `${row.apiRssIdleMiB}→${row.apiRssWithReadersMiB}`,
        row.apiKiBPerSession,
        `${row.rabbitBeforeMiB}→${row.rabbitWithReadersMiB}`,
        `${row.reconnectSeconds} (listening after ${row.restartSeconds})`,
        row.reconnectErrors,
      ],
    ],
  );
}
