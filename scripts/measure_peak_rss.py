#!/usr/bin/env python3
"""Peak memory of a command and every process it starts, sampled from /proc (Linux).

    python scripts/measure_peak_rss.py -- statetrace-cli ingest /tmp/big --home /tmp/h

Prints the main process's peak RSS, the largest child's, and the peak of the whole tree's sum (what the
machine had to give the run at its worst moment), with the wall time, CPU-seconds (self + children) and
the load average. Sampled every 50 ms, so a spike shorter than that can be missed.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text().split()
            out.extend(int(c) for c in text)
    except OSError:
        pass
    return out


def _tree(pid: int) -> list[int]:
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(_children(p))
    return seen


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1:]
    if not argv:
        print(__doc__)
        return 2
    load = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(argv)
    main_peak = child_peak = sum_peak = 0
    while proc.poll() is None:
        pids = _tree(proc.pid)
        sizes = {p: _rss_kb(p) for p in pids}
        main_peak = max(main_peak, sizes.get(proc.pid, 0))
        child_peak = max([child_peak, *(v for p, v in sizes.items() if p != proc.pid)])
        sum_peak = max(sum_peak, sum(sizes.values()))
        time.sleep(0.05)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"exit {proc.returncode}; wall {wall:.1f} s; CPU {usage.ru_utime + usage.ru_stime:.1f} s (self + children); "
          f"load average {load:.2f} at start, {os.getloadavg()[0]:.2f} at end")
    print(f"peak RSS: main process {main_peak / 1024:.0f} MB, largest child {child_peak / 1024:.0f} MB, "
          f"whole tree {sum_peak / 1024:.0f} MB")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
