"""The window on a workspace whose settings name PostgreSQL or ODBC (issue 11): filled by plain
`statetrace-cli ingest`, its site tree, Devices tab and Maintenance tab show the sites, read through the
store (the real PostgreSQL server and the real SQLite3 ODBC driver)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from engine.cli import main
from statetrace_gui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine" / "store"))
from store_corpus import sqlite3_odbc_available  # noqa: E402

TRANSCRIPTS = Path(__file__).resolve().parents[1] / "data" / "transcripts"
WLLS_HOSTS = ["WLLS-A01-AS-01", "WLLS-A02-AS-07"]
WAIT_MS = 30_000


def fill_workspace(home: Path, store: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """Settings naming the store, then `statetrace-cli ingest PATH` (no store options on the command line)."""
    settings = home / "data" / "StateTraceSettings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"ParserSettings": {"ParseProcesses": 1}, "Store": store}), encoding="utf-8")
    code = main(["ingest", "--json", str(TRANSCRIPTS), "--home", str(home)])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["failures"]
    assert set(summary["sites"]) == {"BOYO", "WLLS"}


def interface_keys(window: MainWindow) -> set[tuple[str, str]]:
    return {(str(r[0]), str(r[1])) for r in window.devices.interfaces_model.rows}


def search(window: MainWindow, qtbot, text: str) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.devices.sig_loaded, timeout=WAIT_MS):
        window.devices.search.setText(text)
    return interface_keys(window)


def check_window_shows_the_store(window: MainWindow, qtbot, where: str,  # type: ignore[no-untyped-def]
                                 maintenance: bool = True) -> None:
    """`where`: what the WLLS row's database names (a schema, a file); `maintenance`: whether the
    Maintenance tab has a backend for this store."""
    sites = window.sites
    qtbot.waitUntil(lambda: sites.known_sites() == ["BOYO", "WLLS"], timeout=WAIT_MS)
    wlls = sites.infos["WLLS"]
    assert not wlls.error, wlls.error
    assert wlls.device_count == 2 and where in wlls.db_path
    assert sites.infos["BOYO"].device_count == 1

    # The site tree: WLLS unfolds into its devices, with make and model from the store.
    item = next(i for i in sites.tree.findItems("WLLS", Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
                if i.data(0, Qt.ItemDataRole.UserRole + 1) == "site")
    item.setExpanded(True)
    qtbot.waitUntil(lambda: [item.child(i).text(0) for i in range(item.childCount())] == WLLS_HOSTS,
                    timeout=WAIT_MS)
    assert item.child(0).text(5) == "Cisco C9300-48P"
    assert item.text(5) == "OK"

    # The Devices tab: the site's devices, then searches by port, description and MAC.
    sites.select_site("WLLS")
    qtbot.waitUntil(lambda: window.devices.site == "WLLS" and window.devices.last_result is not None
                    and window.devices.last_result.site == "WLLS"
                    and sorted(str(r[0]) for r in window.devices.devices_model.rows) == WLLS_HOSTS,
                    timeout=WAIT_MS)
    assert len(window.devices.interfaces_model.rows) == 7
    assert search(window, qtbot, "te1/1") == {("WLLS-A01-AS-01", "Te1/1/1")}
    assert search(window, qtbot, "PRINTER hr") == {("WLLS-A01-AS-01", "Gi1/0/1")}  # case-blind everywhere
    assert search(window, qtbot, "00-1C-73-00-00-01") == {("WLLS-A02-AS-07", "Et1")}
    assert [str(r[0]) for r in window.devices.devices_model.rows] == ["WLLS-A02-AS-07"]

    if not maintenance:
        return
    # The Maintenance tab: one row per site of the store.
    tab = window.maintenance_tab
    with qtbot.waitSignal(tab.sig_overview_loaded, timeout=WAIT_MS):  # type: ignore[attr-defined]
        tab.refresh()  # type: ignore[attr-defined]
    table = tab.table  # type: ignore[attr-defined]
    assert sorted(table.item(r, 0).text() for r in range(table.rowCount())) == ["BOYO", "WLLS"]


@pytest.mark.postgres
def test_window_on_a_postgresql_workspace(make_window: Callable[..., MainWindow], pg_fresh_dsn: str,
                                          tmp_path: Path, qtbot, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    fill_workspace(home, {"Backend": "postgresql", "Dsn": pg_fresh_dsn}, capsys)
    assert not list((home / "data").glob("*/*.sqlite"))  # the sites are schemas on the server, not files
    window = make_window(home)
    assert window.store.backend == "postgresql"
    check_window_shows_the_store(window, qtbot, "schema site_wlls")
    assert window.sites.infos["WLLS"].db_bytes > 0  # the schema's tables and indexes


@pytest.mark.odbc
@pytest.mark.skipif(not sqlite3_odbc_available(), reason="Debian's SQLite3 ODBC driver is not installed")
def test_window_on_an_odbc_workspace(make_window: Callable[..., MainWindow], tmp_path: Path, qtbot,
                                     capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """A {site_path} template: the driver keeps each site in data/<prefix>/<Site>.sqlite."""
    home = tmp_path / "home"
    fill_workspace(home, {"Backend": "odbc", "OdbcTemplate": "Driver=SQLite3;Database={site_path}"}, capsys)
    window = make_window(home)
    assert window.store.backend == "odbc"
    check_window_shows_the_store(window, qtbot, "WLLS.sqlite")


@pytest.mark.odbc
@pytest.mark.skipif(not sqlite3_odbc_available(), reason="Debian's SQLite3 ODBC driver is not installed")
def test_window_on_an_odbc_workspace_outside_data(make_window: Callable[..., MainWindow], tmp_path: Path, qtbot,
                                                  capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """A {site} template (the way a server DSN names one database per site): no site file in data/, so only
    the store knows the sites (the workspace's ingestion history names them), in the window and in
    `maintain`, which checks them through the driver and leaves backup and compaction to the server."""
    home = tmp_path / "home"
    elsewhere = tmp_path / "odbc-sites"
    elsewhere.mkdir()
    fill_workspace(home, {"Backend": "odbc", "OdbcTemplate": f"Driver=SQLite3;Database={elsewhere}/{{site}}.db"},
                   capsys)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["BOYO.db", "WLLS.db"]
    window = make_window(home)
    check_window_shows_the_store(window, qtbot, "odbc Driver=SQLite3")
    capsys.readouterr()
    code = main(["maintain", "--site", "WLLS", "--backup", "--compact", "--integrity", "--audit", "--json",
                 "--home", str(home)])
    report = json.loads(capsys.readouterr().out)
    steps = {s["step"]: s for s in report["sites"][0]["steps"]}
    assert code == 0, steps
    assert report["sites"][0]["database"] == "odbc:WLLS"
    assert steps["integrity"]["status"] == "ok" and steps["audit"]["status"] == "ok", steps
    assert steps["audit"]["details"]["missing"] == [], steps["audit"]
    assert steps["backup"]["status"] == steps["compact"]["status"] == "skipped"
    assert "server's own tools" in steps["compact"]["message"]


def test_unreachable_store_marks_the_sites(make_window: Callable[..., MainWindow], tmp_path: Path,
                                           qtbot) -> None:  # type: ignore[no-untyped-def]
    """A PostgreSQL store nobody listens on: the tree says why, one row per known site, and nothing raises."""
    home = tmp_path / "home"
    settings = home / "data" / "StateTraceSettings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"ParserSettings": {"ParseProcesses": 1}, "Store": {
        "Backend": "postgresql", "Dsn": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"}}),
        encoding="utf-8")
    (home / "data" / "IngestionHistory").mkdir()
    (home / "data" / "IngestionHistory" / "WLLS.json").write_text(
        json.dumps([{"Hostname": "WLLS-A01-AS-01", "LastIngestedUtc": "2026-01-06T20:28:57.4900000Z"}]),
        encoding="utf-8")
    window = make_window(home)
    qtbot.waitUntil(lambda: window.sites.scans > 0, timeout=WAIT_MS)
    wlls = window.sites.infos["WLLS"]
    assert "store unreachable" in wlls.error and "postgresql" in wlls.error and wlls.device_count is None
    assert window.sites.tree.findItems("WLLS", Qt.MatchFlag.MatchExactly)[0].text(5) == "Unreadable"
