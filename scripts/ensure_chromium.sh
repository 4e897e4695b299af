#!/usr/bin/env bash
# Make a Chromium available for the Playwright tests. Prints the path used.
set -euo pipefail
py=${1:-.venv/bin/python}
for candidate in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "chromium: $candidate"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "chromium: installing Debian's package"
  apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq chromium >/dev/null
  echo "chromium: /usr/bin/chromium"
else
  echo "chromium: installing Playwright's build"
  "$py" -m playwright install chromium
fi
