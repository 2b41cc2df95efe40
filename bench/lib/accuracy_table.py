#!/usr/bin/env python3
"""Put the outputs of shared/tools/score.py for several scanners side by side.

  accuracy_table.py TOOL=SCORE_OUTPUT_FILE ...   (a file holding "unavailable: REASON" is shown so)

Prints one overall row per scanner (TP, FP, FN, precision, recall, F1, negative files with
findings) and one per-kind table with recall / precision / F1 of every scanner.
"""
from __future__ import annotations

import re
import sys

KIND_ROW = re.compile(r"^\s+(?P<kind>[a-z0-9_]+)\s+(?P<labels>\d+)\s+(?P<tp>\d+)\s+(?P<recall>[\d.]+)\s+"
                      r"(?P<fp>\d+)\s+(?P<prec>[\d.]+)\s+(?P<f1>[\d.]+)\s*$")
TOTALS = re.compile(r"^TP=(?P<tp>\d+) FP=(?P<fp>\d+) FN=(?P<fn>\d+)")
SUMMARY = re.compile(r"^precision=(?P<p>\S+) recall=(?P<r>\S+) f1=(?P<f1>\S+)")
NEGATIVES = re.compile(r"^negative files, strict\s*:\s*(?P<files>\d+/\d+) files with findings, (?P<lines>\d+) finding lines")


def parse(text: str) -> dict:
    out: dict = {"kinds": {}}
    in_kinds = False
    for line in text.splitlines():
        if line.startswith("per kind"):
            in_kinds = True
            continue
        if in_kinds:
            match = KIND_ROW.match(line)
            if match:
                out["kinds"][match["kind"]] = match.groupdict()
                continue
            if line.strip() and not line.strip().startswith("kind"):
                in_kinds = False
        for name, pattern in (("totals", TOTALS), ("summary", SUMMARY), ("negatives", NEGATIVES)):
            match = pattern.match(line)
            if match:
                out[name] = match.groupdict()
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    tools: list[tuple[str, dict | str]] = []
    for spec in argv[1:]:
        name, _, path = spec.partition("=")
        text = open(path, encoding="utf-8", errors="replace").read()
        tools.append((name, text.strip() if text.startswith("unavailable") else parse(text)))

    print(f"{'scanner':<12} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7} {'F1':>6}  negative files with findings")
    for name, result in tools:
        if isinstance(result, str) or "summary" not in result:
            print(f"{name:<12} {result if isinstance(result, str) else 'no summary from score.py'}")
            continue
        t, s = result.get("totals", {}), result["summary"]
        neg = result.get("negatives", {})
        print(f"{name:<12} {t.get('tp', '?'):>4} {t.get('fp', '?'):>4} {t.get('fn', '?'):>4} {s['p']:>9} {s['r']:>7} "
              f"{s['f1']:>6}  {neg.get('files', '?')} ({neg.get('lines', '?')} lines)")

    scored = [(n, r) for n, r in tools if isinstance(r, dict) and r["kinds"]]
    if not scored:
        return 0
    kinds: dict[str, str] = {}
    for _, result in scored:
        for kind, row in result["kinds"].items():
            kinds.setdefault(kind, row["labels"])
    print()
    header = f"{'kind':<30} {'labels':>6}" + "".join(f"  {n[:20]:>20}" for n, _ in scored)
    print(header)
    print(f"{'':<30} {'':>6}" + "".join(f"  {'recall/prec/F1':>20}" for _ in scored))
    for kind, labels in kinds.items():
        cells = []
        for _, result in scored:
            row = result["kinds"].get(kind)
            cells.append(f"{row['recall']}/{row['prec']}/{row['f1']}" if row else "-")
        print(f"{kind:<30} {labels:>6}" + "".join(f"  {c:>20}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
