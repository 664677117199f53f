"""What a parse process spends on a corpus, and what sending its results costs, in one process:
`process_source` on every file (read, decode, split, hash, facts), then pickling the results as the
process pool does and unpickling them as the main process does.

    python scripts/measure_parse_ipc.py CORPUS_DIR     # e.g. a `statetrace-cli loadgen` output

Both sides run under the ingestion's collector policy (`engine.gc_policy`), as in a run. To compare two
commits, run it from outside the repository with PYTHONPATH on each checkout, alternated.
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path


def main() -> int:
    import engine
    from engine import gc_policy
    from engine.ingest.worker import init_worker, process_source
    from engine.transcript.source import Source

    files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file() and p.name != "manifest.json")
    init_worker({}, {})
    gc_policy.relax()
    t0 = time.process_time()
    results = [process_source(Source(p, size=p.stat().st_size), force=True) for p in files]
    parse = time.process_time() - t0
    t0 = time.process_time()
    blobs = [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in results]
    dump = time.process_time() - t0
    t0 = time.process_time()
    for b in blobs:
        pickle.loads(b)
    load = time.process_time() - t0
    gc_policy.restore()
    mb = sum(p.stat().st_size for p in files) / 1e6
    per = 100 / mb
    print(f"engine from {Path(engine.__file__).parent}")
    print(f"{mb:.0f} MB, {sum(len(r.hosts) for r in results)} hosts: process_source {parse * per:.2f}, "
          f"pickle {dump * per:.2f}, unpickle {load * per:.2f} CPU-s per 100 MB; "
          f"{sum(map(len, blobs)) / 1e6:.1f} MB pickled")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
