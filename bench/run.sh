#!/usr/bin/env bash
# bench/run.sh [--quick] [--runs N] [--only NAME [ARGS...]] [--list]
#
# Measures hush side by side with the machine's limit and its peers, in one run, each tool as a
# whole process on a warm cache: median wall time (min-max), CPU time, peak RSS, MB/s. Prints one
# line per tool (tool=… mb_per_s=… cpu_s=… rss_mb=… ratio_vs_hush=…), a ratio table and the
# issue's bars. A tool that is missing prints status=unavailable; it never fails the run.
#
#   (default)  full corpus (bench/corpus.sh), 1 warm-up + 5 runs; slow peers on the 50 MB slice,
#              extrapolated and labelled. Installs missing Debian peers when root, npm ci for
#              secretlint.
#   --quick    tiny slice (or a synthetic offline corpus), 2 runs, no network, < 1 minute (CI).
#   --only N   runs bench/only/N.sh (micro-benchmarks owned by other stages) with ARGS.
#
# Environment: HUSH (hush binary, default $HUSH_BUILD_DIR/cli/hush), HUSH_BUILD_DIR (default
# build/), HUSH_BENCH_PATTERNS (pattern file, one RE2 pattern per line; default: hush rules export
# --patterns, else rules/*.yaml, else bench/patterns-sample.txt), HUSH_BENCH_THREADS.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cache=${HUSH_BENCH_CACHE:-$bench/.cache}
threads=${HUSH_BENCH_THREADS:-$(nproc)}

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; }

list_only() {
  echo "available --only benchmarks:"
  local found=0 script
  for script in "$bench"/only/*.sh; do
    [[ -e $script ]] || continue
    echo "  $(basename "$script" .sh)"
    found=1
  done
  [[ $found == 1 ]] || echo "  (none yet)"
}

quick=0 runs=""
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    --list) list_only; exit 0 ;;
    --only)
      name=${2:-}
      if [[ -z $name || ! -f $bench/only/$name.sh ]]; then
        [[ -n $name ]] && echo "bench/run.sh: no benchmark named '$name'" >&2
        list_only >&2
        exit 2
      fi
      shift 2
      export HUSH="$hush" HUSH_BUILD_DIR="$build" HUSH_BENCH_QUICK=$quick
      exec bash "$bench/only/$name.sh" "$@" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d "${TMPDIR:-/tmp}/hush-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results.jsonl
: > "$results"

if [[ $quick == 1 ]]; then
  runs=${runs:-1} warmup=0 startup_runs=5
else
  runs=${runs:-5} warmup=1 startup_runs=30
fi

note() { echo "bench: $*" >&2; }
unavailable() { "$py" "$lib/report.py" unavailable "$results" "$1" "$2"; }
measure() {  # measure NAME SCOPE DIR [measure.py options...] -- CMD...
  local name=$1 scope=$2 dir=$3
  shift 3
  "$py" "$lib/measure.py" --results "$results" --runs "$runs" --warmup "$warmup" \
    --name "$name" --scope "$scope" --bytes "$(corpus_bytes "$dir")" "$@" ||
    unavailable "$name" "measure.py failed"
}
# Bytes of every regular file under a directory: the MB/s denominator of every tool. Walked once
# per directory (remember_bytes runs in this shell; corpus_bytes in a $(...) subshell).
declare -A bytes_of=()
remember_bytes() { bytes_of[$1]=$("$py" "$lib/corpus_tool.py" stats "$1" | sed 's/.*bytes=//'); }
corpus_bytes() {
  [[ -n ${bytes_of[$1]:-} ]] || remember_bytes "$1"
  echo "${bytes_of[$1]}"
}

# ---- what the full run needs and may install (never in --quick: CI stays offline) ----------------
install_peers() {
  local missing=() want
  declare -A package_of=([/usr/bin/time]=time [/usr/bin/rg]=ripgrep [/usr/bin/git-secrets]=git-secrets
                         [/usr/bin/hyperfine]=hyperfine [/usr/include/hs/hs.h]=libhyperscan-dev)
  for want in "${!package_of[@]}"; do
    [[ -e $want ]] || missing+=("${package_of[$want]}")
  done
  if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]]; then
      note "installing bench peers: ${missing[*]}"
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive \
          apt-get install -y -q --no-install-recommends "${missing[@]}"; } >&2 ||
        note "could not install ${missing[*]}: those peers will be unavailable"
    else
      note "missing ${missing[*]} (not root): those peers will be unavailable"
    fi
  fi
  if command -v npm > /dev/null && [[ ! -x $bench/node_modules/.bin/secretlint ]]; then
    (cd "$bench" && npm ci --silent >&2) || note "npm ci failed: secretlint will be unavailable"
  fi
  if [[ -f $build/CMakeCache.txt ]]; then
    # Reconfigure first: hush_hsscan only exists once libhyperscan-dev is there.
    { cmake -S "$repo" -B "$build" && cmake --build "$build" --target hush_readfloor &&
      cmake --build "$build" --target hush_hsscan; } > /dev/null 2>&1 ||
      note "could not build every bench program in $build"
  fi
}

resolve_patterns() {  # writes $work/patterns.txt, prints where they came from
  if [[ -n ${HUSH_BENCH_PATTERNS:-} ]]; then
    cp "$HUSH_BENCH_PATTERNS" "$work/patterns.txt"; echo "file:$HUSH_BENCH_PATTERNS"; return
  fi
  if [[ -x $hush ]] && "$hush" rules export --patterns > "$work/patterns.txt" 2> /dev/null &&
     [[ -s $work/patterns.txt ]]; then
    echo "hush-rules-export"; return
  fi
  "$py" "$lib/patterns.py" "$repo/rules" > "$work/patterns.txt"
  if [[ -s $work/patterns.txt ]]; then echo "rules/*.yaml"; return; fi
  cp "$bench/patterns-sample.txt" "$work/patterns.txt"
  echo "bench/patterns-sample.txt (provisional sample, not hush's rules)"
}

# ---- corpus ----------------------------------------------------------------------------------
if [[ $quick == 1 ]]; then
  "$bench/corpus.sh" --quick >&2
  main_scope=tiny slow_scope=tiny
else
  command -v apt-get > /dev/null && install_peers
  "$bench/corpus.sh" >&2
  main_scope=full slow_scope=slice
fi
corpus=$cache/corpus
main_dir=$corpus/$main_scope slow_dir=$corpus/$slow_scope
remember_bytes "$main_dir"
remember_bytes "$slow_dir"
extrapolate=()
[[ $slow_scope != "$main_scope" ]] && extrapolate=(--extrapolate-bytes "$(corpus_bytes "$main_dir")")

patterns_source=$(resolve_patterns)
"$py" "$lib/patterns.py" --for-rg "$work/patterns.txt" > "$work/patterns-rg.txt"
pattern_count=$(wc -l < "$work/patterns.txt")

echo "# hush benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ) mode=$([[ $quick == 1 ]] && echo quick || echo full) runs=$runs warmup=$warmup threads=$threads"
echo "# machine: nproc=$(nproc) cpu=\"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)\" ram_gb=$(free -g | awk '/^Mem:/ {print $2}') load_before=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
for scope in "$main_scope" "$slow_scope"; do
  echo "# corpus=$scope $("$py" "$lib/corpus_tool.py" stats "$corpus/$scope")"
  [[ $scope == "$main_scope" && $slow_scope == "$main_scope" ]] && break
done
echo "# patterns=$pattern_count source=$patterns_source"

# ---- the limit -------------------------------------------------------------------------------
readfloor=$build/bench/hush_readfloor
if [[ -x $readfloor ]]; then
  measure readfloor "$main_scope" "$main_dir" --keep files,bytes:bytes_read -- "$readfloor" --threads "$threads" "$main_dir"
  measure readfloor-t1 "$main_scope" "$main_dir" -- "$readfloor" --threads 1 "$main_dir"
else
  unavailable readfloor "not built: $readfloor (build the hush_readfloor target)"
fi
if command -v rg > /dev/null; then
  measure rg-literal "$main_scope" "$main_dir" --ok-codes 0,1 -- \
    rg -c -F --no-ignore --hidden -j "$threads" password "$main_dir"
else
  unavailable rg-literal "ripgrep not installed"
fi

# ---- peers -----------------------------------------------------------------------------------
if command -v rg > /dev/null; then
  measure rg-f "$slow_scope" "$slow_dir" --ok-codes 0,1 "${extrapolate[@]}" -- \
    rg -U --regex-size-limit 2G --dfa-size-limit 2G -c --no-ignore --hidden -j "$threads" -f "$work/patterns-rg.txt" "$slow_dir"
else
  unavailable rg-f "ripgrep not installed"
fi

hsscan=$build/bench/hush_hsscan
if [[ -x $hsscan ]]; then
  hs_keep=compile_s,mb_per_s:scan_mb_per_s,patterns,rewritten,refused,matches
  measure hyperscan "$main_scope" "$main_dir" --keep "$hs_keep" -- \
    "$hsscan" --patterns "$work/patterns.txt" --threads "$threads" "$main_dir"
  [[ $slow_scope != "$main_scope" ]] && measure hyperscan "$slow_scope" "$slow_dir" --keep "$hs_keep" -- \
    "$hsscan" --patterns "$work/patterns.txt" --threads "$threads" "$slow_dir"
  # which patterns Hyperscan had to loosen or refused (on the tiny slice: only the compile matters)
  [[ $quick == 1 ]] || "$hsscan" --patterns "$work/patterns.txt" "$corpus/tiny" 2>&1 > /dev/null |
    sed 's/^/# /' | head -n 40 || true
else
  unavailable hyperscan "not built: $hsscan (needs libhyperscan-dev, target hush_hsscan)"
fi

if [[ -x $secretlint ]] && command -v node > /dev/null; then
  write_secretlintrc "$work/secretlintrc.json"
  : > "$work/secretlintignore"
  # secretlint only takes files under its working directory
  measure secretlint "$slow_scope" "$slow_dir" --ok-codes 0,1 --cwd "$slow_dir" "${extrapolate[@]}" -- \
    "$secretlint" --secretlintrc "$work/secretlintrc.json" --secretlintignore "$work/secretlintignore" \
    --no-color '**/*'
else
  unavailable secretlint "not installed (cd bench && npm ci)"
fi

if have_git_secrets; then
  use_throwaway_git_secrets "$work"
  measure git-secrets "$main_scope" "$main_dir" --ok-codes 0,1 -- git -C "$main_dir" secrets --scan -r .
  unset GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM
else
  unavailable git-secrets "git-secrets not installed"
fi

# ---- hush ------------------------------------------------------------------------------------
empty=$work/empty
mkdir -p "$empty"
state=$(hush_scan_state "$empty")
hush_variants=(hush-rules hush-rules-t1 hush-context hush-context-t1)
if [[ $state != ok ]]; then
  for name in "${hush_variants[@]}" hush-startup; do unavailable "$name" "$state"; done
else
  rules_flag=(--no-context)
  if ! "$hush" scan --no-context "$empty" > /dev/null 2>&1; then
    rules_flag=()
    unavailable hush-rules "hush scan has no --no-context flag yet"
    unavailable hush-rules-t1 "hush scan has no --no-context flag yet"
  fi
  hush_scan() {  # hush_scan NAME SCOPE DIR [flags...]
    local name=$1 scope=$2 dir=$3
    shift 3
    measure "$name" "$scope" "$dir" --ok-codes 0,1 -- "$hush" scan --no-ignore --format json "$@" "$dir"
  }
  if ((${#rules_flag[@]})); then
    hush_scan hush-rules "$main_scope" "$main_dir" --no-context
    [[ $slow_scope != "$main_scope" ]] && hush_scan hush-rules "$slow_scope" "$slow_dir" --no-context
    hush_scan hush-rules-t1 "$main_scope" "$main_dir" --no-context --threads 1
  fi
  hush_scan hush-context "$main_scope" "$main_dir"
  [[ $slow_scope != "$main_scope" ]] && hush_scan hush-context "$slow_scope" "$slow_dir"
  hush_scan hush-context-t1 "$main_scope" "$main_dir" --threads 1
  (runs=$startup_runs warmup=3; measure hush-startup empty "$empty" --ok-codes 0,1 -- "$hush" scan "$empty")
  if [[ $quick == 0 ]] && command -v hyperfine > /dev/null; then
    hyperfine -N -i --warmup 3 --runs "$startup_runs" --style basic "$hush scan $empty" 2>&1 |
      sed -n 's/^ *\(Time\|Range\)/# hyperfine, hush scan of an empty dir: \1/p' || true
  fi
fi

echo "# load_after=\"$(cut -d' ' -f1-3 /proc/loadavg)\" (1/5/15-min load averages: above nproc, other work shared the cores)"
echo
"$py" "$lib/report.py" print "$results"
