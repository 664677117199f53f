"""`statetrace [--home DIR]`: the desktop app on a qasync event loop.

`build_main_window(home)` returns the ready window without entering the event loop, so tests,
the stall measurement and the screenshot driver use exactly what users get.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes.util
import multiprocessing
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from engine import __version__, logs
from engine.files import keep_new_files_private
from engine.settings import Settings, SettingsError
from engine.workspace import Workspace, resolve_home

if TYPE_CHECKING:
    from statetrace_gui.main_window import MainWindow


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="statetrace", description="StateTrace Ingest desktop app")
    parser.add_argument("--home", help="workspace folder (default: $STATETRACE_HOME, ./ with "
                                       "data/StateTraceSettings.json, else the user data folder)")
    parser.add_argument("--theme", choices=("system", "light", "dark"), help="colour scheme (default: saved, "
                                                                              "else the system's)")
    parser.add_argument("--version", action="version", version=f"StateTrace Ingest {__version__}")
    logs.add_arguments(parser)
    parser.add_argument("paths", nargs="*", type=Path,
                        help="capture files or folders to ingest once the window is open ('Open with')")
    return parser.parse_args(argv)


def display_problem(env: Mapping[str, str], platform: str = sys.platform) -> str:
    """One sentence when the window cannot open here, before Qt aborts with a misleading xcb message."""
    if not platform.startswith("linux"):
        return ""
    qpa = env.get("QT_QPA_PLATFORM", "")
    if qpa and not qpa.startswith(("xcb", "wayland")):
        return ""  # offscreen, vnc, eglfs...: the user chose, Qt reports its own errors
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return ("statetrace: no display (DISPLAY and WAYLAND_DISPLAY are unset): run it in a desktop session, "
                "over ssh -X, or use statetrace-cli for headless ingestion")
    if not env.get("WAYLAND_DISPLAY") and ctypes.util.find_library("xcb-cursor") is None:
        return ("statetrace: Qt needs the libxcb-cursor0 system library to open a window: run "
                "scripts/system-deps.sh (or: sudo apt-get install libxcb-cursor0)")
    return ""


def build_main_window(home: Path, theme: str | None = None) -> MainWindow:
    """The ready main window on workspace `home` (a QApplication must exist); not shown, no event loop."""
    from PySide6.QtWidgets import QApplication

    from statetrace_gui.main_window import MainWindow, gui_settings
    from statetrace_gui.theme import ThemeManager

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("build_main_window needs a QApplication")
    workspace = Workspace(Path(home).expanduser().resolve())
    workspace.ensure()
    problem = ""
    try:
        settings = Settings.load(workspace.settings_path)
    except SettingsError as exc:
        problem = str(exc)
        settings = Settings.defaults()
        settings.path = workspace.settings_path
    mode = theme or str(gui_settings().value("view/theme", "system") or "system")
    manager = ThemeManager(app, mode)
    window = MainWindow(workspace, settings, manager, settings_problem=problem)
    manager.setParent(window)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # parse processes of a frozen Windows app re-enter here
    args = parse_args(argv)
    problem = display_problem(os.environ)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    import qasync
    from PySide6.QtWidgets import QApplication

    from statetrace_gui.crash import show_crash

    keep_new_files_private()
    log_path = logs.setup("statetrace", logs.level_of(args))
    logs.install_excepthook(lambda info: show_crash(info, log_path))
    logs.log.info("StateTrace Ingest %s starting; log file %s", __version__, log_path, extra=logs.FILE_ONLY)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("StateTrace Ingest")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("StateTrace")
    app.setDesktopFileName("statetrace")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    window = build_main_window(resolve_home(args.home), args.theme)
    window.gc_policy.freeze_start_up()
    window.show()
    if args.paths:
        window.add_paths([p.expanduser().resolve() for p in args.paths], origin="command line")
    try:
        with loop:
            loop.run_until_complete(closed.wait())
    finally:
        asyncio.set_event_loop(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
