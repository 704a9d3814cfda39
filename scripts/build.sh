#!/usr/bin/env bash
# Configures and builds syncreel into build/ (Ninja, RelWithDebInfo). Incremental.
# Usage: scripts/build.sh [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${SYNCREEL_BUILD_DIR:-build}
if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
fi
ninja -C "$build_dir" "${SYNCREEL_TARGETS:-all}"
