"""Cross-process advisory file locks (fcntl on POSIX, msvcrt on Windows).

Used for "exactly one writer per database across threads and processes" and for appends to shared
telemetry and history files; the lock file sits beside what it protects.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from types import TracebackType


class LockTimeout(TimeoutError):
    pass


class FileLock:
    """An exclusive lock on `<path>`; re-entrant within one thread is not supported on purpose."""

    _local_guard = threading.Lock()
    _held: set[str] = set()

    def __init__(self, path: Path, timeout: float = 30.0, poll: float = 0.05) -> None:
        self.path = path
        self.timeout = timeout
        self.poll = poll
        self._fd: int | None = None
        self._key: str | None = None  # resolved once: a writer takes its site's lock for every host

    def acquire(self, timeout: float | None = None) -> None:
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        if self._key is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._key = str(self.path.resolve())
        key = self._key
        delay = self.poll
        while True:
            with FileLock._local_guard:
                if key not in FileLock._held:
                    try:
                        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
                    except FileNotFoundError:  # the folder went away since the first acquire
                        self.path.parent.mkdir(parents=True, exist_ok=True)
                        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
                    if _try_lock(fd):
                        FileLock._held.add(key)
                        self._fd = fd
                        return
                    os.close(fd)
            if time.monotonic() >= deadline:
                raise LockTimeout(f"{self.path} is held by another writer")
            time.sleep(delay)
            delay = min(delay * 1.5, 0.5)

    def release(self) -> None:
        if self._fd is None:
            return
        with FileLock._local_guard:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None
            FileLock._held.discard(self._key or str(self.path.resolve()))

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def writer_lock_path(db_path: Path) -> Path:
    """Held by whoever writes the database: the ingestion writer per host, maintenance per site."""
    return db_path.with_name(db_path.name + ".writer.lock")


def gate_lock_path(db_path: Path) -> Path:
    """The turnstile in front of the writer lock (see `SiteWriteLock`)."""
    return db_path.with_name(db_path.name + ".gate.lock")


class SiteWriteLock:
    """The writer lock of one site database, taken through a turnstile so an exclusive holder is never starved.

    A writer takes the lock for every host and gives it back between hosts; a plain lock would let a
    busy writer re-take it before a waiting maintenance run polls again, for minutes. Writers therefore
    pass the gate on the way in (held only while they wait for the writer lock) and maintenance holds
    the gate while it waits and works: once maintenance is at the gate, new writes queue behind it and
    it gets the site after the write in progress.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._gate = FileLock(gate_lock_path(db_path))
        self._lock = FileLock(writer_lock_path(db_path))
        self._exclusive = False

    def acquire(self, timeout: float) -> None:
        """Shared-path entry for one write: pass the gate, take the writer lock, leave the gate."""
        deadline = time.monotonic() + timeout
        self._gate.acquire(timeout)
        try:
            self._lock.acquire(max(0.0, deadline - time.monotonic()))
        finally:
            self._gate.release()

    def acquire_exclusive(self, timeout: float) -> None:
        """Maintenance entry: keep the gate so no new write starts, then wait for the current one."""
        deadline = time.monotonic() + timeout
        self._gate.acquire(timeout)
        try:
            self._lock.acquire(max(0.0, deadline - time.monotonic()))
        except BaseException:
            self._gate.release()
            raise
        self._exclusive = True

    def release(self) -> None:
        try:
            self._lock.release()
        finally:
            if self._exclusive:  # whatever happened above, never leave writers shut out
                self._exclusive = False
                self._gate.release()

    @property
    def held(self) -> bool:
        return self._lock.held
