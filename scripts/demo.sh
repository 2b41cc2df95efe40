#!/usr/bin/env bash
# First README command: install what is missing, build hush, run it on the bundled demo repository.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/setup.sh"
"$repo/scripts/build.sh" "$repo/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cd "$repo/examples/demo"
echo
echo "\$ hush scan   (in examples/demo)"
status=0
"$repo/build/cli/hush" scan || status=$?
echo
case $status in
  0) echo "demo: no secrets found" ;;
  1) echo "demo: hush found the demo's planted secrets (exit 1, as a CI gate would fail)." ;;
  *) echo "demo: hush failed (exit $status)"; exit "$status" ;;
esac
