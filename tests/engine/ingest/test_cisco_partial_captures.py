"""End to end: Cisco captures missing the usual commands still give their ports.

A router captured with `show interfaces` but no `show interfaces status` gets its Interfaces rows from
`show interfaces`; a switch captured with only its status and MAC tables (no `show version`) is
recognised as Cisco IOS from its tables instead of being refused as "unknown vendor".
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from engine.cli import main
from engine.facts.vendor import detect_vendor

DATA = Path(__file__).parent / "data"
PARSING = Path(__file__).parents[1] / "parsing" / "data"


def rows(db: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture
def ingested(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "router.log").write_bytes((DATA / "oak_router_no_status_table.log").read_bytes())
    # The switch's capture with CR LF line ends, as a Windows terminal logs it.
    switch = (DATA / "oak_switch_tables_only.log").read_text()
    (src / "switch.log").write_bytes(switch.replace("\n", "\r\n").encode())
    # A third host captured with `show interfaces` alone: no version, no status table.
    router = (DATA / "oak_router_no_status_table.log").read_text()
    interfaces = router[router.index("OAK-WAN-RT-01#show interfaces"):].replace("OAK-WAN-RT-01", "OAK-IDF4-AS-01")
    (src / "interfaces_only.log").write_text(interfaces)
    home = tmp_path / "home"
    code = main(["ingest", "--json", "--processes", "1", str(src), "--home", str(home)])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["failures"]
    assert summary["failures"] == []
    return home / "data" / "OAK" / "OAK.sqlite"


def test_router_ports_come_from_show_interfaces(ingested: Path) -> None:
    dev = rows(ingested, "SELECT * FROM DeviceSummary WHERE Hostname = ?", "OAK-WAN-RT-01")[0]
    assert (dev["Make"], dev["Model"], dev["Version"], dev["SerialNumber"]) == (
        "Cisco", "ISR4451-X/K9", "17.9.4a", "FGL2231913Q")
    ports = {r["Port"]: r for r in rows(ingested, "SELECT * FROM Interfaces WHERE Hostname = ?", "OAK-WAN-RT-01")}
    # Physical ports only: the sub-interface and the loopback are not ports.
    assert sorted(ports) == ["Gi0/0/0", "Gi0/0/1", "Gi0/0/2", "Gi0/0/3"]
    got = {p: (r["Name"], r["Status"], r["Duplex"], r["Speed"], r["Type"]) for p, r in ports.items()}
    assert got == {
        "Gi0/0/0": ("WAN carrier circuit 4411", "connected", "full", "1000", "RJ45"),
        "Gi0/0/1": ("LAN core trunk", "connected", "full", "1000", "SX"),
        "Gi0/0/2": ("spare", "disabled", "auto", "auto", "RJ45"),
        "Gi0/0/3": ("Gi0/0/3", "notconnect", "auto", "auto", "RJ45"),
    }
    assert dev["Ports"] == 4


def test_switch_without_show_version_is_cisco_from_its_tables(ingested: Path) -> None:
    dev = rows(ingested, "SELECT * FROM DeviceSummary WHERE Hostname = ?", "OAK-IDF3-AS-02")[0]
    assert dev["Make"] == "Cisco"
    ports = {r["Port"]: r for r in rows(ingested, "SELECT * FROM Interfaces WHERE Hostname = ?", "OAK-IDF3-AS-02")}
    assert sorted(ports) == ["Gi1/0/1", "Gi1/0/2", "Gi1/0/3", "Gi1/0/4", "Te1/1/1"]
    p1 = ports["Gi1/0/1"]
    assert (p1["Name"], p1["Status"], p1["VLAN"], p1["Duplex"], p1["Speed"]) == (
        "Room 301 desk A", "connected", 30, "a-full", "a-1000")
    assert p1["LearnedMACs"] == "b8ca.3a5e.1101"
    assert (ports["Te1/1/1"]["Status"], ports["Te1/1/1"]["VLAN"], ports["Gi1/0/3"]["Status"]) == (
        "connected", 0, "disabled")


def test_tables_alone_decide_cisco_but_not_for_other_vendors() -> None:
    switch = (DATA / "oak_switch_tables_only.log").read_text()
    status = switch[switch.index("\nPort "):switch.index("OAK-IDF3-AS-02#show mac")]
    macs = switch[switch.index("          Mac Address Table"):switch.index("OAK-IDF3-AS-02#exit")]
    for sample in (status, macs):
        assert detect_vendor("", sample, "", ["show interfaces status"]).platform == "cisco_ios"
    # Arista's status and MAC tables (more columns, Et ports) stay Arista's or undecided, never Cisco's.
    for name in ("show_interfaces_status.txt", "show_mac_address-table.txt"):
        for path in (PARSING / "arista_eos").glob(f"*{name}"):
            assert detect_vendor("", path.read_text(), "", []).platform != "cisco_ios", path.name
    # Interface names alone (a neighbour table mentioning Gi1/0/1) are not enough.
    assert detect_vendor("", "Et1   core-sw1   Gi1/0/1\n", "", []).platform is None


def test_host_with_show_interfaces_alone_is_cisco_with_ports(ingested: Path) -> None:
    dev = rows(ingested, "SELECT * FROM DeviceSummary WHERE Hostname = ?", "OAK-IDF4-AS-01")[0]
    assert dev["Make"] == "Cisco"
    ports = {r["Port"]: r["Status"] for r in rows(ingested, "SELECT * FROM Interfaces WHERE Hostname = ?",
                                                   "OAK-IDF4-AS-01")}
    assert ports == {"Gi0/0/0": "connected", "Gi0/0/1": "connected", "Gi0/0/2": "disabled", "Gi0/0/3": "notconnect"}


def test_long_ios_names_decide_but_arista_and_nxos_names_do_not() -> None:
    assert detect_vendor("", "GigabitEthernet1/0/1 is up, line protocol is up (connected)\n", "", []).platform == \
        "cisco_ios"
    for line in ("Ethernet1 is up, line protocol is up (connected)", "Ethernet1/1 is up",
                 "GigabitEthernet0/0/0/0 is up, line protocol is up"):
        assert detect_vendor("", line + "\n", "", []).platform != "cisco_ios", line
