"""Juniper Junos and Cisco NX-OS: detection with and without `show version`, IOS-XR refused by name, facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.facts.build import FactsError, build_facts
from engine.facts.vendor import detect_vendor
from engine.parsing._junos_config import set_lines

DATA = Path(__file__).parents[1] / "parsing" / "data"


def junos(name: str) -> str:
    return (DATA / "juniper_junos" / f"ex2300_{name}.txt").read_text()


def nxos(name: str) -> str:
    return (DATA / "cisco_nxos" / f"n9k_{name}.txt").read_text()


def test_banners_decide() -> None:
    assert (detect_vendor(junos("show_version"), "", "", []).platform, detect_vendor(
        junos("show_version"), "", "", []).make) == ("juniper_junos", "Juniper")
    found = detect_vendor(nxos("show_version"), "", "", [])
    assert (found.platform, found.make) == ("cisco_nxos", "Cisco")


@pytest.mark.parametrize("tables", [("show_interface_status",), ("show_mac_address-table",), ("show_interface",),
                                    ("show_interface_status", "show_mac_address-table")])
def test_nxos_without_show_version_is_recognised_from_its_tables(tables: tuple[str, ...]) -> None:
    sample = "\n".join(nxos(t)[:4000] for t in tables)
    found = detect_vendor("", sample, "", [t.replace("_", " ") for t in tables])
    assert found.platform == "cisco_nxos", found.reason


def test_junos_prompt_and_tables_without_show_version() -> None:
    sample = junos("show_interfaces_terse") + junos("show_ethernet-switching_table")
    assert detect_vendor("", sample, "netops@", ["show interfaces terse"]).platform == "juniper_junos"


def test_ios_xr_is_refused_by_name() -> None:
    version = ("Cisco IOS XR Software, Version 7.5.2\nCopyright (c) 2013-2022 by Cisco Systems, Inc.\n\n"
               "Build Information:\n Built By     : ingunawa\n\ncisco 8201-32FH (Intel(R) Xeon(R) CPU) processor\n")
    found = detect_vendor(version, version, "", ["show version"])
    assert found.platform is None and found.reason == "unsupported vendor Cisco IOS XR (cisco_xr)"
    # Without `show version`, the node prefix of its prompt in the output says it as well.
    sample = "RP/0/RP0/CPU0:rtsw.8201-1#show interfaces brief\nRP/0/RP0/CPU0:rtsw.8201-1#\n"
    found = detect_vendor("", sample, "", ["show interfaces brief"])
    assert found.platform is None and "IOS XR" in found.reason


def test_junos_brace_and_set_configurations_give_the_same_lines() -> None:
    braces = set_lines(junos("show_configuration"))
    as_set = "\n".join("set " + " ".join(f'"{w}"' if " " in w else w for w in line) for line in braces)
    assert set_lines(as_set) == braces
    assert ["system", "host-name", "bldg4-idf2-ex01"] in braces
    assert ["interfaces", "ge-0/0/10", "description", "Room 4-210 desk"] in braces
    assert ["vlans", "VOICE", "vlan-id", "60"] in braces


def test_junos_facts() -> None:
    facts = build_facts("bldg4-idf2-ex01", "netops@", [
        ("show version", junos("show_version")), ("show running-config", junos("show_configuration")),
        ("show interfaces", junos("show_interfaces")),
        ("show ethernet-switching table", junos("show_ethernet-switching_table"))])
    assert (facts.vendor, facts.model, facts.version) == ("Juniper", "ex2300-48p", "21.4R3-S5.4")
    assert (facts.location, facts.building, facts.room) == ("Bldg_4_Floor_2_Room_IDF2", "4", "IDF2")
    ports = {p.port: p for p in facts.ports}
    assert list(ports) == ["ge-0/0/0", "ge-0/0/1"]  # irb is not a port
    ap = ports["ge-0/0/0"]
    assert (ap.name, ap.status, ap.type, ap.vlan, ap.speed, ap.duplex) == ("AP-4-201", "connected", "Trunk", 0,
                                                                          "1000mbps", "full")
    assert ap.learned_macs == ["5c5a.c710.22e9"]
    assert (ports["ge-0/0/1"].status, ports["ge-0/0/1"].name) == ("disabled", "spare")


def test_junos_ports_from_terse_and_named_vlans_from_the_configuration() -> None:
    facts = build_facts("bldg4-idf2-ex01", "netops@", [
        ("show running-config", junos("show_configuration")),
        ("show interfaces terse", junos("show_interfaces_terse") + "ge-0/0/10               up    up\n"),
        ("show ethernet-switching table", junos("show_ethernet-switching_table"))])
    ports = {p.port: p for p in facts.ports}
    assert sorted(ports) == ["ge-0/0/0", "ge-0/0/1", "ge-0/0/10"]
    desk = ports["ge-0/0/10"]
    assert (desk.vlan, desk.type, desk.name, desk.learned_macs) == (20, "Access", "Room 4-210 desk",
                                                                   ["001b.217c.8801"])
    assert (desk.auth_template, desk.auth_mode) == ("flexible", "dot1x")
    assert (ports["ge-0/0/1"].status, ports["ge-0/0/0"].status) == ("disabled", "connected")  # admin down


def test_nxos_facts_from_tables_without_show_version() -> None:
    facts = build_facts("dc1-leaf-07", "", [
        ("show interfaces status", nxos("show_interface_status")),
        ("show mac address-table", nxos("show_mac_address-table")),
        ("show running-config", nxos("show_running-config"))])
    assert (facts.vendor, facts.location, facts.room) == ("Cisco", "Bldg_1_Room_DC2", "DC2")
    ports = {p.port: p for p in facts.ports}
    assert (ports["Eth1/3"].status, ports["Eth1/3"].vlan, ports["Eth1/3"].type) == ("notconnect", 30, "Access")
    assert ports["Eth1/3"].learned_macs == ["00c0.ee41.0b2f"]
    assert ports["Po20"].learned_macs == ["0050.5681.2c3d", "0050.5681.77e0"]
    assert (ports["Eth1/2"].status, ports["Eth1/4"].status) == ("xcvrAbsent", "disabled")
    assert (ports["Eth1/1"].type, ports["Eth1/1"].vlan, ports["Eth1/1"].name) == ("Trunk", 0, "esx-host-11 vmnic2")
    assert "channel-group 20 mode active" in ports["Eth1/1"].config


def test_nxos_facts_with_version_and_ports_from_show_interface() -> None:
    facts = build_facts("dc1-leaf-07", "", [("show version", nxos("show_version")),
                                            ("show interfaces", nxos("show_interface"))])
    assert (facts.model, facts.version, facts.serial) == ("C93180YC-FX", "9.3(11)", "FDO24310ZKQ")
    assert facts.uptime.startswith("212 day(s)")
    ports = {p.port: p for p in facts.ports}
    assert list(ports) == ["Eth1/1", "Eth1/2", "Po20", "Vlan110", "mgmt0"]
    assert (ports["Eth1/1"].status, ports["Eth1/1"].duplex, ports["Eth1/1"].speed) == ("connected", "full", "25 Gb/s")
    assert ports["Eth1/2"].status == "disabled"


def test_unknown_output_names_the_families_it_looked_for() -> None:
    with pytest.raises(FactsError, match="Junos, NX-OS"):
        build_facts("h1", "", [("show version", "nothing to see here\n")])


def test_junos_serial_uptime_and_spanning_tree() -> None:
    facts = build_facts("bldg4-idf2-ex01", "netops@", [
        ("show version", junos("show_version")), ("show chassis hardware", junos("show_chassis_hardware")),
        ("show system uptime", junos("show_system_uptime")),
        ("show spanning-tree bridge", junos("show_spanning-tree_bridge")),
        ("show interfaces terse", junos("show_interfaces_terse"))])
    assert (facts.serial, facts.uptime) == ("JW3619261234", "173 days, 15:36")
    [span] = facts.spans
    assert (span.vlan, span.root_switch, span.root_port, span.role, span.upstream) == (
        "VLAN0000", "0031.460d.7e00", "ge-0/1/0", "Root", "ge-0/1/0")


def test_junos_mstp_instances_and_the_root_bridge() -> None:
    text = (DATA / "juniper_junos" / "ex4300_show_spanning-tree_bridge_mstp.txt").read_text()
    facts = build_facts("core", "netops@", [("show spanning-tree bridge", text),
                                            ("show interfaces terse", junos("show_interfaces_terse"))])
    spans = {s.vlan: s for s in facts.spans}
    assert (spans["VLAN0000"].root_switch, spans["VLAN0000"].root_port) == ("88e0.f311.2200", "")  # we are root
    assert (spans["VLAN0003"].root_switch, spans["VLAN0003"].root_port) == ("3c8c.93aa.bb00", "xe-0/1/0")


def test_junos_uptime_from_the_boot_line_when_there_is_no_up_line() -> None:
    text = "System booted: 2026-06-11 17:38:02 UTC (24w6d 15:36 ago)\n"
    facts = build_facts("h", "netops@", [("show system uptime", text),
                                         ("show interfaces terse", junos("show_interfaces_terse"))])
    assert facts.uptime == "24w6d 15:36"


def test_junos_auth_state_and_client_mac_from_show_dot1x_interface() -> None:
    terse = junos("show_interfaces_terse") + "".join(
        f"ge-0/0/{n}               up    up\n" for n in (10, 11, 12))
    facts = build_facts("bldg4-idf2-ex01", "netops@", [
        ("show running-config", junos("show_configuration")), ("show interfaces terse", terse),
        ("show dot1x interface", junos("show_dot1x_interface"))])
    ports = {p.port: p for p in facts.ports}
    desk = ports["ge-0/0/10"]  # two supplicants: the first one (802.1X user) is the port's
    assert (desk.auth_state, desk.auth_mode, desk.auth_client_mac, desk.auth_template) == (
        "Authorized", "dot1x", "001b.217c.8801", "flexible")
    assert (ports["ge-0/0/11"].auth_state, ports["ge-0/0/11"].auth_client_mac) == ("Unknown", "")  # Connecting
    held = ports["ge-0/0/12"]
    assert (held.auth_state, held.auth_client_mac) == ("Unauthorized", "a45e.60d1.029b")
    assert (ports["ge-0/0/0"].auth_state, ports["ge-0/0/0"].auth_mode) == ("Open", "open")  # no dot1x


def test_junos_mac_radius_supplicant_is_macauth() -> None:
    text = ("Interface     Role           State           MAC address          User\n"
            "ge-0/0/0.0    Authenticator  Authenticated   00:0b:82:4e:17:c5    00-0b-82-4e-17-c5\n")
    facts = build_facts("h", "netops@", [("show interfaces terse", junos("show_interfaces_terse")),
                                         ("show dot1x interface", text)])
    port = next(p for p in facts.ports if p.port == "ge-0/0/0")
    assert (port.auth_state, port.auth_mode, port.auth_client_mac) == ("Authorized", "macauth", "000b.824e.17c5")


def test_nxos_auth_state_and_client_mac_from_show_dot1x_all_summary() -> None:
    status = nxos("show_interface_status") + (
        "Eth1/5        lab-desk-5         connected 30        full    1000    1000base-T\n"
        "Eth1/6        lab-desk-6         connected 30        full    1000    1000base-T\n")
    config = nxos("show_running-config") + (
        "\ninterface Ethernet1/5\n  switchport access vlan 30\n  dot1x port-control auto\n"
        "\ninterface Ethernet1/6\n  switchport access vlan 30\n  dot1x port-control auto\n"
        "  dot1x mac-auth-bypass\n")
    facts = build_facts("dc1-leaf-07", "", [
        ("show interfaces status", status), ("show running-config", config),
        ("show dot1x all summary", nxos("show_dot1x_all_summary"))])
    ports = {p.port: p for p in facts.ports}
    desk = ports["Eth1/5"]  # its first client is authorised, the second is not: the first is the port's
    assert (desk.auth_state, desk.auth_mode, desk.auth_client_mac, desk.auth_template) == (
        "Authorized", "dot1x", "001b.217c.8801", "dot1x")
    assert (ports["Eth1/6"].auth_template, ports["Eth1/6"].auth_client_mac) == ("flexible", "f875.a43b.9012")
    assert (ports["Eth1/3"].auth_state, ports["Eth1/3"].auth_client_mac) == ("Unauthorized", "")  # client none
    assert (ports["Eth1/1"].auth_state, ports["Eth1/1"].auth_mode) == ("Open", "open")
