"""A full disk (a size-limited tmpfs as --home, when the suite runs as root): the run fails with a clear
message and no traceback, every database stays intact, and once there is room the next run heals to
exactly the rows of a run that never ran out of space."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_crash_injection import assert_sound, ingest_args, rows

from engine.loadgen import generate_corpus

pytestmark = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None,
    reason="needs root to mount a size-limited tmpfs (run the suite as root, e.g. in CI's container)")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1200k", "tmpfs", str(mount)], capture_output=True,
                          text=True)
    if proc.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_fails_cleanly_and_the_next_run_heals(small_disk: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, 3_000_000, 3, seed=41, workers=1)
    ref = tmp_path / "ref"
    subprocess.run([sys.executable, "-m", "engine.cli", *ingest_args(corpus, ref)], check=True, capture_output=True)
    home = small_disk / "home"
    env = {**os.environ, "STATETRACE_LOG_DIR": str(small_disk / "logs")}
    proc = subprocess.run([sys.executable, "-m", "engine.cli", *ingest_args(corpus, home)], capture_output=True,
                          text=True, timeout=600, env=env)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out[-2000:]
    assert "Traceback" not in out, out[-4000:]
    assert "full" in out.lower() or "no space" in out.lower(), out[-2000:]
    # Room first, then the check: opening a WAL database creates its -shm file, which a full disk may refuse
    # ("disk I/O error"); the files themselves are exactly as the failed run left them.
    subprocess.run(["mount", "-o", "remount,size=256m", str(small_disk)], check=True)
    assert_sound(home)
    proc = subprocess.run([sys.executable, "-m", "engine.cli", *ingest_args(corpus, home)], capture_output=True,
                          text=True, timeout=600, env=env)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-2000:]
    assert_sound(home)
    assert rows(home) == rows(ref)
