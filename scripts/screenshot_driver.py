#!/usr/bin/env python3
"""Drive the real window on an X display and save PNGs of it mid-ingestion (used by screenshots.sh).

    QT_QPA_PLATFORM=xcb DISPLAY=:99 .venv/bin/python scripts/screenshot_driver.py --out docs/screenshots

Ingests a generated corpus (statetrace-cli loadgen) plus data/samples into a throwaway workspace,
grabs the main window once the run is under way, then the Dashboard tab while it still runs.
With --views: two captures of one switch six weeks apart (the views tests' corpus) beside a generated
corpus, then the Find tab on a MAC that moved, the device page and one port's timeline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def wait_for(app, cond: Callable[[], bool], seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if cond():
            return True
        time.sleep(0.02)
    return cond()


def settle(app, seconds: float) -> None:  # type: ignore[no-untyped-def]
    wait_for(app, lambda: False, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--corpus", type=Path, help="transcripts to ingest (default: generate 60MB, 5 sites)")
    parser.add_argument("--size", default="60MB", help="size of the generated corpus")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--views", action="store_true", help="the analyst views instead (find, device, timeline)")
    args = parser.parse_args(argv)
    if os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb" or not os.environ.get("DISPLAY"):
        print("screenshot_driver: needs QT_QPA_PLATFORM=xcb and DISPLAY (run scripts/screenshots.sh)",
              file=sys.stderr)
        return 2

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from statetrace_gui.app import build_main_window

    if args.views:
        return views(args)
    scratch = Path(tempfile.mkdtemp(prefix="statetrace-shots-"))
    try:
        corpus = args.corpus
        if corpus is None:
            corpus = scratch / "captures"
            subprocess.run([sys.executable, "-m", "engine.cli", "loadgen", "--out", str(corpus), "--size", args.size,
                            "--sites", "5"], check=True, cwd=ROOT)
        bad = scratch / "inbox" / "meeting-notes.txt"
        bad.parent.mkdir(parents=True)
        bad.write_text("Agenda: switch refresh for building 7.\nNo CLI output in here.\n", encoding="utf-8")
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch / "qsettings"))
        app = QApplication.instance() or QApplication([sys.argv[0]])
        window = build_main_window(scratch / "home", args.theme)
        window.confirm_stop = lambda: True  # type: ignore[method-assign]
        window.resize(1480, 920)
        window.move(0, 0)
        window.show()
        settle(app, 1.0)
        window.resizeDocks([window.sites_dock], [540], Qt.Orientation.Horizontal)
        window.add_paths([ROOT / "data" / "samples", bad, corpus], "screenshots")

        def progress() -> float:
            p = window._progress
            total = p.get("total_bytes") or 0
            return (p.get("done_bytes") or 0) / total if total else 0.0

        if not wait_for(app, lambda: progress() >= 0.35 and len(window.sites.known_sites()) >= 4, 300):
            print("screenshot_driver: the ingestion did not get going", file=sys.stderr)
            return 1
        window.sites.tree.expandToDepth(0)  # prefixes open: every site visible
        wlls = window.sites._site_items.get("WLLS")
        if wlls is not None:
            wlls.setExpanded(True)  # one site open: its devices
        window.sites.select_site("WLLS")
        window.queue_panel.table.scrollToBottom()  # the newest rows: hosts being queued and written
        settle(app, 1.0)
        args.out.mkdir(parents=True, exist_ok=True)
        screen = window.screen()
        shots = {"main-window.png": window.queue_panel, "dashboard.png": window.dashboard}
        for name, tab in shots.items():
            window.tabs.setCurrentWidget(tab)
            settle(app, 2.5 if tab is window.dashboard else 0.3)
            app.processEvents()
            pixmap = screen.grabWindow(window.winId())
            if pixmap.isNull() or not pixmap.save(str(args.out / name)):
                print(f"screenshot_driver: could not save {name}", file=sys.stderr)
                return 1
            print(f"{args.out / name}: {pixmap.width()}x{pixmap.height()}, ingestion at {progress():.0%}, "
                  f"state {window.runtime.state}")
        window.close()
        wait_for(app, lambda: window._ready_to_close, 120)
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def grab(app, widget, path: Path) -> bool:  # type: ignore[no-untyped-def]
    settle(app, 0.5)
    pixmap = widget.screen().grabWindow(widget.winId())
    ok = not pixmap.isNull() and pixmap.save(str(path))
    print(f"{path}: {pixmap.width()}x{pixmap.height()}" if ok else f"screenshot_driver: could not save {path}")
    return ok


def views(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from statetrace_gui.app import build_main_window

    sys.path.insert(0, str(ROOT / "tests" / "engine" / "views"))
    from captures import HOST, ingest, write_captures

    app = QApplication.instance() or QApplication([sys.argv[0]])  # before the ingests, which reuse it
    scratch = Path(tempfile.mkdtemp(prefix="statetrace-shots-"))
    try:
        home = scratch / "home"
        corpus = scratch / "corpus"
        subprocess.run([sys.executable, "-m", "engine.cli", "loadgen", "--out", str(corpus), "--size", "5MB",
                        "--sites", "5"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        for clash in corpus.glob("WLLS*"):  # the generated WLLS switches share the captured switch's name
            clash.unlink()
        a, b = write_captures(scratch / "captures")
        ingest(home, b)
        ingest(home, a, corpus)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch / "qsettings"))
        window = build_main_window(home, args.theme)
        window.confirm_stop = lambda: True  # type: ignore[method-assign]
        window.resize(1480, 820)
        window.move(0, 0)
        window.show()
        settle(app, 1.0)
        window.show_find()
        panel = window.find_panel
        panel.search.setText("0011.2233")
        panel.run_query()
        if not wait_for(app, lambda: "site(s)" in panel.status.text(), 60):
            print("screenshot_driver: the search did not finish", file=sys.stderr)
            return 1
        args.out.mkdir(parents=True, exist_ok=True)
        ok = grab(app, window, args.out / "find.png")
        page = window.open_device("WLLS", HOST)
        page.resize(1200, 700)
        page.move(40, 40)
        if not wait_for(app, lambda: page.view_data is not None, 60):
            return 1
        page.tabs.setCurrentIndex(0)
        ok = grab(app, page, args.out / "device.png") and ok
        page.tabs.setCurrentWidget(page.neighbours_view.parentWidget())
        ok = grab(app, page, args.out / "device-neighbours.png") and ok
        page.tabs.setCurrentIndex(0)
        timeline = page.open_port("Gi1/0/2")
        timeline.resize(1000, 360)
        timeline.move(80, 120)
        wait_for(app, lambda: timeline.model.rowCount() > 0, 60)
        ok = grab(app, timeline, args.out / "port-timeline.png") and ok
        window.close()
        wait_for(app, lambda: window._ready_to_close, 120)
        return 0 if ok else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":  # parse processes are spawned: they must not run this again
    sys.exit(main())
