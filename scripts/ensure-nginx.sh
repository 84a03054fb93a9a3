#!/usr/bin/env bash
# The scale-out tests put nginx in front of three API instances: make sure the binary is
# there (the tests start their own nginx on a free loopback port, with the repository's
# configuration). With --install it installs Debian's nginx where it is missing (CI).
set -euo pipefail
cd "$(dirname "$0")/.."

nginx_binary() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }

if [[ -z "$(nginx_binary)" && "${1:-}" == "--install" ]] && command -v apt-get >/dev/null; then
  echo "Installing Debian's nginx..."
  bash scripts/apt-install.sh nginx
fi
if [[ -z "$(nginx_binary)" ]]; then
  echo "The scale-out tests need nginx: sudo apt-get install nginx" >&2
  exit 1
fi
echo "nginx is installed: $(nginx_binary)."
