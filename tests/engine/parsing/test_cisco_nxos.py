"""Cisco NX-OS parsers: Nexus 9000 captures field by field and an ntc-templates differential."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.parsing import parse_show

try:
    from ntc_templates.parse import parse_output
except ImportError:  # pragma: no cover - the test extra installs it
    parse_output = None

DATA = Path(__file__).parent / "data" / "cisco_nxos"
Record = dict[str, Any]


def capture(name: str) -> str:
    return (DATA / name).read_text()


def parse(command: str, name: str) -> list[Record]:
    return parse_show("cisco_nxos", command, capture(name))


def test_version_n9k() -> None:
    [rec] = parse("show version", "n9k_show_version.txt")
    assert {k: rec[k] for k in ("hostname", "os", "platform", "serial", "uptime", "boot_image",
                                "last_reboot_reason")} == {
        "hostname": "dc1-leaf-07", "os": "9.3(11)", "platform": "C93180YC-FX", "serial": "FDO24310ZKQ",
        "uptime": "212 day(s), 4 hour(s), 37 minute(s), 9 second(s)",
        "boot_image": "bootflash:///nxos.9.3.11.bin", "last_reboot_reason": "Reset Requested by CLI command reload"}


def test_interface_n9k() -> None:
    recs = {r["interface"]: r for r in parse("show interface", "n9k_show_interface.txt")}
    assert list(recs) == ["Ethernet1/1", "Ethernet1/2", "port-channel20", "Vlan110", "mgmt0"]
    eth = recs["Ethernet1/1"]
    assert (eth["link_status"], eth["admin_state"], eth["mode"], eth["description"]) == (
        "up", "up", "trunk", "esx-host-11 vmnic2")
    assert (eth["duplex"], eth["speed"], eth["mtu"], eth["bandwidth"]) == ("full-duplex", "25 Gb/s", "9216",
                                                                          "25000000 Kbit")
    assert (eth["input_errors"], eth["output_errors"], eth["crc"], eth["mac_address"]) == (
        "17", "3", "17", "00b0.c2d4.1a08")
    down = recs["Ethernet1/2"]
    assert (down["link_status"], down["admin_state"], down["speed"]) == ("down (XCVR not inserted)", "down",
                                                                        "auto-speed")
    svi = recs["Vlan110"]
    assert (svi["hardware_type"], svi["ip_address"], svi["prefix_length"]) == ("EtherSVI", "10.44.110.2", "24")


def test_interface_status_n9k() -> None:
    recs = {r["port"]: r for r in parse("sh int status", "n9k_show_interface_status.txt")}
    assert len(recs) == 9
    assert recs["Eth1/1"] == {"port": "Eth1/1", "name": "esx-host-11 vmnic2", "status": "connected",
                              "vlan_id": "trunk", "duplex": "full", "speed": "25G", "type": "10Gbase-SR"}
    assert (recs["Eth1/2"]["status"], recs["Eth1/2"]["name"]) == ("xcvrAbsen", "--")
    assert (recs["Eth1/4"]["name"], recs["Eth1/4"]["status"]) == ("old uplink", "disabled")
    assert recs["Eth1/49"]["vlan_id"] == "routed"


def test_mac_address_table_keeps_whole_port_names() -> None:
    recs = parse("show mac address-table", "n9k_show_mac_address-table.txt")
    assert [(r["vlan_id"], r["mac_address"], r["ports"]) for r in recs] == [
        ("110", "0050.5681.2c3d", "Po20"), ("110", "0050.5681.77e0", "Po20"),
        ("110", "0050.5681.9a12", "vPC Peer-Link"), ("30", "00c0.ee41.0b2f", "Eth1/3"),
        ("120", "0000.0c9f.f078", "vPC Peer-Link(R)"), ("-", "00b0.c2d4.1b07", "sup-eth1(R)")]
    assert (recs[3]["type"], recs[3]["age"], recs[3]["secure"], recs[3]["ntfy"]) == ("dynamic", "120", "F", "F")


def test_vlan_stops_at_the_type_table() -> None:
    recs = parse("show vlan", "n9k_show_vlan.txt")
    assert [(r["vlan_id"], r["vlan_name"], r["status"]) for r in recs] == [
        ("1", "default", "active"), ("30", "PRINTERS_LAB", "active"), ("110", "SRV-110", "active"),
        ("999", "black-hole", "suspend"), ("4000", "vpc-keepalive-l3-peering-vlan-01", "act/lshut")]
    assert recs[0]["interfaces"] == ["Po1", "Eth1/2", "Eth1/4", "Eth1/5", "Eth1/6", "Eth1/7"]
    assert recs[3]["interfaces"] == []


def test_vlan_name_with_blanks_is_cut_at_the_status_column() -> None:
    text = ("VLAN Name                             Status    Ports\n"
            "---- -------------------------------- --------- -------------------------------\n"
            "20   Lab Printers                     active    Eth1/9\n")
    [rec] = parse_show("cisco_nxos", "show vlan", text)
    assert (rec["vlan_name"], rec["status"], rec["interfaces"]) == ("Lab Printers", "active", ["Eth1/9"])


def test_crlf_and_garbage_lines() -> None:
    text = capture("n9k_show_interface_status.txt").replace("\n", "\r\n") + "\r\n% Invalid command at '^'\r\n"
    assert parse_show("cisco_nxos", "show interface status", text) == parse("show interface status",
                                                                           "n9k_show_interface_status.txt")


@pytest.mark.skipif(parse_output is None, reason="ntc-templates is not installed")
@pytest.mark.parametrize(("command", "name", "fields"), [
    ("show version", "n9k_show_version.txt", ["hostname", "os", "platform", "serial", "uptime", "boot_image"]),
    ("show interface", "n9k_show_interface.txt", ["interface", "link_status", "admin_state", "hardware_type",
                                                  "mac_address", "description", "mtu", "duplex", "speed",
                                                  "bandwidth", "input_errors", "output_errors", "crc", "mode"]),
    ("show interface status", "n9k_show_interface_status.txt", ["port", "name", "status", "vlan_id", "duplex",
                                                                "speed", "type"]),
    ("show vlan", "n9k_show_vlan.txt", ["vlan_id", "vlan_name", "status", "interfaces"]),
])
def test_captures_match_ntc(command: str, name: str, fields: list[str]) -> None:
    ours = parse(command, name)
    theirs = parse_output(platform="cisco_nxos", command=command, data=capture(name))
    assert [{f: r[f] for f in fields} for r in ours] == [{f: r[f] for f in fields} for r in theirs]
    assert ours


@pytest.mark.skipif(parse_output is None, reason="ntc-templates is not installed")
def test_mac_table_differs_from_ntc_only_on_multi_word_ports() -> None:
    ours = parse("show mac address-table", "n9k_show_mac_address-table.txt")
    theirs = parse_output(platform="cisco_nxos", command="show mac address-table",
                          data=capture("n9k_show_mac_address-table.txt"))
    assert [r["mac_address"] for r in ours] == [r["mac_address"] for r in theirs]
    for a, b in zip(ours, theirs, strict=True):
        assert a["ports"].split()[0] == b["ports"]


def test_running_config_records() -> None:
    recs = parse("show run", "n9k_show_running-config.txt")
    assert recs[0] == {"hostname": "dc1-leaf-07", "location": "Bldg_1_Room_DC2", "contact": ""}
    blocks = {r["interface"]: r for r in recs[1:]}
    assert list(blocks) == ["port-channel20", "Ethernet1/1", "Ethernet1/3", "Ethernet1/4", "mgmt0"]
    assert {k: v for k, v in blocks["Ethernet1/1"].items() if k != "config"} == {
        "interface": "Ethernet1/1", "description": "esx-host-11 vmnic2", "mode": "trunk", "access_vlan": "",
        "trunk_vlans": "110", "channel_group": "20", "shutdown": ""}
    assert (blocks["Ethernet1/3"]["access_vlan"], blocks["Ethernet1/4"]["shutdown"]) == ("30", "yes")
    assert blocks["mgmt0"]["config"] == "  vrf member management\n  ip address 192.168.250.17/24"


def test_dot1x_all_summary_keeps_every_client_row() -> None:
    recs = parse("show dot1x all summary", "n9k_show_dot1x_all_summary.txt")
    assert [(r["interface"], r["pae"], r["client"], r["status"]) for r in recs] == [
        ("Ethernet1/3", "AUTH", "none", "UNAUTHORIZED"),
        ("Ethernet1/5", "AUTH", "00:1B:21:7C:88:01", "AUTHORIZED"),
        ("Ethernet1/5", "AUTH", "58:8A:5A:0C:44:E1", "UNAUTHORIZED"),  # second client: blank interface column
        ("Ethernet1/6", "AUTH", "F8:75:A4:3B:90:12", "AUTHORIZED"),
    ]


def test_dot1x_all_summary_ignores_prompts_and_does_not_carry_across_them() -> None:
    text = ("dc1-leaf-07# show dot1x all summary\n         Ethernet1/7    AUTH   none  UNAUTHORIZED\n"
            "dc1-leaf-07# show clock\n                               00:1B:21:7C:88:01    AUTHORIZED\n")
    assert parse_show("cisco_nxos", "show dot1x all summary", text) == [
        {"interface": "Ethernet1/7", "pae": "AUTH", "client": "none", "status": "UNAUTHORIZED"}]
