"""Change detection belongs to the store: a host is skipped only when its store holds it at that slice.

Issue 11, defect 2: the ingestion-history JSON used to decide skips on its own, so a restored older
backup or another store kept the wrong capture (or nothing) with exit 0.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from engine.cli import main

WLLS = "WLLS-A01-AS-01"


def ingest(capsys: pytest.CaptureFixture[str], home: Path, *paths: Path) -> dict:
    code = main(["ingest", "--json", "--processes", "1", *map(str, paths), "--home", str(home)])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["failures"]
    return summary


def port_name(db: Path, port: str = "Gi1/0/1") -> str:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT Name FROM Interfaces WHERE Hostname = ? AND Port = ?", (WLLS, port)).fetchone()
    return str(row[0])


@pytest.fixture
def captures(transcripts: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The same switch twice: v2 renames the description of Gi1/0/1."""
    v1 = tmp_path / "in1" / "wlls.log"
    v2 = tmp_path / "in2" / "wlls.log"
    v1.parent.mkdir()
    v2.parent.mkdir()
    text = (transcripts / "wlls_batch01.log").read_text()
    v1.write_text(text)
    v2.write_text(text.replace("Printer HR", "Printer Finance"))
    return v1, v2


def test_restored_older_database_gets_the_newer_capture_again(captures: tuple[Path, Path], tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    v1, v2 = captures
    home = tmp_path / "home"
    db = home / "data" / "WLLS" / "WLLS.sqlite"
    ingest(capsys, home, v1)
    backup = tmp_path / "WLLS-backup.sqlite"
    shutil.copy2(db, backup)
    ingest(capsys, home, v2)
    assert port_name(db) == "Printer Finance"
    db.unlink()  # the restore of the older backup
    shutil.copy2(backup, db)
    assert port_name(db) == "Printer HR"
    summary = ingest(capsys, home, v2)
    assert summary["sites"]["WLLS"]["parsed"] >= 1, summary
    assert port_name(db) == "Printer Finance", "the history JSON claimed v2 was stored; the store did not hold it"


def test_emptied_site_database_is_filled_again(captures: tuple[Path, Path], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    v1, _ = captures
    home = tmp_path / "home"
    db = home / "data" / "WLLS" / "WLLS.sqlite"
    ingest(capsys, home, v1)
    with sqlite3.connect(db) as conn:
        for table in ("DeviceSummary", "Interfaces", "HostSource"):
            conn.execute(f"DELETE FROM {table}")
    summary = ingest(capsys, home, v1)
    assert summary["sites"]["WLLS"]["skipped"] == 0 and summary["sites"]["WLLS"]["parsed"] == 1
    assert port_name(db) == "Printer HR"


def test_lost_history_json_is_only_a_lost_cache(captures: tuple[Path, Path], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    v1, _ = captures
    home = tmp_path / "home"
    ingest(capsys, home, v1)
    shutil.rmtree(home / "data" / "IngestionHistory")
    (home / "data" / ".file-index.json").unlink(missing_ok=True)
    summary = ingest(capsys, home, v1)
    assert summary["skipped"] == summary["hosts"] and summary["parsed"] == 0, summary


def test_slice_hash_is_recorded_with_the_hosts_rows(captures: tuple[Path, Path], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    v1, _ = captures
    home = tmp_path / "home"
    ingest(capsys, home, v1)
    history = json.loads((home / "data" / "IngestionHistory" / "WLLS.json").read_text(encoding="utf-8-sig"))
    by_host = {r["Hostname"].lower(): r for r in history}
    with sqlite3.connect(home / "data" / "WLLS" / "WLLS.sqlite") as conn:
        rows = conn.execute("SELECT Hostname, FileHash, SourceLength, SourceFile FROM HostSource").fetchall()
    assert {r[0].lower() for r in rows} == set(by_host)
    for host, file_hash, length, source in rows:
        assert (file_hash, length) == (by_host[host.lower()]["FileHash"], by_host[host.lower()]["SourceLength"])
        assert source.endswith("wlls.log")


def test_a_database_deleted_after_the_run_read_it_is_filled_again(captures: tuple[Path, Path], tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The parse processes skip by what the stores held when the run started; a database deleted after
    that (a restore, a user tidying up) makes the writer parse the host again, in the parse processes,
    and write it: the run says parsed, not skipped, and the database holds the host."""
    from engine.runtime import qt_runtime

    v1, _ = captures
    home = tmp_path / "home"
    db = home / "data" / "WLLS" / "WLLS.sqlite"
    ingest(capsys, home, v1)
    read_at_start = qt_runtime._load_known

    def known_then_deleted(*args, **kwargs):  # type: ignore[no-untyped-def]
        known = read_at_start(*args, **kwargs)
        assert known, "the first run's slice is what the parse processes skip by"
        for path in db.parent.glob("WLLS.sqlite*"):
            path.unlink()
        return known

    monkeypatch.setattr(qt_runtime, "_load_known", known_then_deleted)
    summary = ingest(capsys, home, v1)
    assert (summary["sites"]["WLLS"]["parsed"], summary["sites"]["WLLS"]["skipped"]) == (1, 0), summary
    assert summary["hosts"] == 1 and not summary["failures"]
    assert port_name(db) == "Printer HR"
