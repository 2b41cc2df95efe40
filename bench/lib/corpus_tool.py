#!/usr/bin/env python3
"""Corpus helpers for the benchmark: deterministic slices, a synthetic offline corpus, stats.

  corpus_tool.py slice SRC DEST MEGABYTES     hard-link a deterministic ~MEGABYTES subset of SRC
  corpus_tool.py synth DEST MEGABYTES ROOT... copy up to MEGABYTES of text files from ROOTs
  corpus_tool.py stats DIR                    print "files=N bytes=N" of regular files in DIR

A slice keeps the files whose CRC32 of the relative path falls under size(target)/size(total), so
the same corpus always gives the same slice, and every package is represented in proportion.
"""
from __future__ import annotations

import os
import shutil
import sys
import zlib
from pathlib import Path

BINARY_PROBE = 8192
MAX_FILE = 10 * 1024 * 1024  # hush's default --max-file-size


def regular_files(root: Path):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path


def stats(root: Path) -> tuple[int, int]:
    files = total = 0
    for path in regular_files(root):
        files += 1
        total += path.stat().st_size
    return files, total


def path_fraction(rel: str) -> float:
    return zlib.crc32(rel.encode()) / 2**32


def make_slice(src: Path, dest: Path, megabytes: float) -> None:
    entries = [(p, p.stat().st_size) for p in regular_files(src)]
    total = sum(size for _, size in entries)
    keep = min(1.0, megabytes * 1e6 / max(total, 1))
    for path, _ in entries:
        rel = path.relative_to(src).as_posix()
        if path_fraction(rel) >= keep:
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            try:
                os.link(path, target)
            except OSError:  # another file system: copy instead
                shutil.copy2(path, target)


def looks_textual(path: Path) -> bool:
    try:
        size = path.stat().st_size
        if size == 0 or size > MAX_FILE:
            return False
        with open(path, "rb") as handle:
            return b"\0" not in handle.read(BINARY_PROBE)
    except OSError:
        return False


def make_synthetic(dest: Path, megabytes: float, roots: list[Path]) -> None:
    budget = int(megabytes * 1e6)
    used = 0
    for index, root in enumerate(roots):
        if not root.is_dir():
            continue
        for path in regular_files(root):
            if used >= budget:
                return
            rel = path.relative_to(root).as_posix()
            if "/.git/" in f"/{rel}" or "/build" in f"/{rel}" or "node_modules" in rel or ".cache" in rel:
                continue
            if not looks_textual(path):
                continue
            target = dest / f"root{index}" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            used += path.stat().st_size


def main(argv: list[str]) -> int:
    if len(argv) == 5 and argv[1] == "slice":
        make_slice(Path(argv[2]), Path(argv[3]), float(argv[4]))
    elif len(argv) >= 5 and argv[1] == "synth":
        make_synthetic(Path(argv[2]), float(argv[3]), [Path(r) for r in argv[4:]])
    elif len(argv) == 3 and argv[1] == "stats":
        files, total = stats(Path(argv[2]))
        print(f"files={files} bytes={total}")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
