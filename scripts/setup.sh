#!/usr/bin/env bash
# Creates .venv and installs the project (and, with --test, what the tests need). Never prompts.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 DEBIAN_FRONTEND=noninteractive
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

if [ "$want_test" = 1 ]; then
  # Debian's Chromium (never a downloaded browser) and CJK fonts for screenshots and print checks.
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi "noto sans cjk" || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
req=requirements.txt
[ "$want_test" = 1 ] && req=requirements-test.txt
.venv/bin/pip install -q -r "$req"
.venv/bin/pip install -q --no-deps -e .
