"""A real `statetrace-cli` process SIGKILLed at random points (cold ingest, incremental ingest, maintenance
backup and compaction): every database passes integrity_check, its history agrees with its rows, and the
next run converges to exactly the rows of an uninterrupted run. Rounds: STATETRACE_KILL_ROUNDS (make soak)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.loadgen import generate_corpus

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
ROUNDS = int(os.environ.get("STATETRACE_KILL_ROUNDS", "1"))
TABLES = ("DeviceSummary", "Interfaces", "SpanInfo", "DeviceHistory", "InterfaceHistory", "SpanHistory")
VOLATILE = {"ID", "RunDate", "LastUpdated"}  # ingest timestamps and row ids differ between runs


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("corpora")
    generate_corpus(base / "v1", 3_000_000, 3, seed=31, workers=1)
    generate_corpus(base / "v2", 3_000_000, 3, seed=31, mutate_pct=30, workers=1)
    return base / "v1", base / "v2"


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "engine.cli", *args]


def run(*args: str) -> None:
    proc = subprocess.run(cli(*args), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


def ingest_args(corpus: Path, home: Path) -> tuple[str, ...]:
    return ("ingest", str(corpus), "--home", str(home), "--processes", "1")


def rows(home: Path) -> dict[str, list[tuple[object, ...]]]:
    out: dict[str, list[tuple[object, ...]]] = {}
    for db in sorted((home / "data").glob("*/*.sqlite")):
        with sqlite3.connect(db) as conn:
            for table in TABLES:
                cols = [r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))
                        if r[1] not in VOLATILE]
                quoted = ", ".join(f'"{c}"' for c in cols)
                out[f"{db.stem}.{table}"] = sorted(conn.execute(f'SELECT {quoted} FROM "{table}"').fetchall(),
                                                   key=repr)
    return out


def assert_sound(home: Path) -> None:
    """integrity_check, never half a host, and every current row has its history."""
    for db in (home / "data").glob("*/*.sqlite"):
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], db
            for host, ports in conn.execute("SELECT Hostname, Ports FROM DeviceSummary").fetchall():
                assert conn.execute("SELECT COUNT(*) FROM Interfaces WHERE Hostname = ?", (host,)).fetchone()[0] \
                    == ports, host
                assert conn.execute("SELECT COUNT(*) FROM DeviceHistory WHERE Hostname = ?", (host,)).fetchone()[0]
            orphans = conn.execute(
                "SELECT COUNT(*) FROM Interfaces i WHERE NOT EXISTS (SELECT 1 FROM InterfaceHistory h "
                "WHERE h.Hostname = i.Hostname AND h.Port = i.Port)").fetchone()[0]
            assert orphans == 0, db


def kill_at_random(args: tuple[str, ...], longest: float, rng: random.Random) -> float:
    """Start the command, SIGKILL it after a random share of `longest` seconds; returns the delay."""
    delay = rng.uniform(0.05, max(0.1, longest))
    proc = subprocess.Popen(cli(*args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(60)
    return delay


def timed(*args: str) -> float:
    t0 = time.monotonic()
    run(*args)
    return time.monotonic() - t0


@pytest.mark.slow
def test_killed_cold_and_incremental_ingests_converge(corpora: tuple[Path, Path], tmp_path: Path) -> None:
    v1, v2 = corpora
    ref = tmp_path / "ref"
    cold_s = timed(*ingest_args(v1, ref))
    cold_rows = rows(ref)
    incr_s = timed(*ingest_args(v2, ref))
    incr_rows = rows(ref)
    rng = random.Random(int(os.environ.get("STATETRACE_KILL_SEED", "13")))
    for round_no in range(ROUNDS):
        home = tmp_path / f"cold{round_no}"
        delay = kill_at_random(ingest_args(v1, home), cold_s, rng)
        if (home / "data").is_dir():
            assert_sound(home)
        run(*ingest_args(v1, home))
        assert_sound(home)
        assert rows(home) == cold_rows, f"cold round {round_no}, killed after {delay:.2f} s"

        delay = kill_at_random(ingest_args(v2, home), incr_s, rng)
        assert_sound(home)
        run(*ingest_args(v2, home))
        assert_sound(home)
        assert rows(home) == incr_rows, f"incremental round {round_no}, killed after {delay:.2f} s"
        shutil.rmtree(home)


@pytest.mark.slow
def test_killed_backup_and_compaction_leave_the_databases_whole(corpora: tuple[Path, Path], tmp_path: Path) -> None:
    v1, _v2 = corpora
    home = tmp_path / "home"
    run(*ingest_args(v1, home))
    before = rows(home)
    maintain = ("maintain", "--backup", "--compact", "--force", "--home", str(home))
    longest = timed(*maintain)
    rng = random.Random(int(os.environ.get("STATETRACE_KILL_SEED", "13")) + 1)
    for round_no in range(ROUNDS):
        delay = kill_at_random(maintain, longest, rng)
        assert_sound(home)
        assert rows(home) == before, f"maintenance round {round_no}, killed after {delay:.2f} s"
        run(*maintain)
        assert not list(home.rglob("*.partial"))
    run(*ingest_args(v1, home))
    assert rows(home) == before
