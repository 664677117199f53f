"""The window's report of an unhandled exception: a dialog that says where the log file with the traceback is.

A frozen windowed build has no console, so without this an exception in a slot vanishes. The exception is
logged by `engine.logs.install_excepthook` first; this only shows it (one dialog at a time, never modal).
"""

from __future__ import annotations

import threading
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from engine.logs import ExcInfo

_open: list[QMessageBox] = []


def show_crash(info: ExcInfo, log_path: Path | None) -> QMessageBox | None:
    """A non-modal error box naming the log file, the traceback under "Show Details"; None when it cannot be
    shown here (no QApplication, not the GUI thread) or one is already open."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or threading.current_thread() is not threading.main_thread():
        return None
    if any(box.isVisible() for box in _open):
        return None  # an exception per repaint must not stack dialogs; every one is in the log
    _open.clear()
    kind, exc, tb = info
    where = f"The details are in the log file:\n{log_path}" if log_path else "No log file could be written."
    box = QMessageBox(QMessageBox.Icon.Critical, "StateTrace Ingest: unexpected error",
                      f"Something went wrong: {kind.__name__}: {exc}\n\n{where}\n\n"
                      "Work already written is kept; please send the log file with a description of what "
                      "you were doing.", QMessageBox.StandardButton.Ok, app.activeWindow())
    box.setObjectName("crashDialog")
    box.setDetailedText("".join(traceback.format_exception(kind, exc, tb)))
    _open.append(box)
    box.open()
    return box
