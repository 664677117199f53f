"""The wheel on its own: built from the checkout, checked, installed into a fresh venv outside the checkout,
where the window opens offscreen (pytest-qt) and `statetrace-cli ingest` runs on the shipped samples.

Slow (a venv and an install of PySide6 from the pip cache), so marked `slow`; it runs in `make test`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "constraints.txt"


def run(cmd: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "STATETRACE_", "PIP_REQUIRE"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # A copy of the checkout without build/ and egg-info, so nothing stale can slip into the wheel.
    src = out / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv*", ".git", "build", "dist", "*.egg-info",
                                                             "__pycache__", ".*_cache", "workspace"))
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)], out)
    assert built.returncode == 0, built.stderr[-3000:]
    assert "Warning" not in built.stderr, built.stderr[-3000:]  # e.g. setuptools' license/packaging deprecations
    [path] = out.glob("statetrace_ingest-*.whl")
    return path


def test_wheel_passes_check_wheel_contents(wheel: Path) -> None:
    checked = run([str(Path(sys.executable).with_name("check-wheel-contents")), str(wheel)], ROOT)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_wheel_holds_the_forms_icons_settings_and_samples(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"statetrace_gui/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "ui").glob("*.ui")}
    expected |= {f"statetrace_gui/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "resources").rglob("*.svg")}
    expected |= {"engine/data/StateTraceSettings.json", "engine/py.typed"}
    expected |= {f"engine/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "data" / "samples").glob("*.log")}
    assert len(expected) > 10
    assert expected <= names, sorted(expected - names)


def test_installed_wheel_opens_the_window_and_ingests_the_samples(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    assert not venv.resolve().is_relative_to(ROOT)
    made = run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    assert made.returncode == 0, made.stderr
    py = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pins = ["-c", str(CONSTRAINTS)] if CONSTRAINTS.is_file() else []
    installed = run([str(py), "-m", "pip", "install", "-q", *pins, str(wheel), "pytest", "pytest-qt",
                     "pytest-timeout"], tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]
    check = tmp_path / "check" / "test_installed_app.py"
    check.parent.mkdir()
    shutil.copyfile(Path(__file__).with_name("installed_app_check.py"), check)
    tested = run([str(py), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--timeout", "600", str(check)],
                 check.parent)
    assert tested.returncode == 0, tested.stdout[-6000:] + tested.stderr[-3000:]
    assert "3 passed" in tested.stdout, tested.stdout[-3000:]
