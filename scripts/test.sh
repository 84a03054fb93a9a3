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

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Compose files are linted here because no Docker engine runs on CI to try them.
npx dclint --max-warnings 0 docker-compose.yml || exit 1
npx nx run-many -t lint test e2e --parallel=1 --outputStyle=static 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

node scripts/sum-test-results.mjs "$log"
exit "$status"
