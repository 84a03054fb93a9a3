#!/usr/bin/env bash
# `npm test` checks the alert rules with Prometheus's own `promtool`: make sure it is there.
# With --install it installs Debian's prometheus package (which brings promtool) where it is
# missing (CI).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v promtool >/dev/null && [[ "${1:-}" == "--install" ]] && command -v apt-get >/dev/null; then
  echo "Installing Debian's prometheus (for promtool)..."
  bash scripts/apt-install.sh prometheus
fi
if ! command -v promtool >/dev/null; then
  echo "The alert rules are checked with promtool: sudo apt-get install prometheus" >&2
  exit 1
fi
echo "promtool is installed: $(command -v promtool)."
