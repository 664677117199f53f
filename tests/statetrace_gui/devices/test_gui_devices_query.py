"""Devices tab queries: read-only, search by host, port, description, VLAN and MAC in any notation, the same
on SQLite, on the real SQLite3 ODBC driver and on the real PostgreSQL server."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "engine" / "store"))
from store_corpus import sqlite3_odbc_available  # noqa: E402

from engine.model import DeviceFacts, PortFacts
from engine.store import StoreConfig, open_site_store
from engine.workspace import Workspace
from statetrace_gui.devices.panel import DevicesPanel
from statetrace_gui.devices.query import query_devices


def fill(store: object) -> None:
    store.write_host(DeviceFacts("WLLS-A01-AS-01", "Cisco", model="C9300-48P", ports=[  # type: ignore[attr-defined]
        PortFacts("Gi1/0/1", name="Printer-2F", status="connected", vlan=20, learned_macs=["0011.2233.4455"]),
        PortFacts("Gi1/0/2", name="AP-2F-03", status="connected", vlan=30, auth_client_mac="00aa.bbcc.0001"),
        PortFacts("Te1/1/1", name="Uplink-CORE", status="connected", vlan=0)]), "WLLS", datetime(2026, 1, 6))
    store.write_host(DeviceFacts("WLLS-A02-AS-07", "Arista", ports=[  # type: ignore[attr-defined]
        PortFacts("Et1", name="Desk 101", vlan=10, learned_macs=["001c.7300.0001", "001c.7300.0002"])]),
        "WLLS", datetime(2026, 1, 6))
    store.close()  # type: ignore[attr-defined]


@pytest.fixture(params=["sqlite", "odbc", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Workspace, StoreConfig]:
    """Site WLLS in each kind of store the window reads: the same queries must give the same answers."""
    ws = Workspace(tmp_path / "home")
    if request.param == "postgresql":
        config = StoreConfig(backend="postgresql", dsn=request.getfixturevalue("pg_fresh_dsn"))
    elif request.param == "odbc":
        if not sqlite3_odbc_available():
            pytest.skip("Debian's SQLite3 ODBC driver is not installed")
        config = StoreConfig(backend="odbc", odbc="Driver=SQLite3;Database={site_path}")
    else:
        config = StoreConfig()
    fill(open_site_store(config, "WLLS", ws.db_path("WLLS", config.suffix) if config.suffix else None))
    return ws, config


@pytest.mark.parametrize(("search", "hits"), [
    ("", {("WLLS-A01-AS-01", "Gi1/0/1"), ("WLLS-A01-AS-01", "Gi1/0/2"), ("WLLS-A01-AS-01", "Te1/1/1"),
          ("WLLS-A02-AS-07", "Et1")}),
    ("a02", {("WLLS-A02-AS-07", "Et1")}),
    ("te1/1", {("WLLS-A01-AS-01", "Te1/1/1")}),
    ("printer", {("WLLS-A01-AS-01", "Gi1/0/1")}),
    ("30", {("WLLS-A01-AS-01", "Gi1/0/2")}),
    ("00:11:22:33:44:55", {("WLLS-A01-AS-01", "Gi1/0/1")}),
    ("0011.2233.4455", {("WLLS-A01-AS-01", "Gi1/0/1")}),
    ("00-1C-73-00-00-02", {("WLLS-A02-AS-07", "Et1")}),
    ("00aa.bbcc", {("WLLS-A01-AS-01", "Gi1/0/2")}),
    ("nothing-like-this", set()),
])
def test_search(site: tuple[Workspace, StoreConfig], search: str, hits: set[tuple[str, str]]) -> None:
    result = query_devices(*site, "WLLS", search)
    assert {(r[0], r[1]) for r in result.interfaces} == hits
    assert {r[0] for r in result.devices} >= {h for h, _ in hits}


def test_one_device_and_missing_database(site: tuple[Workspace, StoreConfig]) -> None:
    result = query_devices(*site, "WLLS", "", host="WLLS-A02-AS-07")
    assert [r[1] for r in result.interfaces] == ["Et1"] and len(result.devices) == 2
    assert result.interface_columns[:3] == ["Hostname", "Port", "Name"]
    assert query_devices(*site, "NONE").devices == []
    limited = query_devices(*site, "WLLS", "", limit=2)
    assert limited.truncated and len(limited.interfaces) == 2


def test_panel_loads_on_a_pool_thread(site: tuple[Workspace, StoreConfig], qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = DevicesPanel(*site)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.sig_loaded, timeout=30_000):
        panel.set_site("WLLS", "the site's database")
    assert panel.devices_model.rowCount() == 2 and panel.interfaces_model.rowCount() == 4
    with qtbot.waitSignal(panel.sig_loaded, timeout=30_000):
        panel.search.setText("uplink")
    assert panel.interfaces_model.rowCount() == 1 and "1 devices, 1 interfaces" in panel.status.text()
