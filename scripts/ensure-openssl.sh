#!/usr/bin/env bash
# The Web Push tests make a certificate for their push service on loopback with openssl.
# With --install it installs Debian's openssl where it is missing (CI).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v openssl >/dev/null && [[ "${1:-}" == "--install" ]] && command -v apt-get >/dev/null; then
  echo "Installing Debian's openssl..."
  bash scripts/apt-install.sh openssl
fi
if ! command -v openssl >/dev/null; then
  echo "The Web Push tests need openssl: sudo apt-get install openssl" >&2
  exit 1
fi
echo "openssl is installed: $(openssl version)."
