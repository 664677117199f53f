"""Terminal progress bar and human-readable figures for the CLI (stderr, only on a TTY)."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1000
    return f"{n:.1f} GB"


def human_seconds(s: float) -> str:
    s = round(s)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class ProgressBar:
    """A one-line bar redrawn at most ten times a second."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self._last = 0.0

    def update(self, done: int, total: int, detail: str = "", eta: float | None = None, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < 0.1 and done < total:
            return
        self._last = now
        width = max(10, min(40, shutil.get_terminal_size((100, 20)).columns - 70))
        frac = done / total if total else 1.0
        filled = int(width * frac)
        elapsed = now - self.started
        rate = done / elapsed / 1e6 if elapsed > 0 else 0.0
        eta_text = f" ETA {human_seconds(eta)}" if eta is not None and done < total else ""
        line = (f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {frac * 100:5.1f}% "
                f"{human_bytes(done)}/{human_bytes(total)} {rate:.1f} MB/s {detail}{eta_text}")
        self.stream.write(line[: shutil.get_terminal_size((160, 20)).columns] + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
