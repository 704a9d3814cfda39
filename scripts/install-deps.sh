#!/usr/bin/env bash
# Installs the Debian packages syncreel builds, runs and tests with. Installs only what
# is missing, so a second run takes a second. Needs root (or sudo) the first time.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config ccache
  # libraries (see docs/architecture.md, "Dependencies")
  libboost1.81-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libsqlite3-dev libssl-dev libcurl4-openssl-dev
  libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libswresample-dev libx264-dev
  libcairo2-dev libpango1.0-dev fonts-dejavu-core
  libespeak-ng-dev espeak-ng-data libfluidsynth-dev fluid-soundfont-gm libebur128-dev
  # tests and benchmarks: independent checks and peers
  libgtest-dev libgmock-dev libbenchmark-dev ffmpeg wrk nginx-light curl python3
  # the ingest fuzz target: libFuzzer from Debian's clang (scripts/fuzz-ingest.sh)
  clang-16 libclang-rt-16-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "syncreel: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
