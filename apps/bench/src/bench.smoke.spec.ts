import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BENCH = path.resolve(__dirname, '../../../dist/apps/bench/main.js');

/**
 * The bench works end to end: every section runs against the built API and the real
 * RabbitMQ and writes its figures. The figures themselves are not checked: timings on a
 * shared machine are noise, and speed is judged from a full run (`npm run bench`).
 */
describe('npm run bench, smoke run', () => {
  it('measures every section and writes the figures as JSON', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'bench-')), 'smoke.json');
    const { stdout } = await run(process.execPath, [BENCH, '--smoke', '--out', out], {
      timeout: 200_000,
    });
    for (const heading of ['Ingestion', 'End to end', 'Backlog', 'Sessions']) {
      expect(stdout).toContain(`## ${heading}`);
    }
    const figures = JSON.parse(readFileSync(out, 'utf8'));
    for (const row of figures.ingestion) {
      expect(row.api.errors).toBe(0);
      expect(row.api.requestsPerSecond).toBeGreaterThan(0);
      expect(row.reference.requestsPerSecond).toBeGreaterThan(0);
      expect(row.rawAmqp.requestsPerSecond).toBeGreaterThan(0);
    }
    for (const row of figures.endToEnd) {
      expect(row.errors).toBe(0);
      expect(row.received).toBe(row.sent);
    }
    for (const row of figures.backlog) expect(row.leftInQueue).toBe(0);
    expect(figures.sessions.reconnectErrors).toBe(0);
  });
});
