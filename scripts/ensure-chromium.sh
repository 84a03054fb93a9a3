#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
# Installs it with apt where we may (root on Debian/Ubuntu); else says how.
set -euo pipefail
cd "$(dirname "$0")/.."
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  bash scripts/apt-install.sh chromium
  [ -x "$chromium" ] && exit 0
fi

cat >&2 <<MESSAGE
The browser tests need Chromium at $chromium, and there is none.
Install it (Debian/Ubuntu: sudo apt-get install chromium), or point CHROMIUM_PATH at one.
MESSAGE
exit 1
