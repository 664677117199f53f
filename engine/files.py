"""Replace a file's content atomically: readers see the old file or the new one, never a torn write; and
tell whether a file is still the one last seen."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_text_atomically(path: Path, text: str, encoding: str = "utf-8", newline: str | None = None) -> None:
    """Write to a unique temporary file beside `path`, then rename it over `path` (removed on failure,
    so a full disk leaves no stray temporary files)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def keep_new_files_private() -> None:
    """Files and folders this process creates (databases, backups, logs, telemetry, history) are readable
    by the user alone on POSIX: device configurations and topology are not for every local account."""
    if os.name == "posix":
        os.umask(0o077)


def stat_identity(st: os.stat_result) -> tuple[int, ...]:
    """What changes when anything writes or replaces a file: size, modification and change times (ns),
    inode and device. On POSIX a write moves the change time even when the writer puts the modification
    time back; Windows reports the creation time as `st_ctime`, so there it does not."""
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev
