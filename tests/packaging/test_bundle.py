"""The frozen Linux bundle: build it (or reuse a fresh dist/) and run packaging/smoke_test.sh on it.

Slow (a clean PyInstaller build is 1-2 minutes on two cores, the smoke test under a minute), so
marked `slow`; skipped only when PyInstaller is not installed (`pip install -e '.[package]'`).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "StateTraceIngest"
STAMP = BUNDLE / "BUILD-INFO.json"  # written last by packaging/build.sh
# Everything that ends up in the bundle: a change to any of it makes dist/ stale.
SOURCES = ("engine", "statetrace_gui", "packaging", "ui", "resources", "data", "pyproject.toml")


def bundle_is_fresh() -> bool:
    if not STAMP.is_file() or not (BUNDLE / "statetrace-cli").is_file():
        return False
    built = STAMP.stat().st_mtime
    for name in SOURCES:
        path = ROOT / name
        files = path.rglob("*") if path.is_dir() else [path]
        if any(f.is_file() and "__pycache__" not in f.parts and f.stat().st_mtime > built for f in files):
            return False
    return True


def test_frozen_bundle_smoke() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed: pip install -e '.[package]' (make package does)")
    if not sys.platform.startswith("linux"):
        pytest.skip("the smoke test drives the Linux bundle; Windows: docs/windows-verification.md")
    if not bundle_is_fresh():
        build = subprocess.run(["bash", "packaging/build.sh"], cwd=ROOT, capture_output=True, text=True,
                               timeout=1200)
        assert build.returncode == 0, f"build failed:\n{build.stdout[-4000:]}\n{build.stderr[-4000:]}"
    smoke = subprocess.run(["bash", "packaging/smoke_test.sh", str(BUNDLE)], cwd=ROOT, capture_output=True,
                           text=True, timeout=600)
    assert smoke.returncode == 0, f"smoke test failed:\n{smoke.stdout}\n{smoke.stderr[-4000:]}"
