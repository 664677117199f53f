"""The console scripts' targets import nothing until they run: every spawned parse process imports the
script that started its parent, so whatever the target module imports, each of them pays for."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_by(module: str) -> set[str]:
    code = f"import sys; before = set(sys.modules); import {module}; print(' '.join(set(sys.modules) - before))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(out.stdout.split())


def test_the_console_scripts_point_at_the_light_launchers() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert scripts["scripts"]["statetrace-cli"] == "engine.launch:cli"
    assert scripts["gui-scripts"]["statetrace"] == "statetrace_gui.launch:main"


def test_importing_a_launcher_loads_neither_the_cli_nor_the_window() -> None:
    for launcher in ("engine.launch", "statetrace_gui.launch"):
        heavy = {m for m in imported_by(launcher)
                 if m.split(".")[0] in ("pydantic", "PySide6", "argparse", "importlib") or m == "engine.cli"}
        assert heavy == set(), launcher


def test_the_cli_launcher_runs_the_cli() -> None:
    out = subprocess.run([sys.executable, "-c", "import sys; from engine.launch import cli; sys.argv[1:] = "
                          "['--version']; cli()"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "StateTrace Ingest" in out.stdout
