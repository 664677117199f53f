"""Background WAL checkpoints for one SQLite site database.

SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages, so every few hosts one
write pays for copying the WAL back into the database and syncing it: 384-port stacks measured p50 9-10 ms
but p95 39-44 ms that way, and p95 11-13 ms without it (`statetrace-cli bench-writes --ports 384`). The
writer therefore turns the automatic checkpoint off and pokes this thread after each commit; the thread
runs a PASSIVE checkpoint on its own connection (it never blocks the writer, and SQLite releases the GIL
while it copies). When the WAL passes `WAL_HARD_LIMIT_BYTES`, the writer finishes the job between two
hosts with a RESTART checkpoint (see `SqliteSiteStore._after_commit`), so the file stays bounded.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from pathlib import Path

WAL_CHECKPOINT_BYTES = 4 * 1024 * 1024  # SQLite's own default: 1,000 pages of 4 KiB
WAL_HARD_LIMIT_BYTES = 32 * 1024 * 1024
JOURNAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024  # what a reset WAL is truncated to
# A pass syncs the database file: one per commit cost 6% more CPU (mostly system time) on a 200 MB run.
MIN_PASS_INTERVAL_S = 0.5


def wal_size(path: Path) -> int:
    try:
        return os.stat(f"{path}-wal").st_size
    except OSError:
        return 0


class Checkpointer(threading.Thread):
    """One per open site store; lives as long as the writer's connection."""

    def __init__(self, path: Path, busy_timeout_s: float = 5.0) -> None:
        super().__init__(name=f"statetrace-checkpoint-{path.stem}", daemon=True)
        self.path = path
        self.busy_timeout_s = busy_timeout_s
        self._wake = threading.Event()
        self._halt = threading.Event()
        self._last_pass = -1e9
        # Held during a pass: SQLite runs one checkpoint at a time and answers a second one "busy" at
        # once (no busy handler), so the writer's own RESTART waits here for a pass in progress.
        self.running = threading.Lock()
        self.checkpoints = 0
        self.errors: list[str] = []

    def poke(self) -> None:
        """Called after a commit: check the WAL soon."""
        self._wake.set()

    def stop(self) -> None:
        self._halt.set()
        self._wake.set()
        if self.is_alive():
            self.join(30)

    def run(self) -> None:
        conn: sqlite3.Connection | None = None
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                pause = self._last_pass + MIN_PASS_INTERVAL_S - time.monotonic()
                if self._halt.is_set() or (pause > 0 and self._halt.wait(pause)):
                    return
                if wal_size(self.path) < WAL_CHECKPOINT_BYTES:
                    continue
                self._last_pass = time.monotonic()
                try:
                    if conn is None:
                        conn = sqlite3.connect(str(self.path), timeout=self.busy_timeout_s, isolation_level=None,
                                               check_same_thread=True)
                    with self.running:
                        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
                except sqlite3.Error as exc:  # the writer's own bound keeps the WAL in check meanwhile
                    if len(self.errors) < 10:
                        self.errors.append(f"{self.path}: checkpoint failed: {exc}")
                    if conn is not None:
                        with contextlib.suppress(sqlite3.Error):
                            conn.close()
                    conn = None
        finally:
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
