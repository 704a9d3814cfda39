#!/usr/bin/env bash
# Fuzzes media ingest (MediaReader + audio resampling + A/V sync features) with libFuzzer
# under AddressSanitizer and UBSan, for a bounded time.
#   scripts/fuzz-ingest.sh [SECONDS]     default 60
# Seeds: tests/fuzz/ingest/corpus (small real MP4/MOV/WebM files) and every past
# crasher in tests/fuzz/ingest/regressions. A new crash, leak, timeout or out-of-memory
# input is written to tests/fuzz/ingest/regressions (commit it: the media unit tests
# replay that folder) and the script fails.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=build-fuzz
mkdir -p "$out/corpus"

# Debian's clang 16 with libstdc++ 12: <expected> checks __cpp_concepts >= 202002L, which
# clang 16 implements (P0848) without advertising it yet; the define unlocks the header.
cxx=clang++-16
libs="libavformat libavcodec libavutil libswscale libswresample"
sources=(
  tests/fuzz/ingest/ingest_fuzzer.cpp
  src/media/ingest/media_reader.cpp
  src/media/audio/audio_resampler.cpp
  src/media/qc/av_offset.cpp
  src/media/av_handles.cpp
)
if [ ! -x "$out/ingest_fuzzer" ] || [ -n "$(find "${sources[@]}" src/media -name '*.hpp' -newer "$out/ingest_fuzzer" | head -1)" ]; then
  # shellcheck disable=SC2046
  "$cxx" -std=c++2b -D__cpp_concepts=202002L -Wno-macro-redefined -O1 -g \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -Isrc $(pkg-config --cflags $libs) "${sources[@]}" $(pkg-config --libs $libs) -o "$out/ingest_fuzzer"
fi

# Bounded per input too: 10 s and 2 GB, far beyond what a sane input costs.
"$out/ingest_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix=tests/fuzz/ingest/regressions/ "$out/corpus" tests/fuzz/ingest/corpus tests/fuzz/ingest/regressions
