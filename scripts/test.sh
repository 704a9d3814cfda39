#!/usr/bin/env bash
# Quickstart, part two: install what is missing, build, and run every test.
#   scripts/test.sh            all tests (unit, integration), 60 s of ingest fuzzing, then unit
#                              tests under ASan/UBSan
#   scripts/test.sh -L unit    only one label (unit | integration | sanitize)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
jobs=$(nproc)
if [ $# -gt 0 ]; then
  ctest --test-dir build --output-on-failure -j "$jobs" "$@"
  exit
fi
ctest --test-dir build --output-on-failure -j "$jobs"
# A bounded fuzz run of media ingest; any new crasher lands in tests/fuzz/ingest/regressions.
scripts/fuzz-ingest.sh 60
# The same unit tests again with AddressSanitizer and UndefinedBehaviorSanitizer.
SYNCREEL_BUILD_DIR=build-asan SYNCREEL_TARGETS=all scripts/build.sh -DSYNCREEL_SANITIZE=ON -DSYNCREEL_BENCH=OFF
ctest --test-dir build-asan --output-on-failure -j "$jobs" -L unit
