#!/usr/bin/env bash
# The end-to-end tier needs a real Chromium. Install Debian's when we can; otherwise
# fail loudly with what to do (a test must never skip itself for a missing tool).
set -euo pipefail
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$bin" ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Chromium not found: installing Debian's chromium for the end-to-end tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$bin" ] && exit 0
fi
echo "ERROR: the end-to-end tests need Chromium at $bin." >&2
echo "Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH." >&2
exit 1
