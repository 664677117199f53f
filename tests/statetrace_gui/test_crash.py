"""An exception in a slot of the window is logged with its traceback and shown in a dialog naming the log."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from engine import logs
from statetrace_gui.crash import show_crash


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("STATETRACE_LOG_DIR", str(tmp_path))
    hooks = (sys.excepthook, threading.excepthook)
    path = logs.setup("statetrace", logging.INFO, console=False)
    assert path is not None
    yield path
    sys.excepthook, threading.excepthook = hooks
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, logs._OURS, False)]:
        root.removeHandler(handler)
        handler.close()


def crash_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "crashDialog" and w.isVisible()]


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_logged_and_shown_with_the_log_path(qtbot, log_file: Path) -> None:  # type: ignore[no-untyped-def]
    logs.install_excepthook(lambda info: show_crash(info, log_file))

    def broken_slot() -> None:
        raise KeyError("site BOYO")

    QTimer.singleShot(0, broken_slot)
    QTimer.singleShot(0, broken_slot)  # a second failure is logged but does not stack a second dialog
    qtbot.waitUntil(lambda: bool(crash_boxes()), timeout=30_000)
    qtbot.waitUntil(lambda: log_file.read_text(encoding="utf-8").count("KeyError: 'site BOYO'") == 2,
                    timeout=30_000)
    [box] = crash_boxes()
    assert str(log_file) in box.text() and "KeyError" in box.text()
    assert "broken_slot" in box.detailedText()
    assert "unhandled exception" in log_file.read_text(encoding="utf-8")
    box.close()


def test_no_dialog_off_the_gui_thread(qtbot, log_file: Path) -> None:  # type: ignore[no-untyped-def]
    results: list[object] = []
    error = RuntimeError("in a writer thread")
    thread = threading.Thread(target=lambda: results.append(show_crash((RuntimeError, error, None), log_file)))
    thread.start()
    thread.join()
    assert results == [None] and not crash_boxes()
