#!/usr/bin/env bash
# `npm start`: installs what is missing, makes sure RabbitMQ answers, builds the API and the
# page, and serves both on one port (PORT, default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/nx-env.sh

bash scripts/install-if-needed.sh
bash scripts/ensure-rabbitmq.sh
# The build's own report (a table per bundle) goes to a file, and is shown only if it fails.
build_log=dist/start-build.log
mkdir -p dist
echo "Building the API and the page (about a minute the first time; log: $build_log)..."
if ! npx nx run-many -t build -p api web --outputStyle=static >"$build_log" 2>&1; then
  cat "$build_log"
  echo "The build failed: see above." >&2
  exit 1
fi
echo "Starting ProntoGram: open http://localhost:${PORT:-3000} (OpenAPI at /api). Ctrl+C stops it."
exec node dist/apps/api/main.js
