#!/usr/bin/env bash
# Lints what deploys ProntoGram, since no Docker engine or Prometheus server runs in CI to
# try it:
# - docker-compose.yml against the Compose Specification (dclint);
# - the Dockerfile with dockerfile-utils, the linter of the Dockerfile language server. It
#   checks instructions, their arguments and flags; hadolint, which would also check
#   practices (pinned versions, apt use), is neither in Debian nor in the npm registry.
#   The image's practices (non-root user, health check, multi-stage) are checked below;
# - the Prometheus configuration and alert rules with promtool, and the Grafana dashboard's
#   queries (scripts/check-dashboard.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

npx dclint --max-warnings 0 docker-compose.yml

# dockerfile-utils exits 0 whatever it finds: any report at all fails the check.
problems="$(npx dockerfile-utils lint Dockerfile)"
if [[ -n "$problems" ]]; then
  echo "Dockerfile: $problems" >&2
  exit 1
fi
require() {
  grep -Eq "$1" Dockerfile || { echo "Dockerfile: $2" >&2; exit 1; }
}
require '^USER [a-z]' 'the image must run as a non-root user (USER)'
require '^HEALTHCHECK ' 'the image must have a HEALTHCHECK'
require '^FROM .* AS build' 'the image must be built in stages (FROM ... AS build)'

promtool check rules deploy/prometheus/alerts.yml
promtool check config deploy/prometheus/prometheus.yml
# The dashboard's queries, each handed to promtool as a rule.
node scripts/check-dashboard.mjs docs/grafana-dashboard.json
echo "Deployment files: compose, Dockerfile, Prometheus config, alert rules and dashboard pass their linters."
