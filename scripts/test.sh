#!/usr/bin/env bash
# Second README command: install what is missing, build, run the whole test suite with ctest.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${HUSH_BUILD_DIR:-$repo/build}
"$repo/scripts/setup.sh"
"$repo/scripts/build.sh" "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cd "$build"
ctest --output-on-failure -j "$(nproc)" --timeout 600
