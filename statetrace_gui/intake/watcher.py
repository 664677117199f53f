"""The watched incoming folder: files that appear (and have stopped growing) are handed over.

QFileSystemWatcher only says "the folder changed"; the listing runs on a pool thread, and a file
is ready when its size and mtime are the same in two listings `SETTLE_MS` apart, so a transcript
still being copied is not ingested half-written.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from statetrace_gui.intake.classify import is_candidate
from statetrace_gui.workers import run_in_background

log = logging.getLogger("statetrace_gui.intake")
SETTLE_MS = 1500
Listing = dict[str, tuple[int, float]]


def list_folder(folder: str) -> Listing:
    """Transcript candidates directly in `folder`: path -> (size, mtime)."""
    out: Listing = {}
    with os.scandir(folder) as it:
        for entry in it:
            if entry.is_file() and is_candidate(entry.name):
                st = entry.stat()
                out[entry.path] = (st.st_size, st.st_mtime)
    return out


class IncomingWatcher(QObject):
    sig_files_ready = Signal(list)  # list[Path]
    sig_error = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = ""
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._list)
        self._previous: Listing = {}
        self._handed: Listing = {}
        self._listing = False

    @property
    def active(self) -> bool:
        return bool(self.folder)

    def start(self, folder: Path) -> bool:
        self.stop()
        folder.mkdir(parents=True, exist_ok=True)
        if not self._watcher.addPath(str(folder)):
            self.sig_error.emit(f"cannot watch {folder}")
            return False
        self.folder = str(folder)
        self._previous, self._handed = {}, {}
        self._list()
        return True

    def stop(self) -> None:
        if self.folder:
            self._watcher.removePath(self.folder)
        self.folder = ""
        self._timer.stop()

    def _changed(self, _path: str) -> None:
        self._timer.start()

    def _list(self) -> None:
        if not self.folder or self._listing:
            return
        self._listing = True
        folder = self.folder
        run_in_background(list_folder, folder, on_result=lambda listing: self._listed(folder, listing),
                          on_error=self._failed)

    def _failed(self, message: str) -> None:
        self._listing = False
        self.sig_error.emit(f"cannot list {self.folder}: {message}")

    def _listed(self, folder: str, listing: Listing) -> None:
        self._listing = False
        if folder != self.folder:
            return
        ready: list[Path] = []
        unsettled = False
        for path, stamp in listing.items():
            if self._handed.get(path) == stamp:
                continue
            if self._previous.get(path) == stamp:
                ready.append(Path(path))
                self._handed[path] = stamp
            else:
                unsettled = True
        self._previous = listing
        if unsettled:
            self._timer.start()
        if ready:
            self.sig_files_ready.emit(sorted(ready))
