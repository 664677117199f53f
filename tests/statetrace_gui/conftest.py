"""GUI test setup: offscreen Qt, private QSettings, a workspace, and windows that always shut down."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402 - the platform must be chosen before Qt is imported
from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from statetrace_gui.main_window import MainWindow  # noqa: E402


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path: Path) -> None:
    """Window geometry, folders and options go to the test's folder, never to the user's profile."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


def write_settings(home: Path, **parser: object) -> Path:
    path = home / "data" / "StateTraceSettings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"ParserSettings": parser}), encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A workspace parsing inline (one process): the same runtime, without spawn start-up per test."""
    folder = tmp_path / "home"
    write_settings(folder, ParseProcesses=1)
    return folder


@pytest.fixture
def make_window(qtbot) -> Iterator[Callable[..., MainWindow]]:  # type: ignore[no-untyped-def]
    from statetrace_gui.app import build_main_window

    windows: list[MainWindow] = []

    def build(home: Path, show: bool = True) -> MainWindow:
        window = build_main_window(home)
        window.confirm_stop = lambda: True  # type: ignore[method-assign]
        windows.append(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
        return window

    yield build
    for window in windows:
        window.confirm_stop = lambda: True  # type: ignore[method-assign]
        window.close()
        qtbot.waitUntil(lambda w=window: w._ready_to_close, timeout=60_000)
        window.deleteLater()
