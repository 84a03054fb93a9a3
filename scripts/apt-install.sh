#!/usr/bin/env bash
# Installs Debian packages; refreshes the package lists only when they are missing or stale.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq "$@" >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
fi
