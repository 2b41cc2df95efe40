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
# time_runs CMD... -> "WALL CPU": medians over $runs runs of wall seconds and of CPU seconds (user +
# system of the command and its children). The machine is shared: CPU time is the steadier figure.
time_runs() {
  local stats; stats=$(mktemp)
  for _ in $(seq "$runs"); do
    (cd "$work" && /usr/bin/time -f '%e %U %S' -o "$stats.one" "$@" >/dev/null 2>&1) || [[ $? -eq 1 ]]
    tail -n 1 "$stats.one" | awk '{printf "%s %.2f\n", $1, $2 + $3}' >>"$stats"  # after any exit-status line
  done
  echo "$(cut -d' ' -f1 "$stats" | median) $(cut -d' ' -f2 "$stats" | median)"
  rm -f "$stats" "$stats.one"
}

read -r hush_s hush_cpu < <(time_runs "$hush" scan --history --format json)
read -r pipe_s pipe_cpu < <(time_runs sh -c "git log -p main | '$hush' scan --format json -")
found=$(cd "$work" && "$hush" scan --history --format json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))' || true)
printf 'tool=hush-history seconds=%.3f cpu_seconds=%.2f findings=%s\n' "$hush_s" "$hush_cpu" "$found"
printf 'tool=git-log-p-pipe seconds=%.3f cpu_seconds=%.2f\n' "$pipe_s" "$pipe_cpu"
awk -v p="$pipe_s" -v h="$hush_s" -v pc="$pipe_cpu" -v hc="$hush_cpu" \
  'BEGIN {printf "ratio git-log-p-pipe/hush-history=%.2f wall, %.2f cpu (target >= 3)\n", p / h, pc / hc}'
