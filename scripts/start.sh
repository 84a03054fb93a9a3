#!/usr/bin/env bash
# `npm start`: installs what is missing, makes sure RabbitMQ answers, builds the API and the
# page, and serves both on one port (PORT, default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/nx-env.sh

bash scripts/install-if-needed.sh
bash scripts/ensure-rabbitmq.sh
npx nx run-many -t build -p api web --outputStyle=static
echo
echo "Starting ProntoGram: open http://localhost:${PORT:-3000} (OpenAPI at /api). Ctrl+C stops it."
exec node dist/apps/api/main.js
