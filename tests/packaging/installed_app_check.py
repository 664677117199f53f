"""Run by tests/packaging/test_wheel.py with the pytest of a fresh venv holding only the built wheel.

Not collected from the checkout (no `test_` prefix): it is copied outside the checkout, so everything it
imports comes from the installed wheel.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from PySide6.QtWidgets import QLabel, QTreeWidget

import statetrace_gui
from statetrace_gui.about import AboutDialog
from statetrace_gui.app import build_main_window
from statetrace_gui.paths import icon


def test_imports_come_from_the_installed_wheel() -> None:
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert Path(statetrace_gui.__file__).resolve().is_relative_to(site), statetrace_gui.__file__


def test_window_opens_with_its_forms_and_icons(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(tmp_path / "ws")
    window.confirm_stop = lambda: True
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert isinstance(window.findChild(QTreeWidget, "siteTree"), QTreeWidget)
    assert not icon("app").isNull() and not window.windowIcon().isNull()
    about = AboutDialog(str(tmp_path), window)  # loads ui/about_form.ui through QUiLoader
    qtbot.addWidget(about)
    label = about.findChild(QLabel, "iconLabel")
    assert label is not None and not label.pixmap().isNull()
    window.close()
    qtbot.waitUntil(lambda: window._ready_to_close, timeout=60_000)


def test_cli_ingests_the_shipped_samples(tmp_path: Path) -> None:
    samples = Path(str(importlib.resources.files("engine.data").joinpath("samples")))
    assert sorted(p.name for p in samples.glob("*.log")), samples
    cli = Path(sys.executable).with_name("statetrace-cli")
    run = subprocess.run([str(cli), "ingest", str(samples), "--home", str(tmp_path / "ws"), "--json"],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path,
                         env={**os.environ, "STATETRACE_HOME": ""})
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads(run.stdout)
    assert summary["files"] == len(list(samples.glob("*.log")))
    assert summary["hosts"] >= 1 and summary["parsed"] == summary["hosts"] and not summary["failures"]
    assert all(Path(site["db_path"]).is_file() for site in summary["sites"].values())
