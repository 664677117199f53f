"""The store read API: the same sites, sizes and rows whichever backend the workspace's settings name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_corpus import sqlite3_odbc_available

from engine.cli import main
from engine.settings import Settings
from engine.store import config_from_settings
from engine.store.base import StoreError
from engine.store.read import SiteReader, file_bytes, open_store_reader
from engine.workspace import Workspace

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "data" / "transcripts"


def ingest_into(home: Path, store: dict[str, str], capsys: pytest.CaptureFixture[str]) -> dict:
    (home / "data").mkdir(parents=True, exist_ok=True)
    (home / "data" / "StateTraceSettings.json").write_text(json.dumps({"Store": store}))
    code = main(["ingest", "--json", "--processes", "1", str(TRANSCRIPTS), "--home", str(home)])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["failures"]
    return summary


def reader_for(home: Path):  # type: ignore[no-untyped-def]
    workspace = Workspace(home)
    return open_store_reader(config_from_settings(Settings.load(workspace.settings_path).store), workspace)


def check_reads(home: Path, summary: dict) -> None:
    with reader_for(home) as store:
        entries = store.sites()
        assert [e.site for e in entries] == sorted(summary["sites"])
        assert all(e.size_bytes is None or e.size_bytes > 0 for e in entries)
        for entry in entries:
            with store.site(entry.site) as site:
                assert isinstance(site, SiteReader)
                assert {"Hostname", "Model", "Location"} <= set(site.columns("DeviceSummary"))
                hosts = site.rows('SELECT "Hostname", "Site" FROM "DeviceSummary" ORDER BY "Hostname"')
                assert len(hosts) == summary["sites"][entry.site]["parsed"]
                assert {str(s) for _, s in hosts} == {entry.site}
                first = str(hosts[0][0])
                ports = site.scalar('SELECT COUNT(*) FROM "Interfaces" WHERE "Hostname" = ?', (first,))
                assert int(ports) > 0
                assert site.columns("NoSuchTable") == []
        with pytest.raises(StoreError):
            store.open_site("NOSUCHSITE")


def test_sqlite_workspace_reads_through_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    summary = ingest_into(home, {"Backend": "sqlite"}, capsys)
    check_reads(home, summary)


@pytest.mark.odbc
@pytest.mark.skipif(not sqlite3_odbc_available(), reason="Debian's SQLite3 ODBC driver is not installed")
def test_odbc_workspace_reads_through_the_real_driver(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    summary = ingest_into(home, {"Backend": "odbc", "OdbcTemplate": "Driver=SQLite3;Database={site_path}"}, capsys)
    check_reads(home, summary)


@pytest.mark.postgres
def test_postgresql_workspace_reads_its_schemas(pg_fresh_dsn: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    summary = ingest_into(home, {"Backend": "postgresql", "Dsn": pg_fresh_dsn}, capsys)
    check_reads(home, summary)
    with reader_for(home) as store:
        assert all(e.path is None and e.size_bytes and "site_" in e.location for e in store.sites())


def test_file_size_counts_the_write_ahead_log(tmp_path: Path) -> None:
    """The site tree and the Maintenance tab show one size: the file plus its -wal."""
    db = tmp_path / "S.sqlite"
    db.write_bytes(b"x" * 1000)
    assert file_bytes(db) == 1000
    (tmp_path / "S.sqlite-wal").write_bytes(b"y" * 500)
    assert file_bytes(db) == 1500
    assert file_bytes(tmp_path / "missing.sqlite") == 0


def test_access_spelling_rewrites_identifiers_and_parameters() -> None:
    from engine.store.dialect import ACCESS, POSTGRES

    access = SiteReader("S", "x", ACCESS, conn=None, owns_connection=False)
    assert access.sql('SELECT "Port" FROM "Interfaces" WHERE "Hostname" = ?') == \
        "SELECT [Port] FROM [Interfaces] WHERE [Hostname] = ?"
    pg = SiteReader("S", "x", POSTGRES, conn=None, owns_connection=False)
    assert pg.sql('SELECT "Port" FROM "Interfaces" WHERE "Hostname" = ?') == \
        'SELECT "Port" FROM "Interfaces" WHERE "Hostname" = %s'
