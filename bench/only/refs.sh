#!/usr/bin/env bash
# bench/only/refs.sh: `hush refs` against `rg -F '$<secret.'` on a generated tree of 100,000 files
# holding 10,000 references (deterministic content). Prints "tool=... seconds=..." (median of
# RUNS runs, default 5, after one warm-up run each) and the ratio hush/rg.
# Usage: bench/only/refs.sh [HUSH_BINARY]   (default: build/cli/hush); FILES, REFS, RUNS override.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
hush=$(realpath "${1:-$repo/build/cli/hush}")
files=${FILES:-100000}
refs=${REFS:-10000}
runs=${RUNS:-5}
command -v rg >/dev/null || { echo "refs.sh: rg (ripgrep) is needed" >&2; exit 2; }
[[ -x $hush ]] || { echo "refs.sh: no hush binary at $hush (build first)" >&2; exit 2; }

tree=$(mktemp -d "${TMPDIR:-/tmp}/hush-bench-refs.XXXXXX")
trap 'rm -rf "$tree"' EXIT

python3 - "$tree" "$files" "$refs" <<'PY'
import os, random, sys
root, files, refs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(20261123)
words = "alpha beta gamma delta config value service port host timeout retry cache user token path".split()
kinds = [("py", 'API_KEY = "{ref}"\n'), ("yaml", "  password: {ref}\n"), ("env", "DB_PASSWORD={ref}\n"),
         ("json", '  "token": "{ref}",\n'), ("tf", '  secret = "{ref}"\n'), ("txt", "use {ref} here\n")]
every = max(1, files // refs)
for i in range(files):
    ext, template = kinds[i % len(kinds)]
    directory = os.path.join(root, f"d{i // 1000:03d}", f"s{(i // 100) % 10}")
    os.makedirs(directory, exist_ok=True)
    lines = [" ".join(rng.choice(words) for _ in range(rng.randint(4, 12))) + "\n" for _ in range(rng.randint(5, 40))]
    if i % every == 0 and i // every < refs:
        name = f"SECRET_{(i // every) % 700:03d}"
        lines.insert(rng.randrange(len(lines)), template.format(ref=f"$<secret.{name}>"))
    with open(os.path.join(directory, f"f{i:06d}.{ext}"), "w") as out:
        out.writelines(lines)
PY

cd "$tree"
bytes=$(du -sb . | cut -f1)
found=$(rg -F -c '$<secret.' | awk -F: '{n += $NF} END {print n}')
echo "tree: $files files, $refs references planted, $found found by rg, $bytes bytes"

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
time_runs() {  # time_runs CMD...: median wall seconds of $runs runs after a warm-up
    "$@" >/dev/null 2>&1 || true
    for ((r = 0; r < runs; r++)); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        echo "$end - $start" | bc -l
    done | median
}

hush_count=$("$hush" refs --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["references"]))')
[[ $hush_count == "$found" ]] || { echo "refs.sh: hush found $hush_count references, rg $found" >&2; exit 1; }

hush_seconds=$(time_runs "$hush" refs --format json)
rg_seconds=$(time_runs rg -F '$<secret.' -c)
printf 'tool=hush seconds=%.3f\n' "$hush_seconds"
printf 'tool=rg seconds=%.3f\n' "$rg_seconds"
printf 'ratio=%.2f (hush/rg; target <= 2.0, hush target < 3 s)\n' "$(echo "$hush_seconds / $rg_seconds" | bc -l)"
