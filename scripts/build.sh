#!/usr/bin/env bash
# scripts/build.sh BUILD_DIR [cmake args...]: configure once, then build incrementally with ccache.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: scripts/build.sh BUILD_DIR [cmake args...]}
shift
export CCACHE_BASEDIR="$repo" CCACHE_NOHASHDIR=1 CCACHE_COMPRESS=1
if [[ ! -f $build/build.ninja ]]; then
  cmake -S "$repo" -B "$build" -G Ninja "$@"
fi
cmake --build "$build" -j "$(nproc)"
