"""Exclusive access to a site: maintenance takes the same cross-process lock file as the site's writer.

`engine.ingest.writer.SiteWriter` holds `<db>.writer.lock` while its connection is open, so holding
that lock means no StateTrace process is writing the site; maintenance also keeps the lock's gate,
so a writer that gives the lock back between hosts cannot starve it; another site's lock is independent, so
other sites keep ingesting. A lock that stays busy past the timeout becomes SiteBusy, which the
runner reports as "busy, retried next run".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engine.locks import LockTimeout, SiteWriteLock, writer_lock_path
from engine.store.base import StoreBusy


class SiteBusy(StoreBusy):
    """The site's writer (or another maintenance run) kept the lock past the timeout."""


@contextmanager
def site_lock(db_path: Path | None, timeout: float) -> Iterator[None]:
    """Hold the site's writer lock for the block; a server backend (no file) needs none."""
    if db_path is None:
        yield
        return
    lock = SiteWriteLock(db_path)
    try:
        lock.acquire_exclusive(timeout)
    except LockTimeout as exc:
        raise SiteBusy(f"{db_path} is being written (writer lock held for more than {timeout:g} s)") from exc
    try:
        yield
    finally:
        lock.release()


__all__ = ["SiteBusy", "site_lock", "writer_lock_path"]
