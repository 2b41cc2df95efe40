#!/usr/bin/env python3
"""Turn the JSON lines written by measure.py into the benchmark's report.

  report.py unavailable FILE NAME REASON   record a tool that could not be measured
  report.py print FILE                     one line per tool, the ratio table, the bars

ratio_vs_hush = MB/s of hush (rules only, default threads, same scope; with syntax context when
this hush has no rules-only mode) / MB/s of the tool: above 1 hush is faster. A tool measured on a smaller scope than the full corpus is compared
with hush on that same scope, and labelled with its scope and extrapolated full-corpus time.
"""
from __future__ import annotations

import json
import sys

HUSH = "hush-rules"          # the reference: rules only, default threads
HUSH_CONTEXT = "hush-context"


def load(path: str) -> list[dict]:
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def find(entries: list[dict], tool: str, scope: str) -> dict | None:
    for entry in entries:
        if entry["tool"] == tool and entry["scope"] == scope and entry.get("status") == "ok":
            return entry
    return None


def reference_tool(entries: list[dict]) -> str:
    """hush-rules, or hush-context when this hush has no rules-only mode yet."""
    measured = any(e["tool"] == HUSH and e.get("status") == "ok" for e in entries)
    return HUSH if measured else HUSH_CONTEXT


def ratio(entries: list[dict], reference: str, entry: dict) -> float | None:
    hush = find(entries, reference, entry["scope"])
    if not hush or not entry.get("mb_per_s") or not hush.get("mb_per_s"):
        return None
    return hush["mb_per_s"] / entry["mb_per_s"]


def fmt(value, digits=2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def print_lines(entries: list[dict]) -> None:
    for entry in entries:
        if entry.get("status") != "ok":
            print(f"tool={entry['tool']} scope={entry.get('scope', '-')} status={entry.get('status')} "
                  f"reason=\"{entry.get('reason', '')}\"")
            continue
        extra = {k: v for k, v in entry.items() if k not in
                 ("tool", "scope", "status", "mb_per_s", "cpu_s", "rss_mb", "bytes", "wall_min_s", "wall_max_s")}
        line = (f"tool={entry['tool']} scope={entry['scope']} mb_per_s={fmt(entry['mb_per_s'], 1)} "
                f"cpu_s={entry['cpu_s']} rss_mb={entry['rss_mb']} "
                f"ratio_vs_hush={fmt(ratio(entries, reference_tool(entries), entry))}")
        print(line + "".join(f" {k}={v}" for k, v in extra.items() if v is not None))


def print_table(entries: list[dict]) -> None:
    print()
    print(f"{'tool':<22} {'scope':<6} {'MB/s':>9} {'wall s (min-max)':>22} {'cpu s':>8} {'MB/cpu-s':>9} "
          f"{'RSS MB':>7} {'hush/tool':>10} {'hush-ctx/tool':>13}")
    for entry in entries:
        if entry.get("status") != "ok":
            print(f"{entry['tool']:<22} {entry.get('scope', '-'):<6} {entry.get('status')}: {entry.get('reason', '')}")
            continue
        wall = f"{entry['wall_s']:.3f} ({entry['wall_min_s']:.3f}-{entry['wall_max_s']:.3f})"
        note = f"  (slice; full corpus extrapolated: {entry['extrapolated_full_s']} s)" \
            if "extrapolated_full_s" in entry else ""
        print(f"{entry['tool']:<22} {entry['scope']:<6} {fmt(entry['mb_per_s'], 1):>9} {wall:>22} "
              f"{entry['cpu_s']:>8} {fmt(entry.get('mb_per_cpu_s'), 1):>9} {entry['rss_mb']:>7} "
              f"{fmt(ratio(entries, reference_tool(entries), entry)):>10} "
              f"{fmt(ratio(entries, HUSH_CONTEXT, entry)):>13}{note}")


def bar(label: str, value: float | None, passed: bool | None) -> None:
    verdict = "not measured" if passed is None else f"{fmt(value)} {'PASS' if passed else 'FAIL'}"
    print(f"bar: {label}: {verdict}")


def print_bars(entries: list[dict]) -> None:
    scopes = [s for s in ("full", "tiny") if find(entries, "readfloor", s)]
    if not scopes:
        return
    scope = scopes[0]
    print()
    hush = reference_tool(entries)
    if not find(entries, hush, scope):
        print("bar: hush not measured (hush scan unavailable on this build): bars are not evaluated")
        return
    if hush != HUSH:
        print("bar: no rules-only mode (--no-context): bars below use hush with syntax context")

    def mbps(tool: str, where: str = scope) -> float | None:
        entry = find(entries, tool, where)
        return entry["mb_per_s"] if entry else None

    def share(tool: str, other: str, where: str = scope) -> float | None:
        a, b = mbps(tool, where), mbps(other, where)
        return a / b if a and b else None

    def check(value: float | None, threshold: float) -> bool | None:
        return None if value is None else value >= threshold

    r = share(HUSH, "readfloor")
    bar(f"hush rules-only / read floor ({scope}) >= 0.50", r, check(r, 0.5))
    r = share(HUSH_CONTEXT, "readfloor")
    bar(f"hush with context / read floor ({scope}) >= 0.35", r, check(r, 0.35))
    r = share(HUSH_CONTEXT, HUSH)
    bar(f"hush with context / rules-only ({scope}) >= 0.70 (syntax context issue)", r, check(r, 0.7))
    for where in (scope, "slice"):
        r = share(hush, "hyperscan", where)
        bar(f"hush / hyperscan incl. compile ({where}) > 1", r, None if r is None else r > 1)
    for tool, label, passes in (("rg-f", "> 1", lambda x: x > 1), ("secretlint", ">= 100", lambda x: x >= 100)):
        where = next((e["scope"] for e in entries if e["tool"] == tool and e.get("status") == "ok"), scope)
        r = share(hush, tool, where)
        bar(f"hush / {tool} ({where}) {label}", r, None if r is None else passes(r))
    full = find(entries, hush, scope)
    bar(f"hush peak RSS MB ({scope}) < 200", full["rss_mb"], full["rss_mb"] < 200)
    small = find(entries, hush, "slice")
    if small:
        growth = full["rss_mb"] / small["rss_mb"]
        bar("hush RSS full/slice (flat: <= 1.5)", growth, growth <= 1.5)
    context_full, context_small = find(entries, HUSH_CONTEXT, scope), find(entries, HUSH_CONTEXT, "slice")
    if context_full and hush != HUSH_CONTEXT:
        bar(f"hush with context peak RSS MB ({scope}) < 200", context_full["rss_mb"], context_full["rss_mb"] < 200)
        if context_small:
            growth = context_full["rss_mb"] / context_small["rss_mb"]
            bar("hush with context RSS full/slice (flat: <= 1.5)", growth, growth <= 1.5)
    startup = find(entries, "hush-startup", "empty")
    if startup:
        ms = startup["wall_s"] * 1000
        bar("hush start-up ms (empty dir) < 100", ms, ms < 100)


def main(argv: list[str]) -> int:
    if len(argv) == 5 and argv[1] == "unavailable":
        with open(argv[2], "a") as handle:
            handle.write(json.dumps({"tool": argv[3], "scope": "-", "status": "unavailable",
                                     "reason": argv[4]}) + "\n")
        print(f"measured tool={argv[3]} status=unavailable reason=\"{argv[4]}\"", file=sys.stderr)
        return 0
    if len(argv) == 3 and argv[1] == "print":
        entries = load(argv[2])
        print_lines(entries)
        print_table(entries)
        print_bars(entries)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
