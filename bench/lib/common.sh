# Sourced by bench/run.sh and bench/accuracy.sh: where things are, and how each peer is set up.
# shellcheck shell=bash
bench=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=$(dirname "$bench")
lib=$bench/lib
build=${HUSH_BUILD_DIR:-$repo/build}
hush=${HUSH:-$build/cli/hush}
secretlint=$bench/node_modules/.bin/secretlint
# The interpreter itself, once: a version-manager shim (pyenv) costs seconds per call on a busy machine.
py=$(python3 -c 'import sys; print(sys.executable)')

# hush_scan_state EMPTY_DIR: prints "ok", or why hush cannot be measured yet.
hush_scan_state() {
  [[ -x $hush ]] || { echo "no binary at $hush"; return; }
  local code=0 said
  said=$("$hush" scan "$1" 2>&1 > /dev/null) || code=$?
  if [[ $code == 2 && $said == *"not implemented"* ]]; then echo "hush scan not implemented yet"
  elif [[ $code != 0 && $code != 1 ]]; then echo "hush scan of an empty dir exited $code: ${said:0:120}"
  else echo ok
  fi
}

# write_secretlintrc FILE: secretlint's recommended preset, nothing else.
write_secretlintrc() {
  echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' > "$1"
}

# use_throwaway_git_secrets DIR: git-secrets with its AWS patterns in DIR/gitconfig, so that the
# user's own git configuration is neither read nor changed. Exported for the commands that follow.
use_throwaway_git_secrets() {
  export GIT_CONFIG_GLOBAL=$1/gitconfig GIT_CONFIG_NOSYSTEM=1
  git secrets --register-aws --global > /dev/null
}

have_git_secrets() { command -v git-secrets > /dev/null; }
