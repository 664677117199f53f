"""HP ProCurve / Aruba AOS-S parsers: 2930F captures field by field, ntc-templates differential."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.parsing import parse_show
from engine.parsing.hp_procurve import expand_ports
from tests.engine.parsing.ntc_oracle import ntc, ntc_parse

DATA = Path(__file__).parent / "data" / "hp_procurve"
HP = "hp_procurve"
needs_ntc = pytest.mark.skipif(ntc_parse is None, reason="ntc-templates is not installed")


def capture(name: str) -> str:
    return (DATA / name).read_text()


def test_show_system() -> None:
    [rec] = parse_show(HP, "show system", capture("show_system.txt"))
    assert (rec["name"], rec["serial"], rec["software_version"], rec["rom_version"], rec["uptime"]) == (
        "ELM-IDF1-AS-03", "SG83JQN0XB", "KB.16.10.0012", "KB.16.01.0008", "41 days")
    assert (rec["location"].strip(), rec["contact"].strip(), rec["mac_address"]) == (
        "Bldg_1_Floor_1_Room_108 Main IDF", "Facilities Help Desk", "9c8e99-4410c0")


def test_show_system_vsf_members() -> None:
    text = ("  System Name        : ELM-CORE\n  Software revision  : WC.16.11.0002\n\n VSF-Member :1\n\n"
            "  ROM Version        : WC.16.01.0010\n  Up Time            : 9 days\n  Serial Number      : CN11AAA001\n"
            " VSF-Member :2\n\n  ROM Version        : WC.16.01.0010\n  Up Time            : 9 days\n"
            "  Serial Number      : CN11AAA002\n")
    recs = parse_show(HP, "show system", text)
    assert [(r["name"], r["member_id"], r["serial"], r["software_version"]) for r in recs] == [
        ("ELM-CORE", "1", "CN11AAA001", "WC.16.11.0002"), ("ELM-CORE", "2", "CN11AAA002", "WC.16.11.0002")]


def test_show_version_switch_layout() -> None:
    [rec] = parse_show(HP, "show ver", capture("show_version.txt"))
    assert (rec["version"], rec["build_date"], rec["build"], rec["boot_image"], rec["model"]) == (
        "KB.16.10.0012", "Fri Aug 14 11:32:05 2020", "887", "Primary", "")


def test_show_version_access_point_layout_is_the_templates() -> None:
    text = ("Aruba Operating System Software.\nArubaOS (MODEL: 515), Version 8.10.0.6 LSR\n"
            "AP uptime is 3 days 2 hours\n")
    [rec] = parse_show(HP, "show version", text)
    assert (rec["model"], rec["version"], rec["uptime"]) == ("515", "8.10.0.6 LSR", "3 days 2 hours")


def test_show_interfaces_brief() -> None:
    recs = parse_show(HP, "show int br", capture("show_interfaces_brief.txt"))
    assert [(r["port"], r["type"], r["enabled"], r["status"], r["mode"], r["mdi_mode"]) for r in recs] == [
        ("1", "100/1000T", "Yes", "Up", "1000FDx", "MDIX"), ("2", "100/1000T", "Yes", "Down", "1000FDx", "Auto"),
        ("3", "100/1000T", "No", "Down", "1000FDx", "Auto"), ("4", "100/1000T", "Yes", "Up", "100FDx", "MDI"),
        ("23", "100/1000T", "Yes", "Up", "1000FDx", "MDIX"), ("24-Trk1", "SFP+SR", "Yes", "Up", "10GigFD", "NA"),
        ("25", "SFP+SR", "Yes", "Down", ".", "")]


def test_show_mac_address() -> None:
    recs = parse_show(HP, "show mac-address", capture("show_mac-address.txt"))
    assert [(r["mac_address"], r["port"], r["vlan_id"]) for r in recs] == [
        ("b8ca3a-102250", "1", "20"), ("848a8d-41009d", "1", "40"), ("3c18a0-0e7731", "4", "30"),
        ("7018a7-55e001", "Trk1", "1"), ("7018a7-55e001", "Trk1", "20")]


def test_show_vlans() -> None:
    recs = parse_show(HP, "show vlans", capture("show_vlans.txt"))
    assert [(r["vlan_id"], r["vlan_name"], r["status"], r["voice"], r["jumbo"]) for r in recs] == [
        ("1", "DEFAULT_VLAN", "Port-based", "No", "No"), ("20", "STAFF DATA", "Port-based", "No", "No"),
        ("30", "Printers", "Port-based", "No", "No"), ("40", "VOICE", "Port-based", "Yes", "No")]


def test_show_running_config_vlan_membership_per_port() -> None:
    recs = parse_show(HP, "show running-config", capture("show_running-config.txt"))
    system = recs[-1]
    assert (system["hostname"], system["location"], system["contact"]) == (
        "ELM-IDF1-AS-03", "Bldg_1_Floor_1_Room_108 Main IDF", "Facilities Help Desk")
    ports = {r["interface"]: r for r in recs[:-1]}
    assert (ports["1"]["name"], ports["1"]["untagged_vlan"], ports["1"]["tagged_vlans"]) == (
        "Staff desk 108-1", "20", ["40"])
    assert (ports["3"]["disabled"], ports["3"]["untagged_vlan"]) == ("yes", "1")
    assert (ports["4"]["untagged_vlan"], ports["23"]["untagged_vlan"]) == ("30", "1")
    assert ports["Trk1"]["tagged_vlans"] == ["1", "20", "30", "40"]


def test_expand_ports() -> None:
    assert expand_ports("1-4,A1-A3,Trk1-Trk2,24") == ["1", "2", "3", "4", "A1", "A2", "A3", "Trk1", "Trk2", "24"]
    assert expand_ports("1/1-1/3,2/5") == ["1/1", "1/2", "1/3", "2/5"]


# ----------------------------------------------------------------------------------- ntc differential

_CASES = [("show system", "show_system.txt"), ("show interfaces brief", "show_interfaces_brief.txt"),
          ("show mac-address", "show_mac-address.txt"), ("show vlans", "show_vlans.txt")]


@needs_ntc
@pytest.mark.parametrize(("command", "name"), _CASES)
def test_same_as_ntc(command: str, name: str) -> None:
    text = capture(name)
    mine, theirs = parse_show(HP, command, text), ntc(HP, command, text)
    assert len(mine) == len(theirs) > 0
    for got, want in zip(mine, theirs, strict=True):
        assert {k: got[k] for k in want} == want


def test_show_port_access_clients() -> None:
    recs = parse_show(HP, "show port-access clients", capture("show_port-access_clients.txt"))
    assert [(r["port"], r["client_name"], r["mac_address"], r["status"], r["method"]) for r in recs] == [
        ("1", "jsmith", "b8ca3a-102250", "Authenticated", "802.1X"),
        ("1", "848a8d41009d", "848a8d-41009d", "Authenticated", "MAC-Based"),
        ("4", "3c18a00e7731", "3c18a0-0e7731", "Unauthenticated", "MAC-Based")]
