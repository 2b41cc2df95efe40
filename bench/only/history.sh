#!/usr/bin/env bash
# bench/only/history.sh: `hush scan --history` against `git log -p | hush scan -` on a generated
# history of real files (>= 5,000 commits), same run. Prints tool=... lines and the ratio.
#   HUSH=build/cli/hush COMMITS=5000 RUNS=3 bench/only/history.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
hush=$(realpath "${HUSH:-$repo/build/cli/hush}")
commits=${COMMITS:-5000}
runs=${RUNS:-3}
cache=${HUSH_BENCH_CACHE:-$repo/bench/.cache}
work="$cache/history-$commits"

if [[ ! -d $work/.git ]]; then
  rm -rf "$work" && mkdir -p "$work"
  git -C "$work" init -q
  # A deterministic history of real source files: each commit edits 1-3 files of a pool of
  # Python standard library modules (real code, real sizes); every 500th commit adds a fake
  # token that a later commit removes, so history scanning has something to find.
  python3 - "$commits" <<'PY' | git -C "$work" fast-import --quiet
import glob, os, random, sys
commits = int(sys.argv[1])
random.seed(1)
pool = sorted(p for p in glob.glob('/usr/lib/python3*/**/*.py', recursive=True) if 2000 < os.path.getsize(p) < 60000)[:400]
texts = {f"src/{i:03d}_{os.path.basename(p)}": open(p, encoding='utf-8', errors='replace').read() for i, p in enumerate(pool)}
names = sorted(texts)
out = sys.stdout
def blob(data):
    b = data.encode()
    out.write(f"data {len(b)}\n"); out.flush(); sys.stdout.buffer.write(b); out.write("\n")
mark = 0
for c in range(commits):
    out.write("commit refs/heads/main\n")
    out.write(f"committer Bench <bench@example.com> {1600000000 + c * 60} +0000\n")
    msg = f"commit {c}"
    out.write(f"data {len(msg)}\n{msg}\n")
    if c == 0:
        for n in names:
            out.write(f"M 100644 inline {n}\n"); blob(texts[n])
        continue
    for n in random.sample(names, random.randint(1, 3)):
        lines = texts[n].split("\n")
        i = random.randrange(len(lines))
        lines.insert(i, f"# change {c}: {random.getrandbits(64):x}")
        texts[n] = "\n".join(lines)
        out.write(f"M 100644 inline {n}\n"); blob(texts[n])
    if c % 500 == 1:
        out.write("M 100644 inline config/leak.env\n"); blob(f"API_TOKEN=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\nBUILD={c}\n")
    if c % 500 == 2:
        out.write("D config/leak.env\n")
PY
  git -C "$work" reset -q --hard main
fi

bytes_history=$(git -C "$work" log -p main | wc -c)
echo "history repo: $(git -C "$work" rev-list --count main) commits, $(du -sh "$work/.git" | cut -f1) .git, git log -p = $((bytes_history / 1024 / 1024)) MB"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_runs() {  # time_runs CMD... -> median wall seconds over $runs runs
  local t
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    (cd "$work" && "$@" >/dev/null 2>&1) || [[ $? -eq 1 ]]
    end=$(date +%s%N)
    awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f\n", (b - a) / 1e9}'
  done | median
}

hush_s=$(time_runs "$hush" scan --history --format json)
pipe_s=$(time_runs sh -c "git log -p main | '$hush' scan --format json -")
found=$(cd "$work" && "$hush" scan --history --format json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))' || true)
printf 'tool=hush-history seconds=%.3f findings=%s\n' "$hush_s" "$found"
printf 'tool=git-log-p-pipe seconds=%.3f\n' "$pipe_s"
awk -v p="$pipe_s" -v h="$hush_s" 'BEGIN {printf "ratio git-log-p-pipe/hush-history=%.2f (target >= 3)\n", p / h}'
