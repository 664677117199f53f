"""End to end: Aruba AOS-CX and HP ProCurve hosts beside a Cisco one, with each CLI's artefacts
(CR LF line ends, ProCurve's ANSI cursor codes and `-- MORE --` pager)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from engine.cli import main

PARSING = Path(__file__).parents[1] / "parsing" / "data"
TRANSCRIPTS = Path(__file__).parents[2] / "data" / "transcripts"


def block(prompt: str, command: str, text: str) -> str:
    return f"{prompt}{command}\n{text.rstrip()}\n\n"


def aoscx_session() -> str:
    data = PARSING / "aruba_aoscx"
    prompt = "MAPL-IDF2-AS-01# "
    out = prompt + "no page\n"
    for command, name in (("show system", "show_system.txt"), ("show version", "show_version.txt"),
                          ("show interface brief", "show_interface_brief.txt"),
                          ("show interface", "show_interface.txt"),
                          ("show mac-address-table", "show_mac-address-table.txt"),
                          ("show running-config", "show_running-config.txt"),
                          ("show aaa authentication port-access interface all client-status",
                           "show_aaa_authentication_port-access_interface_all_client-status.txt")):
        out += block(prompt, command, (data / name).read_text())
    return out + prompt + "exit\n"


def procurve_session() -> str:
    data = PARSING / "hp_procurve"
    prompt = "ELM-IDF1-AS-03# "
    out = ""
    for command, name in (("show system", "show_system.txt"), ("show version", "show_version.txt"),
                          ("show interfaces brief", "show_interfaces_brief.txt"),
                          ("show mac-address", "show_mac-address.txt"),
                          ("show running-config", "show_running-config.txt"),
                          ("show port-access clients", "show_port-access_clients.txt")):
        out += block(prompt, command, (data / name).read_text())
    # The pager in the middle of the port table, erased with the cursor codes ProCurve sends.
    pager = "-- MORE --, next page: Space, next line: Enter, quit: Control-C\x1b[24;1H\x1b[2K"
    out = out.replace("  4            100/1000T", pager + "  4            100/1000T", 1)
    out = out.replace("ELM-IDF1-AS-03# show", "\x1b[1;24r\x1b[24;1HELM-IDF1-AS-03# show")
    # The login banner and menu before the first prompt: no host, no block.
    banner = ("HP J9727A Switch 2920-24G-PoE+\nSoftware revision WB.16.10.0012\n\n(C) Copyright 2020 Hewlett "
              "Packard Enterprise Development LP\n\n RESTRICTED RIGHTS LEGEND\n\nPress any key to continue\n"
              "\x1b[2J\x1b[?7l\x1b[3;23r\x1b[?6l\x1b[1;1H ELM-IDF1-AS-03 Main Menu\n\n 1. Status and Counters...\n"
              " 2. Switch Configuration...\n 5. Command Line (CLI)\n\x1b[2J\x1b[1;1H")
    return (banner + out).replace("\n", "\r\n")


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
    (src / "mapl_aoscx.log").write_text(aoscx_session().replace("\n", "\r\n"), newline="")
    (src / "elm_procurve.log").write_bytes(procurve_session().encode())
    (src / "cisco.log").write_bytes((TRANSCRIPTS / "wlls_batch01.log").read_bytes())
    home = tmp_path / "home"
    code = main(["ingest", "--json", "--processes", "1", str(src), "--home", str(home)])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["failures"]
    return home, summary


def test_aoscx_host_is_ingested(ingested: tuple[Path, dict]) -> None:
    home, summary = ingested
    assert {"MAPL", "ELM", "WLLS"} <= set(summary["sites"])
    assert summary["failed"] == 0 and summary["parsed"] == summary["hosts"]
    db = home / "data" / "MAPL" / "MAPL.sqlite"
    dev = rows(db, "SELECT * FROM DeviceSummary WHERE Hostname = ?", "MAPL-IDF2-AS-01")[0]
    assert (dev["Make"], dev["Model"], dev["Version"], dev["SerialNumber"]) == (
        "Aruba", "JL728A 6200F 48G CL4 4SFP+ 740W Swch", "GL.10.12.1010", "SG19KW302C")
    assert dev["Uptime"] == "3 weeks, 4 days, 6 hours, 17 minutes"
    assert (dev["Building"], dev["Room"], dev["Ports"]) == ("3", "214", 5)
    ports = {r["Port"]: r for r in rows(db, "SELECT * FROM Interfaces WHERE Hostname = ?", "MAPL-IDF2-AS-01")}
    assert sorted(ports) == ["1/1/1", "1/1/2", "1/1/3", "1/1/49", "lag1"]
    p1 = ports["1/1/1"]
    assert (p1["Name"], p1["Status"], p1["VLAN"], p1["Duplex"], p1["Speed"], p1["Type"]) == (
        "AP-Lobby East", "connected", 20, "full", "1000", "1GbT")
    assert p1["LearnedMACs"] == "b8ca.3a10.224f,848a.8d41.009c"
    assert (p1["AuthMode"], p1["AuthTemplate"], p1["AuthState"], p1["AuthClientMAC"]) == (
        "dot1x", "dot1x", "Authorized", "b8ca.3a10.224f")
    assert (ports["1/1/3"]["AuthState"], ports["1/1/3"]["AuthMode"]) == ("Unauthorized", "macauth")
    assert (ports["1/1/2"]["Status"], ports["1/1/3"]["Status"], ports["1/1/3"]["Name"]) == (
        "disabled", "notconnect", "Printer 2nd floor")
    assert (ports["1/1/49"]["Name"], ports["1/1/49"]["VLAN"]) == ("uplink MAPL-MDF-DS-01 Te1/0/7", 1)


def test_procurve_host_is_ingested_through_pager_and_ansi(ingested: tuple[Path, dict]) -> None:
    home, _summary = ingested
    db = home / "data" / "ELM" / "ELM.sqlite"
    assert [r["Hostname"] for r in rows(db, "SELECT Hostname FROM DeviceSummary")] == ["ELM-IDF1-AS-03"]
    dev = rows(db, "SELECT * FROM DeviceSummary WHERE Hostname = ?", "ELM-IDF1-AS-03")[0]
    assert (dev["Make"], dev["Model"], dev["Version"], dev["SerialNumber"], dev["Uptime"]) == (
        "HP", "J9727A", "KB.16.10.0012", "SG83JQN0XB", "41 days")
    assert (dev["Building"], dev["Room"]) == ("1", "108")
    ports = {r["Port"]: r for r in rows(db, "SELECT * FROM Interfaces WHERE Hostname = ?", "ELM-IDF1-AS-03")}
    assert sorted(ports) == ["1", "2", "23", "24", "25", "3", "4"]
    p1 = ports["1"]
    assert (p1["Name"], p1["Status"], p1["VLAN"], p1["Duplex"], p1["Speed"], p1["Type"]) == (
        "Staff desk 108-1", "connected", 20, "full", "1000", "100/1000T")
    assert p1["LearnedMACs"] == "b8ca.3a10.2250,848a.8d41.009d"
    assert (p1["AuthMode"], p1["AuthTemplate"], p1["AuthState"], p1["AuthClientMAC"]) == (
        "dot1x", "dot1x", "Authorized", "b8ca.3a10.2250")
    assert (ports["4"]["AuthMode"], ports["4"]["AuthState"]) == ("macauth", "Unauthorized")
    assert (ports["3"]["Status"], ports["3"]["VLAN"], ports["4"]["VLAN"], ports["4"]["Speed"]) == (
        "disabled", 1, 30, "100")
    assert (ports["24"]["Speed"], ports["24"]["AuthMode"]) == ("10000", "open")
