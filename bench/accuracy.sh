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
# The interpreter itself, once: a version-manager shim (pyenv) costs seconds per call on a busy machine.
py=$(python3 -c 'import sys; print(sys.executable)')
bench=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$bench")
build=${HUSH_BUILD_DIR:-$repo/build}
hush=${HUSH:-$build/cli/hush}
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
hush_state=ok
mkdir -p "$work/empty"
probe=$([[ -x $hush ]] && "$hush" scan "$work/empty" 2>&1) || true
if [[ $probe == *"not implemented"* ]]; then
  hush_state="hush scan not implemented yet"
elif [[ -x $hush ]]; then
  code=0
  (cd "$corpus" && "$hush" scan --format json --no-redact . > /dev/null 2> "$work/hush.err") || code=$?
  # exit 1 = findings, the expected case
  [[ $code == 0 || $code == 1 ]] || hush_state="hush scan exited $code: $(head -n 1 "$work/hush.err")"
else
  hush_state="no binary at $hush"
fi
if [[ $hush_state == ok ]]; then
  (cd "$corpus" && "$hush" scan --format json --no-redact . || true) | scored hush
else
  unavailable hush "$hush_state"
fi

secretlint=$bench/node_modules/.bin/secretlint
if [[ -x $secretlint ]] && command -v node > /dev/null; then
  echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' > "$work/secretlintrc.json"
  (cd "$corpus" && "$secretlint" --secretlintrc "$work/secretlintrc.json" --format json '**/*' || true) |
    scored secretlint --format secretlint
else
  unavailable secretlint "not installed (cd bench && npm ci)"
fi

if command -v git-secrets > /dev/null; then
  export GIT_CONFIG_GLOBAL=$work/gitconfig GIT_CONFIG_NOSYSTEM=1  # a throwaway config, not the user's
  git secrets --register-aws --global > /dev/null
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
