"""A killed or interrupted run leaves every database consistent, and the next run completes the work."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.loadgen import generate_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate_corpus(out, 4_000_000, 3, seed=21)
    return out


def hosts_in_corpus(corpus: Path) -> int:
    return int(json.loads((corpus / "manifest.json").read_text())["hosts"])


def start(corpus: Path, home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "engine.cli", "ingest", str(corpus), "--home", str(home),
                             "--processes", "1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def written_hosts(home: Path) -> int:
    total = 0
    for db in (home / "data").glob("*/*.sqlite"):
        try:
            with sqlite3.connect(db, timeout=5) as conn:
                total += conn.execute("SELECT COUNT(*) FROM DeviceSummary").fetchone()[0]
        except sqlite3.Error:
            pass
    return total


def wait_for_some_writes(home: Path, proc: subprocess.Popen[str], at_least: int = 3) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and written_hosts(home) < at_least:
        time.sleep(0.05)


def stopped_mid_run(corpus: Path, root: Path, stop: Callable[[subprocess.Popen[str]], None],
                    mid_run: Callable[[Path, int, str], bool]) -> tuple[Path, int, str]:
    """Start a run, `stop` it once some hosts are written, until `mid_run` says it was stopped before the
    end: on a fast moment of the machine the run may finish first, and then it is started again afresh."""
    for attempt in range(10):
        home = root / f"home{attempt}"
        proc = start(corpus, home)
        wait_for_some_writes(home, proc)
        stop(proc)
        out = proc.communicate(timeout=120)[0]
        if mid_run(home, proc.returncode, out):
            return home, proc.returncode, out
        assert_consistent(home)  # a run that ended before the stop landed is whole as well
    pytest.fail("every run finished before it could be stopped")


def assert_consistent(home: Path) -> int:
    hosts = 0
    for db in (home / "data").glob("*/*.sqlite"):
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            for host, ports in conn.execute("SELECT Hostname, Ports FROM DeviceSummary"):
                stored = conn.execute("SELECT COUNT(*) FROM Interfaces WHERE Hostname=?", (host,)).fetchone()[0]
                assert stored == ports, host  # never half a host
                hosts += 1
    return hosts


@pytest.mark.slow
def test_killed_run_heals_on_the_next_run(corpus: Path, tmp_path: Path) -> None:
    home, _, _ = stopped_mid_run(corpus, tmp_path, lambda proc: proc.kill(),
                                 lambda home, _code, _out: assert_consistent(home) < hosts_in_corpus(corpus))
    partial = assert_consistent(home)
    assert partial < hosts_in_corpus(corpus)
    again = start(corpus, home)
    out = again.communicate(timeout=300)[0]
    assert again.returncode == 0, out
    assert assert_consistent(home) == hosts_in_corpus(corpus)


@pytest.mark.slow
def test_ctrl_c_stops_cleanly(corpus: Path, tmp_path: Path) -> None:
    home, code, out = stopped_mid_run(corpus, tmp_path, lambda proc: proc.send_signal(signal.SIGINT),
                                      lambda _home, _code, out: "Interrupted:" in out)  # the cancelled summary
    assert code == 130, out
    assert "Interrupted" in out
    assert_consistent(home)
    again = start(corpus, home)
    out = again.communicate(timeout=300)[0]
    assert again.returncode == 0, out
    assert assert_consistent(home) == hosts_in_corpus(corpus)
