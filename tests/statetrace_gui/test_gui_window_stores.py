"""The window on a workspace whose store is PostgreSQL or ODBC (issue 11): what it ingests goes to that
store, and the site tree, the Devices tab and the Maintenance tab show those sites."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from statetrace_gui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine" / "store"))
from store_corpus import sqlite3_odbc_available  # noqa: E402

TRANSCRIPTS = Path(__file__).resolve().parents[1] / "data" / "transcripts"
TIMEOUT = 90_000


def workspace(home: Path, store: dict[str, str]) -> Path:
    (home / "data").mkdir(parents=True, exist_ok=True)
    (home / "data" / "StateTraceSettings.json").write_text(
        json.dumps({"ParserSettings": {"ParseProcesses": 1}, "Store": store}), encoding="utf-8")
    return home


def ingest_and_browse(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.add_paths([TRANSCRIPTS])
    qtbot.waitUntil(lambda: window.runtime.state == "idle" and len(window.queue_model.jobs()) >= 3
                    and not window.queue_model.pending()
                    and {j["state"] for j in window.queue_model.jobs() if j.get("host")} == {"Done"},
                    timeout=TIMEOUT)
    window.sites.request_refresh(immediate=True)
    qtbot.waitUntil(lambda: "WLLS" in window.sites.infos and window.sites.infos["WLLS"].device_count == 2,
                    timeout=TIMEOUT)
    window.sites._site_items["WLLS"].setExpanded(True)  # as a user opens the site: its devices are read
    qtbot.waitUntil(lambda: len(window.sites.infos["WLLS"].devices) == 2, timeout=TIMEOUT)
    wlls = window.sites.infos["WLLS"]
    assert {d.hostname for d in wlls.devices} == {"WLLS-A01-AS-01", "WLLS-A02-AS-07"} and not wlls.error
    assert wlls.db_bytes > 0
    # The window may have shown WLLS already (it opens the first site a scan finds): wait for what the
    # user sees, not for a load that need not happen again.
    window.sites.select_site("WLLS")
    qtbot.waitUntil(lambda: window.devices.site == "WLLS" and window.devices.last_result is not None
                    and window.devices.last_result.generation == window.devices.generation
                    and window.devices.devices_model.rowCount() == 2, timeout=TIMEOUT)
    with qtbot.waitSignal(window.devices.sig_loaded, timeout=TIMEOUT):
        window.devices.search.setText("Printer HR")
    assert [r[1] for r in window.devices.interfaces_model.rows] == ["Gi1/0/1"]
    # The queue copies its rows as TSV too (selected rows, else all), header first.
    from PySide6.QtGui import QGuiApplication

    window.queue_panel.table.clearSelection()
    text = window.queue_panel.table_actions.copy()
    assert QGuiApplication.clipboard().text() == text
    lines = text.splitlines()
    assert "\t" in lines[0] and len(lines) >= 4 and any("WLLS-A01-AS-01" in line for line in lines[1:])
    tab = window.maintenance_tab
    tab.refresh()
    qtbot.waitUntil(lambda: any(tab.table.item(r, 0) and tab.table.item(r, 0).text() == "WLLS"
                                for r in range(tab.table.rowCount())), timeout=TIMEOUT)


@pytest.mark.postgres
def test_window_on_a_postgresql_workspace(pg_fresh_dsn: str, tmp_path: Path, qtbot,  # type: ignore[no-untyped-def]
                                          make_window: Callable[..., MainWindow]) -> None:
    window = make_window(workspace(tmp_path / "home", {"Backend": "postgresql", "Dsn": pg_fresh_dsn}))
    ingest_and_browse(window, qtbot)
    assert not list((tmp_path / "home" / "data").glob("*/*.sqlite"))  # nothing went to SQLite files
    with psycopg.connect(pg_fresh_dsn) as conn:
        row = conn.execute('SELECT count(*) FROM site_wlls."DeviceSummary"').fetchone()
    assert row is not None and row[0] == 2


@pytest.mark.odbc
@pytest.mark.skipif(not sqlite3_odbc_available(), reason="Debian's SQLite3 ODBC driver is not installed")
def test_window_on_an_odbc_workspace(tmp_path: Path, qtbot,  # type: ignore[no-untyped-def]
                                     make_window: Callable[..., MainWindow]) -> None:
    window = make_window(workspace(tmp_path / "home", {"Backend": "odbc",
                                                       "OdbcTemplate": "Driver=SQLite3;Database={site_path}"}))
    ingest_and_browse(window, qtbot)
    assert (tmp_path / "home" / "data" / "WLLS" / "WLLS.sqlite").is_file()
