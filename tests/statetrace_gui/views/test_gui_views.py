"""The analyst views in the window on captures taken six weeks apart (ingested newest first), on SQLite
and on the real PostgreSQL server: find across sites, the device page, a port timeline, copy and export."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from engine.views.export import read_csv
from statetrace_gui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "engine" / "views"))
from captures import A_TIME, B_TIME, HOST, NEIGHBOR, SVI_IP, ingest, write_captures  # noqa: E402

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "data" / "transcripts"
TIMEOUT = 60_000


@pytest.fixture(params=["sqlite", "postgresql"])
def window(request: pytest.FixtureRequest, tmp_path: Path,
           make_window: Callable[..., MainWindow]) -> MainWindow:
    store = {"Backend": "sqlite"}
    if request.param == "postgresql":
        store = {"Backend": "postgresql", "Dsn": request.getfixturevalue("pg_fresh_dsn")}
    a, b = write_captures(tmp_path / "captures")
    home = tmp_path / "home"
    ingest(home, b, store=store)
    ingest(home, a, TRANSCRIPTS / "mixed_batch02.log")
    settings = home / "data" / "StateTraceSettings.json"
    doc = json.loads(settings.read_text())
    doc["ParserSettings"] = {"ParseProcesses": 1}
    settings.write_text(json.dumps(doc))
    return make_window(home)


def search(window: MainWindow, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    window.show_find()
    panel = window.find_panel
    with qtbot.waitSignal(panel.sig_finished, timeout=TIMEOUT):
        panel.search.setText(text)
        panel.run_query()


def shown(window: MainWindow) -> list[tuple[str, str, str, str]]:
    model = window.find_panel.model
    return [(h.site, h.hostname, h.kind, h.port) for h in model.hits]


def test_find_a_mac_across_sites_and_open_its_device(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    search(window, qtbot, "00:11:22:33:44:66")
    assert window.tabs.currentWidget() is window.find_panel
    assert set(shown(window)) == {("WLLS", HOST, "mac", "Gi1/0/1"), ("WLLS", HOST, "mac", "Gi1/0/2")}
    assert "2 mac in 2 site(s)" in window.find_panel.status.text()
    table = window.find_panel.table
    window.find_panel.table.doubleClicked.emit(table.model().index(0, 0))
    qtbot.waitUntil(lambda: bool(window.device_pages), timeout=TIMEOUT)
    page = window.device_pages[0]
    qtbot.waitUntil(lambda: page.view_data is not None, timeout=TIMEOUT)
    assert page.view_data is not None and page.view_data.page is not None
    assert page.summary_labels["Model"].text() == "C9300-48P"
    assert page.summary_labels["Captured"].text() == f"{B_TIME} (clock)"
    assert page.summary_labels["Source"].text().endswith("capture_b.log")
    assert page.ports.rowCount() == 4 and page.history.rowCount() > 0
    timeline = page.open_port("Gi1/0/2")
    qtbot.waitUntil(lambda: timeline.model.rowCount() > 0, timeout=TIMEOUT)
    rows = timeline.model.rows
    assert rows[0][0] == A_TIME and rows[0][2] == "port"
    assert any(r[0] == B_TIME and r[2] == "VLAN" and (r[3], r[4]) == ("20", "40") for r in rows)


def test_device_page_neighbours_lead_to_the_neighbour(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The Neighbours tab lists what CDP saw on the uplink; double-click opens the neighbour's own page,
    and the Addresses tab lists the SVI address. Find reaches both."""
    page = window.open_device("WLLS", HOST)
    qtbot.waitUntil(lambda: page.view_data is not None, timeout=TIMEOUT)
    assert page.neighbours.rowCount() == 1 and page.neighbours.rows[0][:3] == (
        "Te1/1/1", "CDP", f"{NEIGHBOR}.example.net")
    assert page.neighbours_note.text() == f"1 neighbour(s) as captured {B_TIME}"
    assert page.addresses.rows == [("Vl20", SVI_IP, "/24")]
    view = page.neighbours_view
    view.doubleClicked.emit(view.model().index(0, 0))
    qtbot.waitUntil(lambda: any(p.host == NEIGHBOR for p in window.device_pages), timeout=TIMEOUT)
    other = next(p for p in window.device_pages if p.host == NEIGHBOR)
    qtbot.waitUntil(lambda: other.view_data is not None, timeout=TIMEOUT)
    assert other.site == "WLLS" and other.neighbours.rowCount() == 0
    assert "no capture of this device holds" in other.neighbours_note.text()
    search(window, qtbot, SVI_IP)
    assert shown(window) == [("WLLS", HOST, "ip", "Vl20")]


def test_vlan_search_and_copy_and_export(window: MainWindow, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    search(window, qtbot, "vlan 40")
    assert shown(window) == [("WLLS", HOST, "vlan", "Gi1/0/2")]
    table = window.find_panel.table
    table.selectRow(0)
    table.setFocus()
    window.find_panel.table.table_actions.copy()
    text = QGuiApplication.clipboard().text()
    assert text.splitlines()[0].startswith("Site\tHost\tKind") and f"WLLS\t{HOST}\tvlan\tGi1/0/2" in text
    target = tmp_path / "found.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.find_panel.table.table_actions.export("csv") == str(target)
    meta, columns, rows = read_csv(target)
    assert meta["query"] == "vlan 40" and columns[0] == "Site" and rows[0][3] == "Gi1/0/2"


def test_double_click_a_device_in_the_devices_tab(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: "WLLS" in window.sites.infos, timeout=TIMEOUT)
    with qtbot.waitSignal(window.devices.sig_loaded, timeout=TIMEOUT):
        window.sites.select_site("WLLS")
    view = window.devices.devices_view
    row = next(i for i, r in enumerate(window.devices.devices_model.rows) if r[0] == HOST)
    view.doubleClicked.emit(view.model().index(row, 0))
    qtbot.waitUntil(lambda: bool(window.device_pages) and window.device_pages[0].view_data is not None,
                    timeout=TIMEOUT)
    assert window.device_pages[0].host == HOST
    assert window.devices.devices_view.table_actions is not None
    assert window.devices.interfaces_view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
