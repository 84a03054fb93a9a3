#!/usr/bin/env bash
# Makes sure a Redis answers on 127.0.0.1:6379 for the scale-out tests (the product itself
# needs Redis only when REDIS_URL is set): the one already there; else Debian's redis-server,
# started without persistence (for the tests: a deployment keeps push subscriptions there and
# needs it, see docs/operations.md); else it says what to do.
# With --install it first installs Debian's redis-server where none is installed (CI).
set -euo pipefail
cd "$(dirname "$0")/.."

host=127.0.0.1
port=6379
reachable() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

if reachable; then
  echo "Redis is reachable at $host:$port."
  exit 0
fi

if [[ "${1:-}" == "--install" ]] && ! command -v redis-server >/dev/null && command -v apt-get >/dev/null; then
  echo "Installing Debian's redis-server..."
  bash scripts/apt-install.sh redis-server
fi

if command -v redis-server >/dev/null; then
  reachable || redis-server --bind "$host" --port "$port" --save '' --appendonly no --daemonize yes >/dev/null
  for _ in $(seq 1 50); do
    if reachable; then
      echo "Redis is reachable at $host:$port."
      exit 0
    fi
    sleep 0.1
  done
fi

cat >&2 <<MESSAGE
The scale-out tests need Redis on $host:$port, and none answers. Do one of these, then run
the command again:
  - install it: sudo apt-get install redis-server
  - with a running Docker engine: docker compose up -d redis
MESSAGE
exit 1
