"""A workspace whose settings name PostgreSQL or ODBC ingests there through plain `statetrace-cli ingest`."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from store_corpus import sqlite3_odbc_available

from engine.cli import main

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "data" / "transcripts"


def write_settings(home: Path, store: dict) -> None:
    (home / "data").mkdir(parents=True, exist_ok=True)
    (home / "data" / "StateTraceSettings.json").write_text(json.dumps({"Store": store}))


@pytest.mark.postgres
def test_plain_ingest_writes_into_the_workspace_postgresql(pg_fresh_dsn: str, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 11 defect 1: the store was a flag only; a workspace set to PostgreSQL still got SQLite files."""
    home = tmp_path / "home"
    write_settings(home, {"Backend": "postgresql", "Dsn": pg_fresh_dsn})
    code = main(["ingest", "--json", "--processes", "1", str(TRANSCRIPTS), "--home", str(home)])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["failures"]
    assert summary["parsed"] == 3
    assert not list((home / "data").glob("*/*.sqlite"))
    with psycopg.connect(pg_fresh_dsn) as conn:
        stored = conn.execute('SELECT count(*) FROM site_wlls."DeviceSummary"').fetchone()
    assert stored is not None and stored[0] == summary["sites"]["WLLS"]["parsed"] == 2


@pytest.mark.odbc
@pytest.mark.skipif(not sqlite3_odbc_available(), reason="Debian's SQLite3 ODBC driver is not installed")
def test_plain_ingest_writes_through_the_workspace_odbc_template(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    write_settings(home, {"Backend": "odbc", "OdbcTemplate": "Driver=SQLite3;Database={site_path}"})
    code = main(["ingest", "--json", "--processes", "1", str(TRANSCRIPTS), "--home", str(home)])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["failures"]
    assert summary["parsed"] == 3
    assert (home / "data" / "WLLS" / "WLLS.sqlite").is_file()


@pytest.mark.postgres
def test_switching_to_postgresql_never_skips_a_host_the_new_store_lacks(
        pg_fresh_dsn: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 11, defect 2: a workspace filled through SQLite reported every host "unchanged" on PostgreSQL."""
    home = tmp_path / "home"

    def ingest(*extra: str) -> dict:
        code = main(["ingest", "--json", "--processes", "1", str(TRANSCRIPTS), "--home", str(home), *extra])
        summary = json.loads(capsys.readouterr().out)
        assert code == 0, summary["failures"]
        return summary

    assert ingest()["parsed"] == 3
    assert ingest()["skipped"] == 3
    switched = ingest("--backend", "postgresql", "--dsn", pg_fresh_dsn)
    assert switched["parsed"] == 3 and switched["skipped"] == 0
    with psycopg.connect(pg_fresh_dsn) as conn:
        stored = conn.execute('SELECT count(*) FROM site_wlls."HostSource"').fetchone()
    assert stored is not None and stored[0] == 2
    again = ingest("--backend", "postgresql", "--dsn", pg_fresh_dsn)
    assert again["skipped"] == 3, "PostgreSQL itself now holds every host at that slice"


@pytest.mark.postgres
def test_maintain_reaches_the_workspace_postgresql_sites(pg_fresh_dsn: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 11: `maintain` could not reach PostgreSQL sites (only file databases were found)."""
    home = tmp_path / "home"
    write_settings(home, {"Backend": "postgresql", "Dsn": pg_fresh_dsn})
    assert main(["ingest", "--processes", "1", str(TRANSCRIPTS), "--home", str(home)]) == 0
    capsys.readouterr()
    code = main(["maintain", "--compact", "--audit", "--integrity", "--force", "--json", "--home", str(home)])
    report = json.loads(capsys.readouterr().out)
    assert code == 0, report
    by_site = {s["site"]: s for s in report["sites"]}
    assert set(by_site) == {"WLLS", "BOYO"}
    steps = {s["step"]: s["status"] for s in by_site["WLLS"]["steps"]}
    assert steps["compact"] == "ok" and steps["integrity"] == "ok" and steps["audit"] == "ok", steps


def test_maintain_with_an_unreachable_workspace_store_is_one_line(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    write_settings(home, {"Backend": "postgresql", "Dsn": "postgresql://bob:hunter2@127.0.0.1:1/x"})
    assert main(["maintain", "--home", str(home)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "hunter2" not in err and "not reachable" in err


@pytest.mark.postgres
def test_maintenance_overview_lists_the_workspace_postgresql_sites(pg_fresh_dsn: str, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """What the Maintenance tab shows: its rows come from the workspace's store."""
    from engine.maintenance.overview import site_overview
    from engine.workspace import Workspace

    home = tmp_path / "home"
    write_settings(home, {"Backend": "postgresql", "Dsn": pg_fresh_dsn})
    assert main(["ingest", "--processes", "1", str(TRANSCRIPTS), "--home", str(home)]) == 0
    rows = {r["site"]: r for r in site_overview(Workspace(home))}
    assert set(rows) == {"WLLS", "BOYO"}
    assert rows["WLLS"]["backend"] == "postgresql" and (rows["WLLS"]["size"] or 0) > 0
