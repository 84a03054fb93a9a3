#!/usr/bin/env bash
# Makes sure a RabbitMQ answers at RABBITMQ_URL: the one already there; else a locally
# installed rabbitmq-server, started; else `docker compose up -d rabbitmq` where a Docker
# engine runs; else it stops and says what to install.
# With --install it first installs Debian's rabbitmq-server where none is installed (CI).
set -euo pipefail
cd "$(dirname "$0")/.."

url="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}"
# RABBITMQ_URL may list several nodes of a cluster: any one that answers will do, and the
# first one is the one started here when none does.
read -r host port < <(node -e '
  const u = new URL(process.argv[1].split(",")[0].trim());
  console.log(u.hostname || "127.0.0.1", u.port || (u.protocol === "amqps:" ? 5671 : 5672));
' "$url")
mapfile -t nodes < <(node -e '
  for (const each of process.argv[1].split(",")) {
    const u = new URL(each.trim());
    console.log(`${u.hostname || "127.0.0.1"}/${u.port || (u.protocol === "amqps:" ? 5671 : 5672)}`);
  }
' "$url")

reachable() {
  for node in "${nodes[@]}"; do
    if (exec 3<>"/dev/tcp/$node") 2>/dev/null; then
      answered="${node/\//:}"
      return 0
    fi
  done
  return 1
}

wait_reachable() {
  for _ in $(seq 1 60); do
    reachable && return 0
    sleep 1
  done
  return 1
}

local_host() { [[ "$host" == "127.0.0.1" || "$host" == "localhost" || "$host" == "::1" ]]; }

find_rabbitmq_server() {
  command -v rabbitmq-server 2>/dev/null || { [ -x /usr/sbin/rabbitmq-server ] && echo /usr/sbin/rabbitmq-server; } || true
}

if reachable; then
  echo "RabbitMQ is reachable at $answered."
  exit 0
fi

if [[ "${1:-}" == "--install" && -z "$(find_rabbitmq_server)" ]] && local_host && command -v apt-get >/dev/null; then
  echo "Installing Debian's rabbitmq-server..."
  bash scripts/apt-install.sh rabbitmq-server
  reachable && { echo "RabbitMQ is reachable at $answered."; exit 0; }
fi

server="$(find_rabbitmq_server)"
if local_host && [ -n "$server" ]; then
  echo "Starting the local RabbitMQ ($server -detached)..."
  "$server" -detached || true
  # await_startup fails at once until the detached node has registered: retry it quietly.
  for _ in $(seq 1 60); do
    rabbitmqctl -q await_startup --timeout 60 >/dev/null 2>&1 && break
    sleep 1
  done
  if wait_reachable; then
    echo "RabbitMQ is reachable at $answered."
    exit 0
  fi
  echo "The local rabbitmq-server did not come up on $host:$port." >&2
fi

if local_host && command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  echo "Starting RabbitMQ with docker compose..."
  docker compose up -d --wait rabbitmq
  if wait_reachable; then
    echo "RabbitMQ is reachable at $answered."
    exit 0
  fi
fi

cat >&2 <<MESSAGE
ProntoGram needs RabbitMQ, and none answers at $host:$port (RABBITMQ_URL=$url).
Do one of these, then run the command again:
  - install it: sudo apt-get install rabbitmq-server   (Debian/Ubuntu; it starts by itself)
  - with a running Docker engine: docker compose up -d rabbitmq
  - point RABBITMQ_URL at a RabbitMQ you have, e.g. RABBITMQ_URL=amqp://user:pass@host:5672
MESSAGE
exit 1
