"""End to end: a Junos host (user@host> prompts, {master:0} lines, ---(more)--- pager, CR LF) and an NX-OS
host captured without `show version`, beside a Cisco IOS one."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from engine.cli import main

PARSING = Path(__file__).parents[1] / "parsing" / "data"
TRANSCRIPTS = Path(__file__).parents[2] / "data" / "transcripts"


def junos_session() -> str:
    data = PARSING / "juniper_junos"
    prompt = "netops@OAK-IDF2-EX-01> "
    out = prompt + "set cli screen-length 0\nScreen length set to 0\n\n{master:0}\n"
    for command, name in (("show version", "ex2300_show_version.txt"),
                          ("show configuration | no-more", "ex2300_show_configuration.txt"),
                          ("show interfaces", "ex2300_show_interfaces.txt"),
                          ("show ethernet-switching table", "ex2300_show_ethernet-switching_table.txt")):
        text = (data / name).read_text().rstrip()
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
                          ("show running-config", "n9k_show_running-config.txt")):
        out += f"{prompt}{command}\n{(data / name).read_text().rstrip()}\n\n"
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
    assert (dev["Building"], dev["Room"], dev["Ports"]) == ("4", "IDF2", 2)
    ports = {r["Port"]: r for r in rows(db, "SELECT * FROM Interfaces WHERE Hostname = ?", "OAK-IDF2-EX-01")}
    assert sorted(ports) == ["ge-0/0/0", "ge-0/0/1"]
    ap = ports["ge-0/0/0"]
    assert (ap["Name"], ap["Status"], ap["Type"], ap["Speed"], ap["Duplex"]) == (
        "AP-4-201", "connected", "Trunk", "1000mbps", "full")
    assert ap["LearnedMACs"] == "5c5a.c710.22e9"
    assert (ports["ge-0/0/1"]["Status"], ports["ge-0/0/1"]["Name"]) == ("disabled", "spare")


def test_nxos_host_without_show_version_is_ingested(ingested: tuple[Path, dict]) -> None:
    home, _summary = ingested
    db = home / "data" / "OAK" / "OAK.sqlite"
    dev = rows(db, "SELECT * FROM DeviceSummary WHERE Hostname = ?", "OAK-DC1-LF-07")[0]
    assert (dev["Make"], dev["Room"]) == ("Cisco", "DC2")
    ports = {r["Port"]: r for r in rows(db, "SELECT * FROM Interfaces WHERE Hostname = ?", "OAK-DC1-LF-07")}
    assert len(ports) == 9
    printer = ports["Eth1/3"]
    assert (printer["Name"], printer["Status"], printer["VLAN"], printer["LearnedMACs"]) == (
        "printer-lab-3", "notconnect", 30, "00c0.ee41.0b2f")
    assert ports["Po20"]["LearnedMACs"] == "0050.5681.2c3d,0050.5681.77e0"
