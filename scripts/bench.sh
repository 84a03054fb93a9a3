#!/usr/bin/env bash
# `npm run bench [-- --smoke | --only ingestion,endToEnd,backlog,sessions | --out file.json]`:
# builds the API and the bench, then measures them on this machine against the local
# RabbitMQ. Prints Markdown tables; writes every figure to dist/bench/*.json.
# `npm run soak [-- --readers 200 --rate 100 --minutes 20]` runs the soak (BENCH_ENTRY=soak).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/nx-env.sh

bash scripts/install-if-needed.sh
bash scripts/ensure-rabbitmq.sh
npx nx run-many -t build -p api bench --outputStyle=static >/dev/null
# 10,000 readers hold 10,000 sockets in the bench and as many in the API.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
  echo "The open-file limit is $(ulimit -n): the sessions section needs about 12,000." >&2
fi
exec node "dist/apps/bench/${BENCH_ENTRY:-main}.js" "$@"
