#!/usr/bin/env bash
# Installs what hush needs to build, and nothing twice: Debian packages that are missing (with sudo
# when not root) and the pinned tree-sitter sources (npm ci, only when the lockfile changed).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

packages=(g++ cmake ninja-build pkg-config ccache git ca-certificates
          libyaml-cpp-dev libre2-dev libssl-dev libboost-program-options-dev catch2 libgit2-dev
          nlohmann-json3-dev zlib1g-dev libhyperscan-dev)
packages+=("$@")  # callers may ask for more (CI: clang-16 for the fuzzers)

missing=()
# Node and npm only fetch the tree-sitter sources; any install of them will do (a machine may carry
# its own Node with a bundled npm, which Debian's npm package conflicts with).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cd "$repo/third_party"
stamp=node_modules/.hush-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci (tree-sitter sources, pinned in third_party/package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
