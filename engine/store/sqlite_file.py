"""A SQLite site file's life outside SQLite: created whole (never half), checked before it is written into.

A new database is built beside its final name (schema committed, WAL mode set, mode 0600) and linked
into place in one step, so a run killed at any point leaves either no file or a complete one, never an
empty file without tables. An existing file is checked on open, cheaply: header and page arithmetic,
`PRAGMA quick_check` while the file is small enough for it to cost well under a second, and the schema
present. A damaged file is refused with `DamagedDatabase` (the writer then marks it corrupt).

quick_check reads every page, so it is skipped for a file exactly as a writer of this program left it at
a clean close less than a day ago (`record_clean_close`): same size, modification and change times,
inode, and no WAL. Anything else that touched the file since (another program, a restore, a crash with
frames in the WAL) gets the check. Nor is it repeated while a writer of this process holds the file open
(each writer thread has its own connection to a site): the last of them to close stamps it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from engine.files import stat_identity
from engine.store.base import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
# quick_check reads every page: about 0.3 s per 100 MB on a warm cache, so files up to this size get it.
QUICK_CHECK_MAX_BYTES = 128 * 1024 * 1024
PRIVATE_FILE_MODE = 0o600
# The file beside a database that holds its identity at the last clean close (`record_clean_close`).
CLEAN_STAMP_SUFFIX = ".clean"
# A file left alone for longer than this gets quick_check again (damage at rest shows within a day).
CLEAN_TRUST_SECONDS = 24 * 3600
# Stamps need a change time that every write moves (POSIX st_ctime; Windows reports the creation time).
STAMPS_TRUSTED = os.name == "posix"


class DamagedDatabase(StoreError):
    """The site file is damaged or not a StateTrace database; nothing was written into it."""


def damaged(path: Path, problem: str) -> DamagedDatabase:
    return DamagedDatabase(
        f"{path} is corrupt: {problem}. Nothing was written into it. Restore a backup "
        f"(statetrace-cli maintain --restore {path.stem}), or move the file aside to start an empty database")


def sqlite_header_problems(path: Path) -> list[str]:
    """Structural checks SQLite itself may not report: wrong magic, truncated file, torn last page.

    They read the file outside SQLite's locks, so they judge only a file at rest. While the WAL holds
    frames, another connection may be checkpointing them: the file grows page by page, and the WAL is
    emptied or deleted only once the file is whole. So the WAL is looked at first (a file read after
    an empty WAL is whole) and again after the read; with frames in it, only quick_check judges.
    """
    wal_before = _wal_size(path)  # first: a checkpoint ends by emptying the WAL, after the file is whole
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        return [f"cannot read {path}: {exc}"]
    if size == 0:
        return [f"{path} is empty"]
    if header[:16] != SQLITE_HEADER:
        return [f"{path} has no SQLite header (overwritten, or not a SQLite database)"]
    if wal_before > 0:
        # A checkpoint cut short (a full disk, a kill) or still running leaves the file short of its
        # header's page count while the WAL still holds every page: SQLite completes it.
        return []
    problems = _page_problems(path, size, header)
    if problems and (_wal_size(path) > 0 or _size(path) != size):
        return []  # a writer and a checkpoint came in while the file was read: not at rest
    return problems


def _page_problems(path: Path, size: int, header: bytes) -> list[str]:
    if len(header) < 100:
        return [f"{path} is truncated inside its header ({size} bytes)"]
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return [f"{path} has an invalid page size {page_size}"]
    if size % page_size:
        return [f"{path} is truncated: {size} bytes is not a whole number of {page_size}-byte pages"]
    pages = int.from_bytes(header[28:32], "big")
    change_counter = header[24:28]
    valid_for = header[92:96]
    if pages and change_counter == valid_for and size < pages * page_size:
        return [f"{path} is truncated: header says {pages} pages ({pages * page_size} bytes), "
                f"file has {size} bytes"]
    return []


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _wal_size(path: Path) -> int:
    try:
        return path.with_name(path.name + "-wal").stat().st_size
    except OSError:
        return 0


def check_before_open(path: Path) -> bool:
    """True when `path` exists (and passed the header checks); False when a new file must be built."""
    try:
        path.stat()
    except FileNotFoundError:
        return False
    problems = sqlite_header_problems(path)
    if problems:
        raise damaged(path, problems[0].removeprefix(f"{path} "))
    return True


def check_after_open(conn: sqlite3.Connection, path: Path, tables: set[str]) -> None:
    """quick_check (small files) and the schema: a file with tables but no DeviceSummary is not ours."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size <= QUICK_CHECK_MAX_BYTES and not _held_open(path) and not clean_since_close(path):
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(3)").fetchall()]
        if rows != ["ok"]:
            raise damaged(path, "quick_check found " + "; ".join(rows))
    if tables and "DeviceSummary" not in tables:
        raise damaged(path, "it has tables but no DeviceSummary (not a StateTrace database)")


# Files a writer of this process has open, checked when the first of them opened: key -> connections.
_OPEN_WRITERS: dict[str, int] = {}
_OPEN_LOCK = threading.Lock()


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _held_open(path: Path) -> bool:
    with _OPEN_LOCK:
        return _OPEN_WRITERS.get(_key(path), 0) > 0


def note_writer_open(path: Path) -> None:
    """A writer's connection to `path` passed its checks and is open."""
    with _OPEN_LOCK:
        key = _key(path)
        _OPEN_WRITERS[key] = _OPEN_WRITERS.get(key, 0) + 1


def note_writer_closed(path: Path, stamp: bool) -> None:
    """A writer's connection to `path` closed; when it was the last one of this process and `stamp`
    (its close was clean), stamp the file (`record_clean_close`). Under the lock, so no writer of this
    process opens the file between the count reaching zero and the stamp."""
    with _OPEN_LOCK:
        key = _key(path)
        left = _OPEN_WRITERS.get(key, 0) - 1
        if left > 0:
            _OPEN_WRITERS[key] = left
        else:
            _OPEN_WRITERS.pop(key, None)
            if stamp:
                record_clean_close(path)


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + CLEAN_STAMP_SUFFIX)


def record_clean_close(path: Path) -> bool:
    """After a writer closed `path` with every WAL frame folded in: remember the file's identity, so
    the next writer to open it may skip quick_check. False (and no stamp) when that cannot be told
    safely: frames still in the WAL (a reader holds it), or the file's last change in the same clock
    tick as the stamp (a change in that tick could not be told from ours), or the file changing while
    the stamp was written.

    Two tries a few milliseconds apart, so a close right after a write usually gets its stamp. Never on
    Windows: there `st_ctime` is the creation time, so a program that writes into the file and puts its
    modification time back would go unseen; the check runs on every open, as before stamps."""
    stamp = _stamp_path(path)
    for attempt in range(2 if STAMPS_TRUSTED else 0):
        if attempt:
            time.sleep(0.02)
        try:
            if _wal_size(path) > 0:
                break
            before = path.stat()
            stamp.write_text(json.dumps({"identity": stat_identity(before), "closed": time.time()}),
                             encoding="utf-8")
            stamped, after = stamp.stat(), path.stat()
        except OSError:
            break
        if stat_identity(after) == stat_identity(before) and stamped.st_mtime_ns > before.st_mtime_ns:
            return True
    with contextlib.suppress(OSError):
        stamp.unlink()
    return False


def clean_since_close(path: Path) -> bool:
    """True when `path` is as a writer's clean close left it, under a day ago. The stamp is removed
    either way: from here on a writer has the file open, and only its own clean close stamps it again."""
    stamp = _stamp_path(path)
    try:
        stamped = stamp.stat()
        data = json.loads(stamp.read_text(encoding="utf-8"))
        current = path.stat()
    except (OSError, ValueError):
        return False
    finally:
        with contextlib.suppress(OSError):
            stamp.unlink()
    if not STAMPS_TRUSTED or not isinstance(data, dict) or data.get("identity") != list(stat_identity(current)):
        return False
    if _wal_size(path) > 0:
        return False
    closed = data.get("closed")
    if not isinstance(closed, (int, float)) or not 0 <= time.time() - closed < CLEAN_TRUST_SECONDS:
        return False
    return stamped.st_mtime_ns > current.st_mtime_ns


def create_atomically(path: Path, build: Callable[[sqlite3.Connection], None]) -> None:
    """Build a new database beside `path` and link it into place; a file another process created
    first wins (ours is discarded), and a kill at any point leaves no partial file under `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(path)
    tmp = path.with_name(f".{path.name}.new-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE))
    try:
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            build(conn)
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # atomic and never replaces a database created meanwhile
        except FileExistsError:
            pass
        except OSError:
            if not path.exists():
                os.replace(tmp, path)  # file systems without hard links
        _fsync_dir(path.parent)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _remove_stale_builds(path: Path) -> None:
    """Builds left by killed processes (their pid no longer runs) are deleted."""
    for stale in path.parent.glob(f".{path.name}.new-*"):
        pid_text = stale.name.rsplit("-", 1)[-1]
        if not pid_text.isdecimal() or int(pid_text) == os.getpid() or _pid_alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            stale.unlink()


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # leave it: Windows has no cheap signal-0 probe
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
