#!/usr/bin/env bash
# bench/accuracy.sh: scores hush, secretlint (recommended preset) and git-secrets (AWS patterns) on
# the labeled corpus ../shared/corpus in the same run, with ../shared/tools/score.py, and prints
# precision, recall and F1 overall and per kind in one table, then each scorer's full report.
#
# The scanners see a temporary copy of the corpus without labels.json (it holds every value);
# score.py reads the labels from where they are. Findings go straight from each scanner into
# score.py through a pipe, never into a file. A scanner that is missing is shown as unavailable.
# Environment: HUSH (default $HUSH_BUILD_DIR/cli/hush), HUSH_BUILD_DIR (default build/),
# HUSH_SHARED (default: the shared/ folder beside the clone, or beside its worktree folder).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
shared=${HUSH_SHARED:-}
if [[ -z $shared ]]; then  # beside the clone, or beside the folder of worktrees
  for candidate in "$repo/../shared" "$repo/../../shared"; do
    [[ -d $candidate/corpus ]] && { shared=$(cd "$candidate" && pwd); break; }
  done
fi
shared=${shared:-$repo/../shared}
score=$shared/tools/score.py
labels=$shared/corpus/labels.json
[[ -f $score && -f $labels ]] || { echo "accuracy: need $score and $labels" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hush-accuracy.XXXXXX")
trap 'rm -rf "$work"' EXIT
corpus=$work/corpus
mkdir -p "$corpus" "$work/scores"
for entry in "$shared/corpus"/* "$shared/corpus"/.[!.]*; do
  [[ -e $entry && $(basename "$entry") != labels.json ]] && cp -r "$entry" "$corpus/"
done

scored() {  # scored NAME [score.py options...] < findings
  local name=$1
  shift
  "$py" "$score" --labels "$labels" --cwd "$corpus" --strip-prefix "$corpus/" --findings - "$@" \
    > "$work/scores/$name.txt" 2>&1
}
unavailable() { echo "unavailable: $2" > "$work/scores/$1.txt"; }

# hush: JSON with the values, so that score.py can match them by value as well as by line.
mkdir -p "$work/empty"
hush_state=$(hush_scan_state "$work/empty")
if [[ $hush_state == ok ]]; then
  (cd "$corpus" && { c=0; "$hush" scan --format json --no-redact . 2> "$work/hush.err" || c=$?; echo $c > "$work/hush.code"; }) |
    scored hush
  code=$(cat "$work/hush.code")
  # 1 = findings, the expected case
  [[ $code == 0 || $code == 1 ]] || unavailable hush "hush scan exited $code: $(head -n 1 "$work/hush.err")"
else
  unavailable hush "$hush_state"
fi

if [[ -x $secretlint ]] && command -v node > /dev/null; then
  write_secretlintrc "$work/secretlintrc.json"
  (cd "$corpus" && "$secretlint" --secretlintrc "$work/secretlintrc.json" --format json '**/*' || true) |
    scored secretlint --format secretlint
else
  unavailable secretlint "not installed (cd bench && npm ci)"
fi

if have_git_secrets; then
  use_throwaway_git_secrets "$work"
  # git-secrets reports its matches as path:line:text on stderr
  (cd "$corpus" && git secrets --scan -r . 2>&1 || true) | scored git-secrets --format grep
  unset GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM
else
  unavailable git-secrets "git-secrets not installed"
fi

echo "# hush accuracy $(date -u +%Y-%m-%dT%H:%M:%SZ) corpus=$shared/corpus scorer=$score"
"$py" "$bench/lib/accuracy_table.py" "hush=$work/scores/hush.txt" "secretlint=$work/scores/secretlint.txt" \
  "git-secrets=$work/scores/git-secrets.txt"
for tool in hush secretlint git-secrets; do
  echo
  echo "## score.py report: $tool"
  cat "$work/scores/$tool.txt"
done
