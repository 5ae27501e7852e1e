#!/usr/bin/env bash
# Creates .venv and installs the project (and, with --test, what the tests need). Never prompts.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 DEBIAN_FRONTEND=noninteractive
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

missing=()
# The printed handbook (djkb handbook, djkb bundle --pdf): WeasyPrint needs Pango and HarfBuzz's subsetter from
# the system, and the CJK fonts it embeds (Noto Serif/Sans CJK SC, named in djkb/templates/handbook.css).
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib "libpango-1.0.so.0" || missing+=(libpango-1.0-0)
have_lib "libpangoft2-1.0.so.0" || missing+=(libpangoft2-1.0-0)
have_lib "libharfbuzz-subset.so.0" || missing+=(libharfbuzz-subset0)
command -v fc-list >/dev/null || missing+=(fontconfig)
{ fc-list 2>/dev/null | grep -qi "noto sans cjk sc" && fc-list 2>/dev/null | grep -qi "noto serif cjk sc"; } || missing+=(fonts-noto-cjk)
if [ "$want_test" = 1 ]; then
  # Debian's Chromium (never a downloaded browser) for screenshots and browser tests.
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
req=requirements.txt
[ "$want_test" = 1 ] && req=requirements-test.txt
.venv/bin/pip install -q -r "$req"
.venv/bin/pip install -q --no-deps -e .
