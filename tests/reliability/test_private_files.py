"""Databases, backups, logs and telemetry are created readable by the user alone (POSIX)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_everything_the_cli_creates_is_private(tmp_path: Path) -> None:
    home, logs = tmp_path / "home", tmp_path / "logs"
    env = {**os.environ, "STATETRACE_LOG_DIR": str(logs)}
    run = [sys.executable, "-m", "engine.cli"]
    for args in (["ingest", str(DATA), "--home", str(home), "--processes", "1"],
                 ["maintain", "--backup", "--home", str(home)]):
        proc = subprocess.run(run + args, capture_output=True, text=True, timeout=300, env=env, umask=0o022)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    created = [p for p in [*home.rglob("*"), *logs.rglob("*")] if not p.is_symlink()]
    assert any(p.suffix == ".sqlite" for p in created) and any("backup" in str(p).lower() for p in created)
    assert any(p.suffix == ".log" for p in logs.rglob("*"))
    loose = [f"{p} {stat.filemode(p.stat().st_mode)}" for p in created
             if stat.S_IMODE(p.stat().st_mode) & 0o077]
    assert loose == []


def test_a_killed_backups_partial_file_is_cleaned_by_the_next_backup(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "STATETRACE_LOG_DIR": str(tmp_path / "logs")}
    run = [sys.executable, "-m", "engine.cli"]
    for args in (["ingest", str(DATA), "--home", str(home), "--processes", "1"],
                 ["maintain", "--backup", "--site", "WLLS", "--home", str(home)]):
        subprocess.run(run + args, capture_output=True, text=True, timeout=300, env=env, check=True)
    backup = next(p for p in home.rglob("WLLS_*.sqlite") if "Backups" in p.parts)
    stale = backup.with_name("WLLS-20260101-000000.sqlite.partial")
    stale.write_bytes(b"half a copy")
    subprocess.run([*run, "maintain", "--backup", "--site", "WLLS", "--home", str(home)], capture_output=True,
                   text=True, timeout=300, env=env, check=True)
    assert not stale.exists()
