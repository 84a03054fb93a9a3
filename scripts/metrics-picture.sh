#!/usr/bin/env bash
# Draws what Prometheus sees of ProntoGram during a soak, into docs/metrics.png:
#
#   bash scripts/metrics-picture.sh [--readers 50] [--rate 100] [--minutes 3]
#                                   [--out docs/metrics.png]
#
# On this machine, on loopback only, it runs:
# - the soak (apps/bench/src/soak.ts), which starts the built API itself, on a free port,
#   with LOG_LEVEL=warn, and sends and reads messages through the local RabbitMQ;
# - Debian's prometheus, with a throwaway data folder and a copy of
#   deploy/prometheus/prometheus.yml (and alerts.yml) aimed at that port;
# - scripts/plot-metrics.py, which reads the key series back from Prometheus's HTTP API and
#   draws them with matplotlib.
# Whatever it starts is stopped when it ends, however it ends. It builds the API and the
# bench only when dist/ lacks them; installs prometheus and python3-matplotlib when missing.
# PROMETHEUS_PORT (9099) is where Prometheus listens, to look at it while the soak runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/nx-env.sh

readers=50 rate=100 minutes=3 out=docs/metrics.png
while (($# > 0)); do
  case "$1" in
    --readers) readers="$2" ;;
    --rate) rate="$2" ;;
    --minutes) minutes="$2" ;;
    --out) out="$2" ;;
    *) echo "Unknown option $1; see the top of $0" >&2; exit 2 ;;
  esac
  shift 2
done
prometheus_url="http://127.0.0.1:${PROMETHEUS_PORT:-9099}"
# Debian's matplotlib is for Debian's python, which need not be the first python3 on PATH.
python=/usr/bin/python3

command -v prometheus >/dev/null || bash scripts/apt-install.sh prometheus
"$python" -c 'import matplotlib' 2>/dev/null || bash scripts/apt-install.sh python3-matplotlib
bash scripts/ensure-rabbitmq.sh
if [[ ! -f dist/apps/api/main.js || ! -f dist/apps/bench/soak.js ]]; then
  npx nx run-many -t build -p api bench --outputStyle=static >/dev/null
fi

work="$(mktemp -d)"
started_pids=()
cleanup() {
  # The soak stops its API itself, but not when it is killed: the API's pid is in the list.
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started="$(date +%s)"
node dist/apps/bench/soak.js --readers "$readers" --rate "$rate" --minutes "$minutes" \
  --out "$work/soak.json" &
soak=$!
started_pids+=("$soak")

# The soak picks the API's port itself: find its API (its only child) and what that listens on.
port=""
for _ in $(seq 300); do
  kill -0 "$soak" 2>/dev/null || { echo "The soak ended before its API listened." >&2; exit 1; }
  api="$(pgrep -P "$soak" | head -n 1 || true)"
  if [[ -n "$api" ]]; then
    port="$(ss -Htlnp | awk -v owner="pid=$api," \
      'index($0, owner) { sub(/.*:/, "", $4); print $4; exit }')"
  fi
  [[ -n "$port" ]] && break
  sleep 0.1
done
[[ -n "$port" ]] || { echo "The soak's API did not listen within 30 s." >&2; exit 1; }
started_pids+=("$api")

mkdir "$work/prometheus"
sed "s/'127\.0\.0\.1:3000'/'127.0.0.1:$port'/" deploy/prometheus/prometheus.yml \
  >"$work/prometheus/prometheus.yml"
grep -q "127.0.0.1:$port" "$work/prometheus/prometheus.yml" ||
  { echo "deploy/prometheus/prometheus.yml no longer targets '127.0.0.1:3000'." >&2; exit 1; }
cp deploy/prometheus/alerts.yml "$work/prometheus/"
prometheus --config.file="$work/prometheus/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="${prometheus_url#http://}" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
started_pids+=("$prometheus_pid")
until curl -fs "$prometheus_url/-/ready" >/dev/null; do
  kill -0 "$prometheus_pid" 2>/dev/null || { cat "$work/prometheus.log" >&2; exit 1; }
  sleep 0.2
done
echo "Prometheus at $prometheus_url scrapes the soak's API at 127.0.0.1:$port."

# A soak that lost messages, or failed, exits non-zero: the picture is still worth drawing
# (it may show why), and the failure is told after it.
soak_status=0
wait "$soak" || soak_status=$?
ended="$(date +%s)"
# The soak stopped its API as it ended: only one a crash left running is still to stop, and
# a pid that has gone may be reused.
started_pids=("$prometheus_pid")
kill -0 "$api" 2>/dev/null && started_pids+=("$api")

# A soak that failed before its end wrote no totals.
soak_json=()
[[ -f "$work/soak.json" ]] && soak_json=(--soak "$work/soak.json")
title="ProntoGram soak: $readers readers, $rate messages/s, $minutes min;"
title+=" $(nproc) cores, $(date -u +%F)"
"$python" scripts/plot-metrics.py --prometheus "$prometheus_url" --start "$started" \
  --end "$ended" --title "$title" --out "$out" "${soak_json[@]}"
echo "Drew $out."
exit "$soak_status"
