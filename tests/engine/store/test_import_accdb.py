"""Legacy .accdb import: real files for the reader's error paths, constructed rows for the mapping."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from store_corpus import dump, sqlite3_odbc_available

from engine.accdb_import.importer import import_file, read_with_access_parser, run_date_text
from engine.cli import main
from engine.model import DeviceFacts, PortFacts
from engine.store import StoreConfig, open_site_store
from engine.store.accdb_file import set_password_for_tests
from engine.workspace import Workspace

DATA = Path(__file__).parent / "data"
EMPTY = DATA / "empty.accdb"


def legacy_tables() -> dict[str, list[dict[str, Any]]]:
    """Rows shaped like a legacy StateTrace file (reference section 2), as access-parser returns them."""
    summary = {"Make": "Brocade", "Model": "Stackable FCX648S-HPOE-PREM", "Uptime": "18 day(s)", "Building": "5",
               "Room": "204", "Ports": 2, "AuthDefaultVLAN": "20", "AuthBlock": "auth-default-vlan 20\ndot1x enable"}

    def port(host: str, p: str, name: str) -> dict[str, Any]:
        return {"ID": 1, "Hostname": host, "Port": p, "Name": name, "Status": "Up", "VLAN": 0, "Duplex": "Full",
                "Speed": "1G", "Type": "Access", "LearnedMACs": None, "AuthState": "Open", "AuthMode": "open",
                "AuthClientMAC": "", "AuthTemplate": "open", "Config": " port-name Uplink1\n exit",
                "PortColor": None, "ConfigStatus": None, "ToolTip": None}

    hosts = {"SITE1-A01-AS-01": "SITE", "BOYO-A05-AS-02": "BOYO"}
    return {
        "DeviceSummary": [{"Hostname": h, "Site": s, **summary} for h, s in hosts.items()],
        "Interfaces": [port(h, p, f"Users{p[-1]}") for h in hosts for p in ("Et1/1/1", "Et1/1/2")]
                      + [port("BOYO-A05-AS-02", "et1/1/1", "legacy duplicate row")],
        "DeviceHistory": [{"ID": i, "Hostname": h, "RunDate": d, "Site": hosts[h], **summary}
                          for i, (h, d) in enumerate([("SITE1-A01-AS-01", "2026-01-06 13:28:31.999996"),
                                                      ("BOYO-A05-AS-02", "2026-01-06 13:28:45"),
                                                      ("BOYO-A05-AS-02", "2026-01-05 09:00:00")])],
        "InterfaceHistory": [{"RunDate": "2026-01-06 13:28:45", **port("BOYO-A05-AS-02", "Et1/1/1", "Users1")},
                             {"RunDate": "2026-01-06 13:28:32", **port("SITE1-A01-AS-01", "Et1/1/2", "Users2")}],
        "SpanInfo": [{"Hostname": "BOYO-A05-AS-02", "Vlan": "VLAN0010", "RootSwitch": "5254.001b.1c58",
                      "RootPort": "Gi1/0/1", "Role": "Desg", "Upstream": "Gi1/0/1",
                      "LastUpdated": "2026-01-06 13:28:45"}],
        "SpanHistory": [{"Hostname": "BOYO-A05-AS-02", "RunDate": "2026-01-06 13:28:45", "Vlan": "VLAN0010",
                         "RootSwitch": "5254.001b.1c58", "RootPort": "Gi1/0/1", "Role": "Desg",
                         "Upstream": "Gi1/0/1"}],
    }


def store_rows(config: StoreConfig, ws: Workspace, site: str) -> dict[str, Any]:
    path = ws.db_path(site, config.suffix) if config.suffix else None
    store: Any = open_site_store(config, site, path)
    try:
        return dump(store.conn, store.dialect.quote)
    finally:
        store.close()


def _configs(request: pytest.FixtureRequest, tmp_path: Path) -> StoreConfig:
    kind = request.param
    if kind == "odbc":
        if not sqlite3_odbc_available():
            pytest.skip("Debian's SQLite3 ODBC driver is not installed")
        return StoreConfig(backend="odbc", odbc="Driver=SQLite3;Database={site_path}")
    if kind == "postgresql":
        return StoreConfig(backend="postgresql", dsn=request.getfixturevalue("pg_fresh_dsn"))
    return StoreConfig()


@pytest.fixture(params=["sqlite", "odbc", pytest.param("postgresql", marks=pytest.mark.postgres)])
def config(request: pytest.FixtureRequest, tmp_path: Path) -> StoreConfig:
    return _configs(request, tmp_path)


def test_both_site_rules_map_to_the_hostname_site_and_import_is_idempotent(config: StoreConfig,
                                                                            tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "home")
    file = tmp_path / "PerfPipeline-9727.accdb"  # legacy single-file perf run: two sites in one file
    first = import_file(file, ws, config, tables=legacy_tables())
    assert first.ok, first.error
    assert first.column_sites == ["BOYO", "SITE"] and sorted(first.sites) == ["BOYO", "SITE1"]
    assert first.sites["BOYO"]["device_history"] == 2 and first.sites["BOYO"]["interface_history"] == 1
    site1 = store_rows(config, ws, "SITE1")
    [summary] = site1["DeviceSummary"]
    assert summary[0] == "SITE1-A01-AS-01" and summary[4] == "SITE1"  # the 4-char column rule is replaced
    [(_, run, *_rest)] = site1["DeviceHistory"]
    assert run == "2026-01-06 13:28:32"  # access-parser's float noise rounded to the second
    boyo = store_rows(config, ws, "BOYO")
    assert [r[:2] for r in boyo["Interfaces"]] == [("BOYO-A05-AS-02", "Et1/1/1"), ("BOYO-A05-AS-02", "Et1/1/2")]
    assert boyo["Interfaces"][0][8] == ""  # NULL LearnedMACs become '' like ingested rows
    assert boyo["SpanInfo"] == [("BOYO-A05-AS-02", "VLAN0010", "5254.001b.1c58", "Gi1/0/1", "Desg", "Gi1/0/1",
                                 "2026-01-06 13:28:45")]
    second = import_file(file, ws, config, tables=legacy_tables())
    assert second.ok
    assert second.sites["BOYO"]["device_history"] == 0 and second.sites["SITE1"]["interface_history"] == 0
    assert store_rows(config, ws, "BOYO") == boyo and store_rows(config, ws, "SITE1") == site1


def test_newer_ingested_state_is_kept(tmp_path: Path) -> None:
    ws, config = Workspace(tmp_path / "home"), StoreConfig()
    assert import_file(tmp_path / "BOYO.accdb", ws, config, tables=legacy_tables()).ok
    store: Any = open_site_store(config, "BOYO", ws.db_path("BOYO", ".sqlite"))
    facts = DeviceFacts("BOYO-A05-AS-02", "Brocade", ports=[PortFacts("Et1/1/9", name="new")])
    store.write_host(facts, "BOYO", datetime(2026, 2, 1, 8, 0, 0))
    store.close()
    again = import_file(tmp_path / "BOYO.accdb", ws, config, tables=legacy_tables())
    assert again.sites["BOYO"]["current_kept_newer"] == 1
    rows = store_rows(config, ws, "BOYO")["Interfaces"]
    assert [r[1] for r in rows] == ["Et1/1/9"]


def test_a_failing_site_leaves_nothing_behind(tmp_path: Path) -> None:
    ws, config = Workspace(tmp_path / "home"), StoreConfig()
    bad = ws.db_path("SITE1", ".sqlite")  # sorted after BOYO: BOYO's rows are already in its transaction
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"this is not a database" * 100)
    result = import_file(tmp_path / "x.accdb", ws, config, tables=legacy_tables())
    assert not result.ok and "not a SQLite database" in result.error
    with sqlite3.connect(ws.db_path("BOYO", ".sqlite")) as conn:
        assert conn.execute('SELECT COUNT(*) FROM "DeviceSummary"').fetchone() == (0,)
        assert conn.execute('SELECT COUNT(*) FROM "DeviceHistory"').fetchone() == (0,)


def test_invalid_hostnames_fail_the_file(tmp_path: Path) -> None:
    tables = legacy_tables()
    tables["DeviceSummary"].append({"Hostname": "../evil host", "Site": "../e"})
    result = import_file(tmp_path / "x.accdb", Workspace(tmp_path / "home"), StoreConfig(), tables=tables)
    assert not result.ok and "invalid hostnames" in result.error
    assert not (tmp_path / "home" / "data" / "BOYO").exists()


def test_real_accdb_of_another_application(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(Exception, match="another application"):
        read_with_access_parser(EMPTY)  # access-parser really parses the real file's catalog
    code = main(["import-accdb", str(EMPTY), "--home", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "another application, not StateTrace" in out and "NOT imported" in out
    assert not list((tmp_path / "data").rglob("*.sqlite"))


def test_read_only_accdb_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "ro.accdb"
    shutil.copy(EMPTY, copy)
    copy.chmod(0o444)
    assert main(["import-accdb", str(copy), "--home", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "another application" in out and "ermission" not in out  # read, then refused for its content


def test_password_protected_accdb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked.accdb"
    locked.write_bytes(set_password_for_tests(EMPTY.read_bytes(), "s3cret"))
    assert main(["import-accdb", str(locked), "--home", str(tmp_path)]) == 1
    assert "protected by a database password" in capsys.readouterr().out


@pytest.mark.parametrize("content, expected", [
    (b"PK\x03\x04 a zip, not a database" * 40, "not a Microsoft Access database"),
    (b"", "not a Microsoft Access database"),
])
def test_foreign_and_corrupt_files(tmp_path: Path, content: bytes, expected: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "x.accdb"
    f.write_bytes(content)
    assert main(["import-accdb", str(f), "--home", str(tmp_path)]) == 1
    assert expected in capsys.readouterr().out


def test_truncated_real_file(tmp_path: Path) -> None:
    f = tmp_path / "cut.accdb"
    f.write_bytes(EMPTY.read_bytes()[:50_000])
    result = import_file(f, Workspace(tmp_path / "home"), StoreConfig())
    assert not result.ok and "truncated or corrupt" in result.error


def test_damaged_pages_are_reported_not_raised(tmp_path: Path) -> None:
    data = bytearray(EMPTY.read_bytes())
    data[4096:4096 * 8] = b"\xff" * (4096 * 7)  # the catalog pages
    f = tmp_path / "damaged.accdb"
    f.write_bytes(bytes(data))
    result = import_file(f, Workspace(tmp_path / "home"), StoreConfig())
    assert not result.ok
    assert "corrupt" in result.error or "another application" in result.error


def test_run_date_text() -> None:
    assert run_date_text("2026-01-06 13:28:31.999996") == "2026-01-06 13:28:32"
    assert run_date_text(datetime(2026, 1, 6, 13, 28, 32)) == "2026-01-06 13:28:32"
    assert run_date_text("(Empty Date)") is None and run_date_text(None) is None
