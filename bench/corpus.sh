#!/usr/bin/env bash
# bench/corpus.sh [--quick] [--update-lock]: build the benchmark corpus under bench/.cache/corpus/.
#
#   full/   real source and config from the Debian packages pinned in bench/corpus.lock, fetched
#           with `apt-get download` (never installed) and unpacked with `dpkg -x` (~600 MB)
#   slice/  a deterministic ~50 MB subset of full/ (hard links)
#   tiny/   a deterministic ~5 MB subset of full/, used by `bench/run.sh --quick` in CI
#
# --quick: only make sure tiny/ exists; without full/ it is synthesised from this repository's
#          sources and /usr/share text files, so CI never touches the network.
# --update-lock: record the sha256 of each downloaded .deb in corpus.lock where it reads "-".
# Idempotent: every step is skipped when its output is already there.
set -euo pipefail
# The interpreter itself, once: a version-manager shim (pyenv) costs seconds per call on a busy machine.
py=$(python3 -c 'import sys; print(sys.executable)')
bench=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$bench")
cache=${HUSH_BENCH_CACHE:-$bench/.cache}/corpus
lock=$bench/corpus.lock
tool=$bench/lib/corpus_tool.py
SLICE_MB=${HUSH_BENCH_SLICE_MB:-50}
TINY_MB=${HUSH_BENCH_TINY_MB:-5}

quick=0 update_lock=0
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    --update-lock) update_lock=1 ;;
    *) echo "usage: bench/corpus.sh [--quick] [--update-lock]" >&2; exit 2 ;;
  esac
done

say() { echo "corpus: $*" >&2; }

report() {  # report NAME DIR
  echo "corpus=$1 path=$2 $("$py" "$tool" stats "$2")"
}

lock_entries() { grep -v '^#' "$lock" | awk 'NF >= 2'; }

fetch_deb() {  # fetch_deb PACKAGE VERSION SHA256 -> path of the .deb on stdout
  local package=$1 version=$2 sha=$3 debs=$cache/debs
  mkdir -p "$debs"
  local deb file_version=${version/:/%3a}  # apt-get download writes an epoch "3:" as "3%3a"
  deb=$(find "$debs" -maxdepth 1 -name "${package}_${file_version}_*.deb" | head -n 1)
  if [[ -z $deb ]]; then
    say "apt-get download $package=$version"
    if ! (cd "$debs" && apt-get download -q "$package=$version" >&2); then
      say "cannot download $package=$version: run 'apt-get update', check 'apt-cache policy $package'"
      say "and pin the offered version in bench/corpus.lock"
      exit 2
    fi
    deb=$(find "$debs" -maxdepth 1 -name "${package}_${file_version}_*.deb" | head -n 1)
  fi
  local actual
  actual=$(sha256sum "$deb" | cut -d' ' -f1)
  if [[ $sha != - && $sha != "$actual" ]]; then
    say "sha256 mismatch for $deb: lock says $sha, file is $actual"
    exit 2
  fi
  if [[ $sha == - && $update_lock == 1 ]]; then
    sed -i "s|^$package $version -\$|$package $version $actual|" "$lock"
  fi
  echo "$deb"
}

unpack() {  # unpack PACKAGE VERSION DEB: its source tree into full/PACKAGE
  local package=$1 version=$2 deb=$3 dest=$cache/full/$1 done=$cache/full-$1.done  # not inside full/
  [[ -f $done && $(cat "$done") == "$version" ]] && return 0
  rm -f "$cache/slice.done" "$cache/tiny.done"  # the slices are cut from full/
  rm -rf "$dest" "$dest.tmp"
  mkdir -p "$dest.tmp"
  dpkg -x "$deb" "$dest.tmp"
  # Java sources ship as one src.zip: the corpus wants the files inside it, not the archive.
  local zip
  zip=$(find "$dest.tmp" -name src.zip -type f | head -n 1)
  if [[ -n $zip ]]; then
    mkdir -p "$dest"
    (cd "$dest" && "$py" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(".")' "$zip")
    rm -rf "$dest.tmp"
  else
    mv "$dest.tmp" "$dest"
  fi
  echo "$version" > "$done"
}

build_full() {
  while read -r package version sha; do
    unpack "$package" "$version" "$(fetch_deb "$package" "$version" "$sha")"
  done < <(lock_entries)
}

build_slice() {  # build_slice NAME MEGABYTES
  local dest=$cache/$1
  [[ -f $dest.done && $(cat "$dest.done") != synthetic ]] && return 0  # a synthetic tiny/ gives way
  rm -rf "$dest"
  mkdir -p "$dest"
  "$py" "$tool" slice "$cache/full" "$dest" "$2"
  touch "$dest.done"
}

build_synthetic_tiny() {
  local dest=$cache/tiny
  [[ -f $dest.done ]] && return 0
  say "no downloaded corpus: synthesising tiny/ from the repository and /usr/share (offline)"
  rm -rf "$dest"
  mkdir -p "$dest"
  "$py" "$tool" synth "$dest" "$TINY_MB" "$repo" /usr/share/perl /usr/share/perl5 \
    /usr/share/doc /usr/share/cmake* /usr/share/X11
  echo synthetic > "$dest.done"
}

mkdir -p "$cache"
if [[ $quick == 1 ]]; then
  if [[ -f $cache/tiny.done ]]; then :
  elif compgen -G "$cache/full-*.done" > /dev/null; then build_slice tiny "$TINY_MB"
  else build_synthetic_tiny
  fi
  report tiny "$cache/tiny"
  exit 0
fi

build_full
build_slice slice "$SLICE_MB"
build_slice tiny "$TINY_MB"
report full "$cache/full"
report slice "$cache/slice"
report tiny "$cache/tiny"
