#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
# Installs it with apt where we may (root on Debian/Ubuntu); else says how.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  [ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ] || apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$chromium" ] && exit 0
fi

cat >&2 <<MESSAGE
The browser tests need Chromium at $chromium, and there is none.
Install it (Debian/Ubuntu: sudo apt-get install chromium), or point CHROMIUM_PATH at one.
MESSAGE
exit 1
