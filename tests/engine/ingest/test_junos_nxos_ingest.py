"""End to end: a Junos host (user@host> prompts, {master:0} lines, ---(more)--- pager, CR LF) and an NX-OS
host captured without `show version`, beside a Cisco IOS one; both with their 802.1X state tables."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from engine.cli import main

PARSING = Path(__file__).parents[1] / "parsing" / "data"
TRANSCRIPTS = Path(__file__).parents[2] / "data" / "transcripts"
# The 802.1X desk port the capture's configuration names, as `show interfaces` prints it.
JUNOS_DESK = """
Physical interface: ge-0/0/10, Enabled, Physical link is Up
  Interface index: 660, SNMP ifIndex: 525
  Description: Room 4-210 desk
  Link-level type: Ethernet, MTU: 1514, Link-mode: Full-duplex, Speed: 1000mbps, BPDU Error: None, Loopback: Disabled
  Current address: 4c:16:fc:2a:91:0d, Hardware address: 4c:16:fc:2a:91:0d

  Logical interface ge-0/0/10.0 (Index 560) (SNMP ifIndex 548)
    Flags: Up SNMP-Traps 0x0 Encapsulation: Ethernet-Bridge
    Protocol eth-switch, MTU: 1514
"""
NXOS_DESK_STATUS = "Eth1/5        lab-desk-5         connected 30        full    1000    1000base-T\n"
NXOS_DESK_CONFIG = "\ninterface Ethernet1/5\n  switchport access vlan 30\n  dot1x port-control auto\n"


def junos_session() -> str:
    data = PARSING / "juniper_junos"
    prompt = "netops@OAK-IDF2-EX-01> "
    out = prompt + "set cli screen-length 0\nScreen length set to 0\n\n{master:0}\n"
    for command, name in (("show version", "ex2300_show_version.txt"),
                          ("show configuration | no-more", "ex2300_show_configuration.txt"),
                          ("show interfaces", "ex2300_show_interfaces.txt"),
                          ("show ethernet-switching table", "ex2300_show_ethernet-switching_table.txt"),
                          ("show dot1x interface", "ex2300_show_dot1x_interface.txt")):
        text = (data / name).read_text().rstrip()
        if command == "show interfaces":
            text = text.removesuffix("{master:0}").rstrip() + "\n" + JUNOS_DESK
        if not text.endswith("{master:0}"):
            text += "\n\n{master:0}"
        out += f"{prompt}{command}\n{text}\n"
    return (out + prompt + "exit\n").replace("\n", "\r\n")


def nxos_session() -> str:
    data = PARSING / "cisco_nxos"
    prompt = "OAK-DC1-LF-07# "
    out = prompt + "terminal length 0\n"
    for command, name in (("show interface status", "n9k_show_interface_status.txt"),
                          ("show mac address-table", "n9k_show_mac_address-table.txt"),
                          ("show running-config", "n9k_show_running-config.txt"),
                          ("show dot1x all summary", "n9k_show_dot1x_all_summary.txt")):
        text = (data / name).read_text().rstrip()
        text += {"show interface status": "\n" + NXOS_DESK_STATUS.rstrip(),
                 "show running-config": "\n" + NXOS_DESK_CONFIG.rstrip()}.get(command, "")
        out += f"{prompt}{command}\n{text}\n\n"
    return out + prompt + "exit\n"


def rows(db: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture
def ingested(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, dict]:
    src = tmp_path / "in"
    src.mkdir()
    (src / "oak_junos.log").write_text(junos_session(), newline="")
    (src / "oak_nxos.log").write_text(nxos_session())
    (src / "cisco.log").write_bytes((TRANSCRIPTS / "wlls_batch01.log").read_bytes())
    home = tmp_path / "home"
    code = main(["ingest", "--json", "--processes", "1", str(src), "--home", str(home)])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["failures"]
    return home, summary


def test_junos_host_is_ingested(ingested: tuple[Path, dict]) -> None:
    home, summary = ingested
    assert {"OAK", "WLLS"} <= set(summary["sites"])
    db = home / "data" / "OAK" / "OAK.sqlite"
    dev = rows(db, "SELECT * FROM DeviceSummary WHERE Hostname = ?", "OAK-IDF2-EX-01")[0]
    assert (dev["Make"], dev["Model"], dev["Version"]) == ("Juniper", "ex2300-48p", "21.4R3-S5.4")
    assert (dev["Building"], dev["Room"], dev["Ports"]) == ("4", "IDF2", 3)
    ports = {r["Port"]: r for r in rows(db, "SELECT * FROM Interfaces WHERE Hostname = ?", "OAK-IDF2-EX-01")}
    assert sorted(ports) == ["ge-0/0/0", "ge-0/0/1", "ge-0/0/10"]
    ap = ports["ge-0/0/0"]
    assert (ap["Name"], ap["Status"], ap["Type"], ap["Speed"], ap["Duplex"]) == (
        "AP-4-201", "connected", "Trunk", "1000mbps", "full")
    assert ap["LearnedMACs"] == "5c5a.c710.22e9"
    assert (ports["ge-0/0/1"]["Status"], ports["ge-0/0/1"]["Name"]) == ("disabled", "spare")
    desk = ports["ge-0/0/10"]
    assert (desk["AuthState"], desk["AuthMode"], desk["AuthClientMAC"]) == ("Authorized", "dot1x", "001b.217c.8801")
    assert (ap["AuthState"], ap["AuthMode"]) == ("Open", "open")


def test_nxos_host_without_show_version_is_ingested(ingested: tuple[Path, dict]) -> None:
    home, _summary = ingested
    db = home / "data" / "OAK" / "OAK.sqlite"
    dev = rows(db, "SELECT * FROM DeviceSummary WHERE Hostname = ?", "OAK-DC1-LF-07")[0]
    assert (dev["Make"], dev["Room"]) == ("Cisco", "DC2")
    ports = {r["Port"]: r for r in rows(db, "SELECT * FROM Interfaces WHERE Hostname = ?", "OAK-DC1-LF-07")}
    assert len(ports) == 10
    printer = ports["Eth1/3"]
    assert (printer["Name"], printer["Status"], printer["VLAN"], printer["LearnedMACs"]) == (
        "printer-lab-3", "notconnect", 30, "00c0.ee41.0b2f")
    assert ports["Po20"]["LearnedMACs"] == "0050.5681.2c3d,0050.5681.77e0"
    assert (printer["AuthState"], printer["AuthClientMAC"]) == ("Unauthorized", "")
    desk = ports["Eth1/5"]
    assert (desk["AuthState"], desk["AuthMode"], desk["AuthClientMAC"]) == ("Authorized", "dot1x", "001b.217c.8801")
