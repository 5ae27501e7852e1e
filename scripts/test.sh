#!/usr/bin/env bash
# One command for the tests: installs everything they need (Debian Chromium included), then runs them all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export NO_MKDOCS_2_WARNING=1
.venv/bin/djkb check
.venv/bin/mkdocs build --strict --quiet --site-dir "$(mktemp -d)"
exec .venv/bin/python -m pytest -n 2 -q "$@"
