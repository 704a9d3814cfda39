#!/usr/bin/env bash
# Quickstart, part one: install what is missing, build, and start syncreel on
# http://127.0.0.1:8080 with the embedded defaults (SQLite and files under ./data,
# the offline `local` provider). Ctrl-C stops it; jobs resume at the next start.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/src/cli/syncreel serve --listen 127.0.0.1:8080 --data ./data "$@"
