#!/usr/bin/env python3
"""Run one benchmark command as a whole process, several times, and record its figures.

  measure.py --name NAME --bytes N --runs R [--warmup W] [--scope S] [--ok-codes 0,1] [--cwd DIR]
             [--keep KEY[:NEW],...] [--extrapolate-bytes N] --results FILE -- CMD ARG...

Each run goes through /usr/bin/time -f (peak RSS, exit code) when it is installed; CPU time
(user + system) comes from wait4(2), where GNU time reads it too but rounds it to 10 ms, and wall
time from a monotonic clock around the process. Without GNU time, wait4 gives the RSS as well.
W warm-up runs are not counted. Prints and appends (JSON line to FILE) the median, min and max
wall time, median CPU time, the largest peak RSS, MB/s = N / 1e6 / median wall, and MB per CPU
second (N / 1e6 / median CPU time: what the tool costs, less sensitive than wall time to other
load on a shared machine). --keep copies KEY=VALUE pairs of the command's last stdout (e.g.
hsscan's compile_s) into the record. A run that exits with a code
outside --ok-codes marks the tool status=error with the first line of its stderr.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def run_once(cmd: list[str], cwd: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="hush-bench-") as tmp:
        out_path, err_path, time_path = (os.path.join(tmp, n) for n in ("out", "err", "time"))
        use_gnu_time = os.access(GNU_TIME, os.X_OK)
        argv = [GNU_TIME, "-f", "%e %U %S %M %x", "-o", time_path, *cmd] if use_gnu_time else cmd
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
        record = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss,
                  "code": proc.returncode}
        if use_gnu_time:
            fields = open(time_path).read().split()
            if len(fields) >= 5 and re.fullmatch(r"-?\d+", fields[4]):
                # Wall and CPU stay the microsecond ones (wait4 of GNU time includes the command
                # it reaped); GNU time rounds both to 10 ms, which is coarse for the tiny corpus.
                record.update(rss_kb=int(fields[3]), code=int(fields[4]))
        with open(out_path, "rb") as out:
            record["stdout_tail"] = out.read()[-4096:].decode(errors="replace")
        with open(err_path, "rb") as err:
            lines = err.read().decode(errors="replace").strip().splitlines()
            record["stderr_first"] = lines[0] if lines else ""
        return record


def key_values(text: str) -> dict[str, str]:
    return dict(re.findall(r"(\w+)=(\S+)", text))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--bytes", type=int, required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--scope", default="full")
    ap.add_argument("--ok-codes", default="0")
    ap.add_argument("--cwd", help="directory to run the command in")
    ap.add_argument("--keep", default="", help="KEY or KEY:NEW_NAME,... to copy from the last stdout")
    ap.add_argument("--extrapolate-bytes", type=int, default=0,
                    help="corpus bytes to extrapolate the time to (the tool ran on a smaller scope)")
    ap.add_argument("--results", required=True)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd or shutil.which(cmd[0]) is None and not os.access(cmd[0], os.X_OK):
        print(f"measure: cannot run {cmd[:1]}", file=sys.stderr)
        return 2
    ok_codes = {int(c) for c in args.ok_codes.split(",")}

    entry = {"tool": args.name, "scope": args.scope, "bytes": args.bytes, "runs": args.runs}
    records = []
    for i in range(args.warmup + args.runs):
        record = run_once(cmd, args.cwd)
        if record["code"] not in ok_codes:
            entry.update(status="error", reason=f"exit {record['code']}: {record['stderr_first'][:160]}")
            break
        if i >= args.warmup:
            records.append(record)
    else:
        walls = [r["wall"] for r in records]
        wall = statistics.median(walls)
        entry.update(status="ok", wall_s=round(wall, 4), wall_min_s=round(min(walls), 4),
                     wall_max_s=round(max(walls), 4),
                     cpu_s=round(statistics.median(r["cpu"] for r in records), 3),
                     rss_mb=round(max(r["rss_kb"] for r in records) / 1024, 1),
                     mb_per_s=round(args.bytes / 1e6 / wall, 2) if wall > 0 and args.bytes else None)
        cpu = entry["cpu_s"]
        entry["mb_per_cpu_s"] = round(args.bytes / 1e6 / cpu, 2) if cpu > 0 and args.bytes else None
        if args.extrapolate_bytes:
            entry["extrapolated_full_s"] = round(args.extrapolate_bytes / args.bytes * wall, 1)
        produced = key_values(records[-1]["stdout_tail"])
        for spec in filter(None, args.keep.split(",")):
            key, _, new_name = spec.partition(":")
            if key in produced:
                entry[new_name or key] = produced[key]

    with open(args.results, "a") as results:
        results.write(json.dumps(entry) + "\n")
    shown = {k: v for k, v in entry.items() if k != "tool"}
    print(f"measured tool={args.name} " + " ".join(f"{k}={v}" for k, v in shown.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
