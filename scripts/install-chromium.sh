#!/usr/bin/env bash
# Debian's headless-capable Chromium for the browser test of report.html
# (tests/report/test_browser.py). The Makefile's test target runs this only when CI=true or
# NEUTRALITY_BROWSER_TESTS=1, so `make test` on a laptop never installs system packages.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  # apt-get needs root; sudo only when it will not ask for a password (CI has no terminal)
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n "$0" "$@"
  fi
  echo "install-chromium: chromium is missing and apt-get needs root; install Debian's" \
    "chromium package yourself" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Recommends pull desktop services (upower, notification daemon) a headless test never uses
apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null
