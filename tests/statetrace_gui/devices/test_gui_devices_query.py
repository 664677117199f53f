"""Devices tab queries: read-only, search by host, port, description, VLAN and MAC in any notation."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from engine.model import DeviceFacts, PortFacts
from engine.store.sqlite import SqliteSiteStore
from statetrace_gui.devices.panel import DevicesPanel
from statetrace_gui.devices.query import query_devices


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "WLLS" / "WLLS.sqlite"
    store = SqliteSiteStore(path)
    store.write_host(DeviceFacts("WLLS-A01-AS-01", "Cisco", model="C9300-48P", ports=[
        PortFacts("Gi1/0/1", name="Printer-2F", status="connected", vlan=20, learned_macs=["0011.2233.4455"]),
        PortFacts("Gi1/0/2", name="AP-2F-03", status="connected", vlan=30, auth_client_mac="00aa.bbcc.0001"),
        PortFacts("Te1/1/1", name="Uplink-CORE", status="connected", vlan=0)]), "WLLS", datetime(2026, 1, 6))
    store.write_host(DeviceFacts("WLLS-A02-AS-07", "Arista", ports=[
        PortFacts("Et1", name="Desk 101", vlan=10, learned_macs=["001c.7300.0001", "001c.7300.0002"])]),
        "WLLS", datetime(2026, 1, 6))
    store.close()
    return path


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
def test_search(db: Path, search: str, hits: set[tuple[str, str]]) -> None:
    result = query_devices(str(db), search)
    assert {(r[0], r[1]) for r in result.interfaces} == hits
    assert {r[0] for r in result.devices} >= {h for h, _ in hits}


def test_one_device_and_missing_database(db: Path, tmp_path: Path) -> None:
    result = query_devices(str(db), "", host="WLLS-A02-AS-07")
    assert [r[1] for r in result.interfaces] == ["Et1"] and len(result.devices) == 2
    assert result.interface_columns[:3] == ["Hostname", "Port", "Name"]
    assert query_devices(str(tmp_path / "none.sqlite")).devices == []
    limited = query_devices(str(db), "", limit=2)
    assert limited.truncated and len(limited.interfaces) == 2


def test_panel_loads_on_a_pool_thread(db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = DevicesPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.sig_loaded, timeout=30_000):
        panel.set_site("WLLS", str(db))
    assert panel.devices_model.rowCount() == 2 and panel.interfaces_model.rowCount() == 4
    with qtbot.waitSignal(panel.sig_loaded, timeout=30_000):
        panel.search.setText("uplink")
    assert panel.interfaces_model.rowCount() == 1 and "1 devices, 1 interfaces" in panel.status.text()
