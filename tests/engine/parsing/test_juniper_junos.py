"""Juniper Junos parsers: EX2300 captures field by field, pager artefacts, ntc-templates differential."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.parsing import parse_show

try:
    from ntc_templates.parse import parse_output
except ImportError:  # pragma: no cover - the test extra installs it
    parse_output = None

DATA = Path(__file__).parent / "data" / "juniper_junos"
Record = dict[str, Any]


def capture(name: str) -> str:
    return (DATA / name).read_text()


def parse(command: str, name: str) -> list[Record]:
    return parse_show("juniper_junos", command, capture(name))


def test_version_ex2300() -> None:
    [rec] = parse("show version", "ex2300_show_version.txt")
    assert (rec["hostname"], rec["model"], rec["junos_version"], rec["serial_number"]) == (
        "bldg4-idf2-ex01", "ex2300-48p", "21.4R3-S5.4", "")


def test_version_of_old_junos_reads_the_release_line() -> None:
    text = ("Hostname: br-sw1\nModel: ex4200-48t\nJUNOS Base OS boot [12.3R12.4]\n"
            "JUNOS Base OS Software Suite [12.3R12.4]\nJUNOS Kernel Software Suite [12.3R12.4]\n")
    [rec] = parse_show("juniper_junos", "show version", text)
    assert (rec["hostname"], rec["model"], rec["junos_version"]) == ("br-sw1", "ex4200-48t", "12.3R12.4")


def test_interfaces_ex2300_with_pager_and_admin_down() -> None:
    recs = {r["interface"]: r for r in parse("show interfaces", "ex2300_show_interfaces.txt")}
    assert list(recs) == ["ge-0/0/0", "ge-0/0/0.0", "ge-0/0/1", "irb", "irb.40"]
    ge0 = recs["ge-0/0/0"]
    assert (ge0["admin_state"], ge0["link_status"], ge0["description"], ge0["hardware_type"], ge0["mtu"]) == (
        "Enabled", "Up", "AP-4-201", "Ethernet", "1514")
    assert (ge0["speed"], ge0["duplex"], ge0["mac_address"]) == ("1000mbps", "Full-duplex", "4c:16:fc:2a:91:03")
    # The template needs a one-word admin state and drops this interface.
    ge1 = recs["ge-0/0/1"]
    assert (ge1["admin_state"], ge1["link_status"], ge1["description"]) == ("Administratively down", "Down", "spare")
    assert ge1["mac_address"] == "4c:16:fc:2a:91:04"  # the line after the ---(more)--- prompt
    assert (recs["ge-0/0/0.0"]["link_status"], recs["irb.40"]["mtu"]) == ("Up", "1500")


def test_interfaces_terse() -> None:
    recs = parse("show interfaces terse", "ex2300_show_interfaces_terse.txt")
    assert [(r["interface"], r["admin_state"], r["link_status"]) for r in recs] == [
        ("ge-0/0/0", "up", "up"), ("ge-0/0/0.0", "up", "up"), ("ge-0/0/1", "down", "down"),
        ("ge-0/0/1.0", "up", "down"), ("irb", "up", "up"), ("irb.40", "up", "up"), ("me0", "up", "down"),
        ("vme", "up", "down")]
    assert (recs[5]["proto"], recs[5]["local"]) == ("inet", "10.4.40.2/24")
    assert recs[1]["proto"] == "eth-switch"


def test_ethernet_switching_table_keeps_named_vlans() -> None:
    recs = parse("show ethernet-switching table", "ex2300_show_ethernet-switching_table.txt")
    assert [(r["vlan_name"], r["vlan_id"], r["mac_address"], r["mac_flag"], r["logical_interface"]) for r in recs] == [
        ("STAFF", "STAFF", "00:1b:21:7c:88:01", "D", "ge-0/0/10.0"),
        ("Vlan40", "40", "5c:5a:c7:10:22:e9", "D", "ge-0/0/0.0"),
        ("voice-60", "voice-60", "00:04:f2:aa:10:3c", "D", "ge-0/0/11.0"),
        ("default", "default", "4c:16:fc:2a:91:80", "S", "ae0.0")]


def test_ethernet_switching_table_layouts() -> None:
    no_age = ("   Vlan                MAC                 MAC      Logical                Active\n"
              "   name                address             flags    interface              source\n"
              "   VLAN100             00:00:5e:00:01:01   D        ae0.0\n")
    [rec] = parse_show("juniper_junos", "show ethernet-switching table", no_age)
    assert (rec["vlan_id"], rec["age"], rec["logical_interface"]) == ("100", "", "ae0.0")
    legacy = ("Ethernet-switching table: 2 entries, 1 learned\n"
              "  VLAN              MAC address       Type         Age Interfaces\n"
              "  default           *                 Flood          - All-members\n"
              "  users             00:1f:12:34:56:78 Learn          0 ge-0/0/1.0\n")
    [rec] = parse_show("juniper_junos", "show ethernet-switching table", legacy)
    assert (rec["vlan_name"], rec["mac_address"], rec["mac_flag"], rec["age"], rec["logical_interface"]) == (
        "users", "00:1f:12:34:56:78", "Learn", "0", "ge-0/0/1.0")


def test_lldp_neighbors_with_blanks_in_port_and_name() -> None:
    recs = parse("show lldp neighbors", "ex2300_show_lldp_neighbors.txt")
    assert [tuple(r.values()) for r in recs] == [
        ("ge-0/0/0", "-", "94:b4:0f:c2:3a:10", "eth0", "AP-4-201"),
        ("ge-0/1/0", "ae0", "00:31:46:0d:7e:00", "Te1/0/12", "core-sw-a.example.net"),
        ("ge-0/0/11", "-", "00:04:f2:aa:10:3c", "Port 1", "Polycom VVX 411")]


def test_lldp_neighbors_without_parent_column() -> None:
    text = ("Local Interface    Chassis Id          Port info          System Name\n"
            "ge-0/0/47          00:31:46:0d:7e:00   Gi1/0/1            dist-1\n")
    [rec] = parse_show("juniper_junos", "show lldp neighbors", text)
    assert (rec["local_interface"], rec["parent_interface"], rec["chassis_id"], rec["neighbor_interface"],
            rec["neighbor_name"]) == ("ge-0/0/47", "", "00:31:46:0d:7e:00", "Gi1/0/1", "dist-1")


def test_crlf_and_more_prompts_glued_to_lines() -> None:
    text = capture("ex2300_show_interfaces_terse.txt")
    mangled = text.replace("me0 ", "---(more 80%)---me0 ").replace("\n", "\r\n")
    assert parse_show("juniper_junos", "show interfaces terse", mangled) == parse(
        "show interfaces terse", "ex2300_show_interfaces_terse.txt")


def _template_safe(text: str) -> str:
    """The capture without what the template raises on: the pager line, lines it has no rule for
    (IEEE 802.3az, PoE) and the "Administratively down" interface (its rule needs a one-word state)."""
    blocks = text.split("\n\nPhysical interface: ")
    kept = [b for b in blocks if "Administratively down" not in b]
    lines = "\n\nPhysical interface: ".join(kept).split("\n")
    return "\n".join(line for line in lines if not line.startswith(("---(more", "  IEEE 802.3az", "  PoE ")))


@pytest.mark.skipif(parse_output is None, reason="ntc-templates is not installed")
@pytest.mark.parametrize(("command", "name", "fields"), [
    ("show version", "ex2300_show_version.txt", ["hostname", "model", "junos_version", "serial_number"]),
    ("show interfaces", "ex2300_show_interfaces.txt",
     ["interface", "link_status", "admin_state", "description", "hardware_type", "mtu"]),
])
def test_captures_match_ntc(command: str, name: str, fields: list[str]) -> None:
    text = _template_safe(capture(name))
    ours = parse_show("juniper_junos", command, text)
    theirs = parse_output(platform="juniper_junos", command=command, data=text)
    assert [{f: r[f] for f in fields} for r in ours] == [{f: r[f] for f in fields} for r in theirs]
    assert len(ours) >= 1


@pytest.mark.skipif(parse_output is None, reason="ntc-templates is not installed")
def test_switching_table_matches_ntc_on_vlan_names_it_reads() -> None:
    full = capture("ex2300_show_ethernet-switching_table.txt")
    ours = [r for r in parse_show("juniper_junos", "show ethernet-switching table", full)
            if r["vlan_name"].startswith("Vlan")]
    # The template raises on rows of other VLAN names: it sees only the others.
    text = "\n".join(line for line in full.split("\n") if not line.startswith(("    STAFF", "    voice", "    default")))
    theirs = parse_output(platform="juniper_junos", command="show ethernet-switching table", data=text)
    fields = ["vlan_id", "mac_address", "mac_flag", "logical_interface"]
    assert [{f: r[f] for f in fields} for r in ours] == [{f: r[f] for f in fields} for r in theirs]


def test_configuration_as_set_statements_from_braces_or_display_set() -> None:
    recs = parse("show configuration", "ex2300_show_configuration.txt")
    statements = [r["statement"] for r in recs]
    assert "set system host-name bldg4-idf2-ex01" in statements
    assert "set interfaces ge-0/0/0 unit 0 family ethernet-switching vlan members [ STAFF VOICE ]" in statements
    assert "set protocols dot1x authenticator interface ge-0/0/10.0 mac-radius" in statements
    desk = next(r for r in recs if r["path"][:3] == ["interfaces", "ge-0/0/10", "description"])
    assert desk["path"] == ["interfaces", "ge-0/0/10", "description", "Room 4-210 desk"]
    as_set = "\n".join("set " + " ".join(f'"{w}"' if " " in w else w for w in r["path"]) for r in recs)
    assert parse_show("juniper_junos", "show configuration | display set", as_set + "\n\n{master:0}\n") == recs


def test_dot1x_interface_brief_every_supplicant_row() -> None:
    recs = parse("show dot1x interface", "ex2300_show_dot1x_interface.txt")
    assert [(r["interface"], r["state"], r["mac_address"], r["user"]) for r in recs] == [
        ("ge-0/0/10.0", "Authenticated", "00:1B:21:7C:88:01", "OAKDOM\\jlee"),
        ("ge-0/0/10.0", "Authenticated", "00:0b:82:4e:17:c5", "000b824e17c5"),
        ("ge-0/0/11.0", "Connecting", "", ""),
        ("ge-0/0/12.0", "Held", "a4:5e:60:d1:02:9b", "guest kiosk"),  # a user name with a blank stays whole
        ("ge-0/0/13.0", "Initialize", "", ""),  # the row after the ---(more)--- prompt
    ]
    assert {r["role"] for r in recs} == {"Authenticator"}


def test_dot1x_interface_old_layout_without_role_pager_glued_and_cr_lf() -> None:
    text = ("Interface     State           MAC address          User\r\n"
            "ge-0/0/2.0    Authenticated   00:00:5e:00:53:0a    alice\r\n"
            "---(more 60%)---ge-0/0/3.0    Connecting\r\n\r\n{master:0}\r\n")
    assert parse_show("juniper_junos", "sh dot1x int", text) == [
        {"interface": "ge-0/0/2.0", "role": "", "state": "Authenticated", "mac_address": "00:00:5e:00:53:0a",
         "user": "alice"},
        {"interface": "ge-0/0/3.0", "role": "", "state": "Connecting", "mac_address": "", "user": ""}]
