"""The site writer lock: one writer at a time, and maintenance is never starved by a busy writer."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from engine.locks import FileLock, LockTimeout, SiteWriteLock, writer_lock_path


def _busy_writer(db: Path, stop: threading.Event, inside: list[int], writes: list[float]) -> None:
    """Takes the lock per "host" and gives it back for a moment, as SiteWriter does between hosts."""
    lock = SiteWriteLock(db)
    while not stop.is_set():
        lock.acquire(30)
        writes.append(time.monotonic())  # when the write got the lock
        inside.append(1)
        time.sleep(0.002)
        inside.pop()
        lock.release()


def test_exclusive_holder_gets_the_site_from_a_writer_that_never_pauses(tmp_path: Path) -> None:
    db = tmp_path / "SITE.sqlite"
    stop = threading.Event()
    inside: list[int] = []
    writes: list[float] = []
    writer = threading.Thread(target=_busy_writer, args=(db, stop, inside, writes))
    writer.start()
    try:
        while len(writes) < 5:
            time.sleep(0.01)
        maintenance = SiteWriteLock(db)
        maintenance.acquire_exclusive(3)  # a plain lock loses this race for minutes
        try:
            assert not inside  # the write in progress finished first
            held_at = time.monotonic()
            time.sleep(0.3)
            assert not [t for t in writes if t >= held_at]  # and no new write got the lock
        finally:
            maintenance.release()
        before = len(writes)
        deadline = time.monotonic() + 5
        while len(writes) == before and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(writes) > before  # the writer carries on afterwards
    finally:
        stop.set()
        writer.join(10)


def test_a_writer_times_out_while_maintenance_holds_the_site(tmp_path: Path) -> None:
    db = tmp_path / "SITE.sqlite"
    maintenance = SiteWriteLock(db)
    maintenance.acquire_exclusive(1)
    try:
        with pytest.raises(LockTimeout):
            SiteWriteLock(db).acquire(0.2)
    finally:
        maintenance.release()
    writer = SiteWriteLock(db)
    writer.acquire(1)
    assert writer.held
    writer.release()


def test_maintenance_waits_for_a_plain_writer_lock_holder(tmp_path: Path) -> None:
    """Older tools and tests hold `<db>.writer.lock` directly; the exclusive entry still waits for them."""
    db = tmp_path / "SITE.sqlite"
    plain = FileLock(writer_lock_path(db))
    plain.acquire()
    maintenance = SiteWriteLock(db)
    with pytest.raises(LockTimeout):
        maintenance.acquire_exclusive(0.2)
    plain.release()
    maintenance.acquire_exclusive(1)
    maintenance.release()
    writer = SiteWriteLock(db)  # the gate was given back by the failed and the successful attempt
    writer.acquire(0.5)
    writer.release()
