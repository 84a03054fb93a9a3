// Checks docs/grafana-dashboard.json: that it is JSON, and that every PromQL expression in it
// parses, by handing them to `promtool check rules` as recording rules (promtool has no
// command that checks a bare expression). Grafana's variables are replaced by values of the
// same kind first, since Prometheus does not know them.
//
//   node scripts/check-dashboard.mjs [path/to/dashboard.json]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const file = process.argv[2] ?? 'docs/grafana-dashboard.json';
const dashboard = JSON.parse(readFileSync(file, 'utf8'));

// Rows may hold their panels when collapsed.
const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
const queries = [
  ...panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
  ...dashboard.templating.list.map((variable) => variable.query?.query ?? ''),
].filter(Boolean);

const promql = (expr) =>
  expr
    // label_values(metric, label) is Grafana's, not PromQL: its metric selector is what to check.
    .replace(/^label_values\((.*),\s*\w+\)$/, '$1')
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$instance', '.*');

// JSON is YAML, so the rules file needs no YAML library.
const rules = queries.map((expr, i) => ({ record: `dashboard:query_${i}`, expr: promql(expr) }));
const dir = mkdtempSync(path.join(tmpdir(), 'check-dashboard-'));
try {
  const rulesFile = path.join(dir, 'rules.yml');
  writeFileSync(rulesFile, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
  execFileSync('promtool', ['check', 'rules', rulesFile], { stdio: 'inherit' });
  console.log(`${file}: ${rules.length} queries parse.`);
} catch {
  // promtool has already said which query and why.
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
