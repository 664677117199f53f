"""CPU per flush of a site's ingestion history: 25 flushes of 16 new hosts into a 4,000-host history.

    python scripts/measure_history_flush.py LABEL

To compare two commits, run it with `PYTHONPATH=/tmp/wt-before` (a worktree of the older one) and without.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from engine.history import HistoryRecord, SiteHistory


def record(host: str, file_hash: str, length: int) -> HistoryRecord:
    return HistoryRecord(host, host, "WLLS", file_hash, length, "2025-11-19T10:00:00.0000000Z",
                         "2026-12-06T10:00:00.0000000Z")


def main() -> int:
    label = sys.argv[1] if len(sys.argv) > 1 else "this checkout"
    folder = Path(tempfile.mkdtemp(prefix="statetrace-history-"))
    try:
        path = folder / "WLLS.json"
        history = SiteHistory(path)
        for i in range(4000):
            history.update(record(f"WLLS-A{i:04d}-AS-01", "ab" * 32, 50000 + i))
        history.flush()
        history = SiteHistory(path)
        started = time.process_time()
        for flush in range(25):
            for j in range(16):
                history.update(record(f"WLLS-Z{flush * 16 + j:04d}-AS-01", "cd" * 32, 1))
            history.flush()
        per_flush = (time.process_time() - started) / 25 * 1000
        print(f"{label}: {per_flush:.1f} CPU-ms per flush of a 4,000-host history")
    finally:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
