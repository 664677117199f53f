#!/usr/bin/env python3
"""Compaction prediction vs outcome: for each SQLite site file of a workspace, copy it, predict the
reclaimable share (`SqliteBackend.space(thorough=True)`, what the compaction step decides on), compact
the copy, and print both (the figure docs/performance.md keeps).

    PYTHONPATH=. .venv/bin/python scripts/measure_compaction_prediction.py HOME
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from engine.store.backends import SiteTarget
from engine.store.backends.sqlite import SqliteBackend


def in_page_unused(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT SUM(unused) FROM dbstat WHERE aggregate = 1").fetchone()[0] or 0)
    finally:
        conn.close()


def main(home: Path) -> int:
    scratch = Path(tempfile.mkdtemp(prefix="st-compact-"))
    backend = SqliteBackend()
    try:
        for db in sorted(home.glob("data/*/*.sqlite")):
            work = scratch / db.name
            shutil.copy(db, work)
            wal = db.with_name(db.name + "-wal")
            if wal.exists():
                shutil.copy(wal, work.with_name(work.name + "-wal"))
            target = SiteTarget(db.stem, "sqlite", work)
            before = backend.space(target, thorough=True)
            unused = in_page_unused(work)
            backend.compact(target, None)
            after = backend.space(target)
            got = (before.size_bytes - after.size_bytes) / before.size_bytes if before.size_bytes else 0.0
            print(f"{db.stem}: {before.size_bytes / 1e6:.1f} MB, predicted {before.reclaimable_ratio or 0:.1%} "
                  f"(free list {(before.free_page_bytes or 0) / 1e6:.1f} MB, in-page unused {unused / 1e6:.1f} MB), "
                  f"compaction gave {got:.1%}; in-page unused after {in_page_unused(work) / 1e6:.1f} MB")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
