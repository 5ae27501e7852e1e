#!/usr/bin/env bash
# One command for the site: installs what is needed, then `serve` (default, http://127.0.0.1:8000) or `build`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
case "${1:-serve}" in
  serve) shift || true; exec .venv/bin/mkdocs serve "$@" ;;
  build) shift; exec .venv/bin/mkdocs build --strict "$@" ;;
  *) echo "用法：bash scripts/site.sh [serve|build] [mkdocs 参数…]" >&2; exit 2 ;;
esac
