#!/usr/bin/env bash
# `npm test`: lint, unit tests, the API end-to-end tests against the real RabbitMQ (and, for
# several instances, the real Redis and nginx), and the browser tests (Playwright, Debian's
# Chromium) against the real page, API and RabbitMQ.
# Ends with one line that adds up every test runner's counts.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/nx-env.sh

bash scripts/install-if-needed.sh || exit 1
bash scripts/ensure-rabbitmq.sh || exit 1
bash scripts/ensure-redis.sh || exit 1
bash scripts/ensure-nginx.sh || exit 1
bash scripts/ensure-chromium.sh || exit 1
bash scripts/ensure-command.sh promtool prometheus 'Checking the alert rules' || exit 1
bash scripts/ensure-command.sh openssl openssl 'The Web Push tests' || exit 1

# The deployment files are linted here because no Docker engine runs on CI to try them.
bash scripts/lint-deploy.sh || exit 1

# Every test runner writes a JSON report here; the closing line adds them up.
reports=dist/test-results/reports
rm -rf "$reports" && mkdir -p "$reports"
# Jest is told where to write by arguments Nx hands to each Jest task; the shell of the task
# fills in its project and target. Playwright's report is set in its config.
jest_report=(-- --json "--outputFile=$PWD/$reports/\$NX_TASK_TARGET_PROJECT.\$NX_TASK_TARGET_TARGET.json")
nx=(--parallel=1 --outputStyle=static)

# Every step runs even after a failure, as one `run-many` did; the first failure's code wins.
status=0
keep_status() {
  local code=$?
  if ((status == 0)); then status=$code; fi
}
npx nx run-many -t lint "${nx[@]}" || keep_status
# A unit run from the cache would write no report: Nx restores only a target's outputs.
npx nx run-many -t test "${nx[@]}" --skip-nx-cache "${jest_report[@]}" || keep_status
# Jest's arguments would stop Playwright: the browser tests run on their own.
npx nx run-many -t e2e --exclude=web-e2e "${nx[@]}" "${jest_report[@]}" || keep_status
npx nx run web-e2e:e2e --outputStyle=static || keep_status

node scripts/sum-test-results.mjs "$reports" || keep_status
exit "$status"
