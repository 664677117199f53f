"""The entry point: --version, the window's parts, the About dialog, the Maintenance slot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTableView, QTreeWidget, QWidget

from engine import __version__
from statetrace_gui.about import AboutDialog, ShortcutsDialog
from statetrace_gui.app import display_problem, parse_args


def test_version_flag_prints_the_engine_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(["--version"])
    assert exited.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_version_flag_needs_no_display() -> None:
    out = subprocess.run([sys.executable, "-c", "import sys; from statetrace_gui.app import main; "
                          "sys.exit(main(['--version']))"], capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "none-such"})
    assert out.returncode == 0, out.stderr
    assert f"StateTrace Ingest {__version__}" in out.stdout


def test_without_a_display_the_app_says_so_in_one_line() -> None:
    """`make run` on a server: one sentence and exit 2, not Qt's xcb-cursor message and an abort."""
    out = subprocess.run([sys.executable, "-c", "import sys; from statetrace_gui.app import main; sys.exit(main([]))"],
                         capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "", "HOME": os.environ.get("HOME", "/")})
    if not sys.platform.startswith("linux"):
        pytest.skip("a Linux display check")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "statetrace-cli" in lines[0], out.stderr
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") == ""
    assert display_problem({}, "win32") == ""


def test_build_main_window_returns_the_ready_window(make_window, home: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(home, show=False)
    assert isinstance(window, QMainWindow)
    assert isinstance(window.findChild(QTreeWidget, "siteTree"), QTreeWidget)
    assert isinstance(window.findChild(QTableView, "queueTable"), QTableView)
    for name in ("backlogChart", "latencyChart", "throughputChart", "logPanel"):
        assert window.findChild(QWidget, name) is not None, name
    maintenance = window.findChild(QWidget, "maintenanceTab") or window.findChild(QLabel, "maintenancePlaceholder")
    assert maintenance is not None and window.tabs.indexOf(maintenance) == 3
    assert window.runtime.state == "idle"
    assert str(home.resolve()) in window.windowTitle()


def test_about_dialog_shows_the_version(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog("/some/home")
    qtbot.addWidget(dialog)
    assert dialog.version_label.text() == f"Version {__version__}"


def test_shortcuts_dialog_lists_ctrl_f_in_aligned_columns(make_window, home: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(home)
    shown: list[ShortcutsDialog] = []

    def grab() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ShortcutsDialog)
        shown.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, grab)
    window.act_shortcuts.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    table = shown[0].table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Filter the queue"] == "Ctrl+Shift+F" and rows["Find across sites"] == "Ctrl+F"
    assert rows["Settings"] == "Ctrl+," and rows["Pause"] == "Ctrl+P"
    # One column per field: every shortcut starts at the same x, whatever the action's name.
    assert table.columnCount() == 2 and all(not table.item(r, 0).text().startswith("Ctrl")
                                           for r in range(table.rowCount()))


def test_window_geometry_and_tab_are_remembered(make_window, home: Path) -> None:  # type: ignore[no-untyped-def]
    first = make_window(home)
    first.resize(760, 700)  # the offscreen screen is small: stay inside it
    size = first.size()
    assert size != second_default_size(first)
    first.tabs.setCurrentIndex(2)
    first.close()
    second = make_window(home)
    assert second.tabs.currentIndex() == 2
    assert second.size() == size


def second_default_size(window):  # type: ignore[no-untyped-def]
    return window.sizeHint()


def test_main_runs_the_qasync_loop_until_the_window_closes(tmp_path: Path) -> None:
    """`statetrace --home DIR` end to end in its own process: window up, closed, runtime stopped, exit 0."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QSettings, QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        f"QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {str(tmp_path / 'qs')!r})\n"
        "app = QApplication([])\n"
        "from statetrace_gui.app import main\n"
        "from statetrace_gui.main_window import MainWindow\n"
        "def close():\n"
        "    shown = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]\n"
        "    print('windows', len(shown), flush=True)\n"
        "    for w in shown:\n"
        "        w.close()\n"
        "QTimer.singleShot(3000, close)\n"
        f"sys.exit(main(['--home', {str(tmp_path / 'home')!r}]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert "windows 1" in out.stdout
    assert (tmp_path / "home" / "data").is_dir()


def test_the_sites_dock_is_wide_enough_and_never_comes_back_35_px_wide(make_window, home: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    first = make_window(home)
    wanted = min(first.sites.default_width(), max(200, first.width() * 2 // 5))
    qtbot.waitUntil(lambda: first.sites_dock.width() >= wanted - 4, timeout=10_000)  # every column fits
    first.resizeDocks([first.sites_dock], [35], Qt.Orientation.Horizontal)  # e.g. saved at another scale
    qtbot.waitUntil(lambda: first.sites_dock.width() < 100, timeout=10_000)  # as narrow as Qt lets it
    first.close()
    second = make_window(home)  # the small offscreen screen clips it to 800 px: the centre keeps its minimum
    room = second.width() - second.centralWidget().minimumSizeHint().width() - 16
    qtbot.waitUntil(lambda: second.sites_dock.width() >= min(wanted, room) * 3 // 4, timeout=10_000)
    assert second.sites_dock.width() > 140
