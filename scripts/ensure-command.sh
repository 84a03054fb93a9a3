#!/usr/bin/env bash
# Makes sure a command the tests need is installed; with --install, installs its Debian
# package where it is missing (CI).
#
#   bash scripts/ensure-command.sh <command> <Debian package> "<what needs it>" [--install]
#
# promtool (package prometheus): npm test checks the alert rules and the dashboard with it.
# openssl: the Web Push tests make a certificate for their push service on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
command_name=$1 package=$2 why=$3 install=${4:-}

if ! command -v "$command_name" >/dev/null && [[ "$install" == "--install" ]] &&
  command -v apt-get >/dev/null; then
  echo "Installing Debian's $package (for $command_name)..."
  bash scripts/apt-install.sh "$package"
fi
if ! command -v "$command_name" >/dev/null; then
  echo "$why needs $command_name: sudo apt-get install $package" >&2
  exit 1
fi
echo "$command_name is installed: $(command -v "$command_name")."
