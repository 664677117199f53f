"""CPU of reading, decoding, splitting and hashing the files that changed between two corpora, parsing none.

    python scripts/measure_split_cost.py OLD_CORPUS NEW_CORPUS

What a re-run's parse processes must spend on changed files before the first changed host is parsed:
every host of the file is hashed to find the changed ones. Prints the total, then cProfile's top entries.
"""

from __future__ import annotations

import cProfile
import filecmp
import pstats
import sys
import time
from pathlib import Path

from engine import gc_policy
from engine.ingest import worker
from engine.transcript.source import Source


def main() -> int:
    old, new = Path(sys.argv[1]), Path(sys.argv[2])
    files = [p for p in sorted(new.glob("*.log"))
             if not (old / p.name).is_file() or not filecmp.cmp(p, old / p.name, shallow=False)]
    worker.init_worker({}, {})
    gc_policy.relax()

    def hash_only(source, key, acc, return_blocks, force, capture):  # type: ignore[no-untyped-def]
        return worker.HostOutcome(acc.display, "", acc.digest.hexdigest(), acc.length, acc.line, "skipped")

    worker._finish_host = hash_only  # type: ignore[assignment]
    profile = cProfile.Profile()
    started = time.process_time()
    profile.enable()
    for path in files:
        worker.process_source(Source(path, size=path.stat().st_size), force=True)
    profile.disable()
    spent = time.process_time() - started
    mb = sum(p.stat().st_size for p in files) / 1e6
    print(f"{len(files)} changed files, {mb:.1f} MB: {spent:.2f} CPU-s to read, decode, split and hash "
          f"(profiled), {spent * 100 / mb:.2f} per 100 MB")
    pstats.Stats(profile).sort_stats("tottime").print_stats(12)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
