"""CPU-seconds per 100 MB of one ingestion, main process and parse processes apart, whole process included.

    python scripts/measure_ingest_cpu.py CORPUS [--processes 2]
    python scripts/measure_ingest_cpu.py CORPUS --then CHANGED     # the figure of the second ingestion only
    python scripts/measure_ingest_cpu.py CORPUS --processes 1 --gc # and the CPU the cyclic collector took
    python scripts/measure_ingest_cpu.py CORPUS --home COPY        # into a workspace that holds data already

With `--then`, CORPUS is ingested first into the same fresh workspace and only the ingestion of CHANGED
is measured: a 10 %-changed re-run is `loadgen ... --mutate 10` of the same seed as CHANGED.

To compare two commits in one session, check the older one out with `git worktree add /tmp/wt-before REV`
and run this script from outside the repository with `PYTHONPATH=/tmp/wt-before` (its parse processes
inherit the path), alternating with a run on the current checkout.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path


def _usage() -> tuple[float, float, float, float]:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime, own.ru_stime, kids.ru_utime, kids.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--then", type=Path, help="measure only the ingestion of this corpus, after CORPUS")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--home", type=Path, help="ingest into this workspace (a copy: it is written to)")
    parser.add_argument("--gc", action="store_true",
                        help="time the cyclic collector's passes in this process (all of them with --processes 1)")
    args = parser.parse_args()
    passes, spent, started = [0, 0, 0], [0.0], [0.0]
    if args.gc:
        import gc

        def on_gc(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                started[0] = time.thread_time()
            else:
                spent[0] += time.thread_time() - started[0]
                passes[info["generation"]] += 1

        gc.callbacks.append(on_gc)

    import engine
    from engine.ingest.pipeline import IngestOptions
    from engine.runtime.qt_runtime import ingest
    from engine.telemetry import Telemetry
    from engine.workspace import Workspace

    ws = Workspace(args.home or Path(tempfile.mkdtemp(prefix="statetrace-cpu-")))
    measured = args.corpus
    before = (0.0, 0.0, 0.0, 0.0)  # from interpreter start: imports and process start-up count too
    if args.then is not None:
        ingest([args.corpus], ws, IngestOptions(processes=args.processes), Telemetry(ws.metrics_dir))
        measured, before = args.then, _usage()
    t0 = time.perf_counter()
    summary = ingest([measured], ws, IngestOptions(processes=args.processes), Telemetry(ws.metrics_dir))
    wall = time.perf_counter() - t0
    mu, ms, ku, ks = (a - b for a, b in zip(_usage(), before, strict=True))
    mb = summary.bytes / 1e6
    print(f"engine from {Path(engine.__file__).parent}")
    print(f"{measured}: {mb:.0f} MB, {summary.parsed} hosts written, {summary.skipped} skipped, wall {wall:.2f} s; "
          f"main {mu:.2f} user + {ms:.2f} sys, parse processes {ku:.2f} user + {ks:.2f} sys; "
          f"{(mu + ms + ku + ks) * 100 / mb:.2f} CPU-s per 100 MB; load average {os.getloadavg()[0]:.2f}")
    if args.gc:
        print(f"cyclic collector in this process: {spent[0]:.3f} CPU-s in {sum(passes)} passes "
              f"(generations 0/1/2: {passes[0]}/{passes[1]}/{passes[2]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
