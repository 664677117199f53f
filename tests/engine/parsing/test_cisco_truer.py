"""Cisco IOS cases where the device text wins over the ntc-templates reading (docs/parsing.md).

Each capture under data/cisco_ios/truer_*.txt is written for one loss of the template; the expected
records are written by hand from the text.  Where ntc-templates is installed, each test also shows that
the template's reading differs, so the test would fail on a parser that reproduced the template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.parsing import parse_show

try:
    from ntc_templates.parse import parse_output
except ImportError:  # pragma: no cover
    parse_output = None

DATA = Path(__file__).parent / "data" / "cisco_ios"
Record = dict[str, Any]


def parse(command: str, name: str) -> tuple[list[Record], list[Record] | None]:
    text = (DATA / f"truer_{name}.txt").read_text()
    theirs = None
    if parse_output is not None:
        try:
            theirs = parse_output(platform="cisco_ios", command=command, data=text)
        except Exception:  # noqa: BLE001 - the template raises on lines it does not know: it read nothing
            theirs = []
    return parse_show("cisco_ios", command, text), theirs


def pick(records: list[Record], *keys: str) -> list[tuple[Any, ...]]:
    return [tuple(r[k] for k in keys) for r in records]


def test_version_of_an_experimental_iosxe_build() -> None:
    mine, theirs = parse("show version", "version_iosxe_experimental")
    assert len(mine) == 1
    assert mine[0]["version"] == "17.6.20210302:012459"
    assert mine[0]["software_image"] == "CAT9K_IOSXE"
    assert (mine[0]["hostname"], mine[0]["hardware"], mine[0]["serial"]) == (
        "lab-c9300-07", ["C9300-24U"], ["FOC2417L0ZX"])
    if theirs is not None:
        assert theirs[0]["version"] == ""


def test_version_of_old_ios_is_the_running_image_not_the_boot_loader() -> None:
    mine, theirs = parse("show version", "version_ios_11")
    assert (mine[0]["version"], mine[0]["software_image"]) == ("11.2(5)P", "C4500-J-M")
    assert mine[0]["uptime"] == "41 weeks, 2 days, 7 hours, 30 minutes"
    if theirs is not None:
        assert theirs[0]["version"] == "11.0(10c)XB1, PLATFORM SPECIFIC"


def test_vlan_names_with_blanks_and_wrapped_status() -> None:
    mine, theirs = parse("show vlan", "vlan_spaced_wrapped")
    assert pick(mine, "vlan_id", "vlan_name", "status") == [
        ("1", "default", "active"), ("10", "Staff Data", "active"), ("20", "Voice Floor 2", "active"),
        ("30", "Printers", "suspended"), ("40", "Building-C-Third-Floor-East-Wing-Guests", "active"),
        ("45", "Building C East Wing Visitors Overflow", "active"), ("50", "Lab", "act/lshut"), ("1002", "fddi-default", "act/unsup"),
        ("1003", "token-ring-default", "act/unsup"), ("1004", "fddinet-default", "act/unsup"),
        ("1005", "trnet-default", "act/unsup")]
    assert mine[0]["interfaces"] == ["Gi1/0/1", "Gi1/0/2", "Gi1/0/3", "Gi1/0/4", "Gi1/0/5", "Gi1/0/6"]
    assert mine[2]["interfaces"] == ["Gi1/0/9"]
    assert mine[4]["interfaces"] == ["Gi1/0/10", "Gi1/0/11", "Gi1/0/12"]
    assert mine[5]["interfaces"] == ["Gi1/0/14"]
    if theirs is not None:
        assert [r["vlan_name"] for r in theirs][:3] == ["default", "Staff", "Voice"]
        assert "40" not in [r["vlan_id"] for r in theirs]


def test_inventory_keeps_serial_suffixes_and_pids_with_blanks() -> None:
    mine, theirs = parse("show inventory", "inventory_suffixes_spaces")
    assert pick(mine, "name", "pid", "sn") == [
        ("Chassis", "C9800-40-K9", "TTM24181B2C"),
        ("Power Supply Module 0", "C9800-AC-750W", "DTN2418V1KX"),
        ("AP-Lobby-01", "AIR-AP1815I-E-K9", "APF260100VT-CH1"),
        ("AP-Lobby-01 radio 1", "AIR-AP1815I-E-K9", "APF260100VT-CH2"),
        ("SSD 0", "Samsung SSD 860 EVO 250GB", "S3YJNX0M912345Z"),
        ("TenGigabitEthernet0/0/1", "SFP-10G-SR", "AVD2214K0PB")]
    if theirs is not None:
        assert {r["sn"] for r in theirs if r["name"].startswith("AP-")} == {"APF260100VT"}
        assert theirs[4]["pid"] == "Samsung"


def test_mac_table_rows_with_a_flag_or_several_ports() -> None:
    mine, theirs = parse("show mac address-table", "mac_flags_multiport")
    assert pick(mine, "vlan_id", "destination_address", "type", "destination_port") == [
        ("All", "0100.0ccc.cccc", "STATIC", ["CPU"]), ("All", "0100.0ccc.cccd", "STATIC", ["CPU"]),
        ("10", "0050.56a1.0b2c", "DYNAMIC", ["Gi1/0/3"]), ("10", "aaaa.bbff.8888", "STATIC", ["Gi1/0/8", "Gi1/0/9"]),
        ("20", "00e0.4c68.1f02", "STATIC", ["Gi1/0/11", "Gi1/0/12"]), ("20", "3c52.82d0.77a1", "DYNAMIC", ["Te1/1/1"])]
    if theirs is not None:
        assert len(theirs) < len(mine)  # the template raises on the flagged row


def test_mac_table_6500_header_at_the_margin() -> None:
    mine, theirs = parse("show mac address-table", "mac_6500_margin")
    assert pick(mine, "vlan_id", "destination_address", "type", "destination_port") == [
        ("110", "0019.b9f1.22aa", "dynamic", ["Gi3/12"]), ("110", "001a.a0c4.9b10", "dynamic", ["Gi3/14"]),
        ("120", "0007.e90c.4401", "static", ["Router"]), ("130", "0024.e8d2.11f0", "dynamic", ["Po2"])]
    if theirs is not None:
        assert theirs == []


def test_mac_table_4500_multicast_section() -> None:
    mine, theirs = parse("show mac address-table", "mac_4500_multicast")
    assert pick(mine, "vlan_id", "destination_address", "type") == [
        ("30", "0011.2f8c.0e01", "dynamic"), ("30", "0018.7d44.a2c3", "dynamic"), ("40", "0000.0c07.ac28", "static"),
        ("30", "0100.5e00.00fb", "igmp"), ("30", "ffff.ffff.ffff", "system"), ("40", "ffff.ffff.ffff", "system")]
    assert mine[3]["destination_port"] == ["Gi2/7", "Gi2/9"]
    assert mine[4]["destination_port"] == [f"Gi2/{i}" for i in range(1, 10)] + ["Switch"]
    if theirs is not None:
        assert len(theirs) == 3


def test_spanning_tree_mst_instances() -> None:
    mine, theirs = parse("show spanning-tree", "spanning_tree_mst")
    assert pick(mine, "vlan_id", "interface", "role", "status", "cost") == [
        ("0", "Gi1/0/1", "Desg", "FWD", "20000"), ("0", "Te1/1/1", "Root", "FWD", "2000"),
        ("0", "Te1/1/2", "Altn", "BLK", "2000"), ("3", "Te1/1/1", "Root", "FWD", "2000"),
        ("3", "Te1/1/2", "Altn", "BLK", "2000")]
    if theirs is not None:
        assert {r["vlan_id"] for r in theirs} == {""}


def test_authentication_sessions_with_a_wrapped_header() -> None:
    mine, theirs = parse("show authentication sessions", "auth_sessions_wrapped")
    assert pick(mine, "interface", "mac_address", "method", "domain", "status", "session") == [
        ("Gi1/0/4", "6c4b.9012.ab01", "dot1x", "DATA", "Auth", "0A0B0C14000002A1C4D5E6F1"),
        ("Gi1/0/7", "0004.f2e1.33d0", "mab", "VOICE", "Auth", "0A0B0C14000002A4C4D81A02"),
        ("Gi1/0/7", "b8ca.3a77.0c19", "dot1x", "DATA", "Unauth", "0A0B0C14000002A5C4D81B77")]
    if theirs is not None:
        assert theirs == []


def test_cdp_detail_second_adjacency_platform_alone_and_empty_port_id() -> None:
    mine, theirs = parse("show cdp neighbors detail", "cdp_neighbors_detail")
    assert pick(mine, "neighbor_name", "local_interface", "neighbor_interface", "platform", "capabilities",
                "mgmt_address") == [
        ("core-sw1.example.net", "TenGigabitEthernet1/1/1", "TwentyFiveGigE1/0/7", "cisco C9500-48Y4C",
         "Router Switch IGMP", "10.0.0.1"),
        ("core-sw1.example.net", "TenGigabitEthernet1/1/2", "TwentyFiveGigE1/0/8", "cisco C9500-48Y4C",
         "Router Switch IGMP", "10.0.0.1"),
        ("SEP00AABB112233", "GigabitEthernet1/0/5", "Port 1", "Cisco IP Phone 8845",
         "Host Phone Two-port Mac Relay", "10.20.0.55"),
        ("ap-lobby-02", "GigabitEthernet1/0/9", "", "cisco AIR-AP2802I-E-K9",
         "Trans-Bridge Source-Route-Bridge IGMP", "10.30.0.12")]
    if theirs is not None:
        assert [r["local_interface"] for r in theirs] == ["TenGigabitEthernet1/1/1", "GigabitEthernet1/0/5", ""]
        assert theirs[1]["platform"] == "cisco C9500-48Y4C"  # the phone's record kept the switch's platform


def test_interfaces_svi_errors_pseudowire_and_control_plane() -> None:
    mine, theirs = parse("show interfaces", "interfaces_svi_pseudowire")
    assert pick(mine, "interface", "link_status", "protocol_status", "output_errors", "mtu") == [
        ("GigabitEthernet0/0/1", "up", "up", "0", "1500"), ("Vlan20", "up", "up", "4", "1500"),
        ("pseudowire1", "up", "", "", "1500"), ("Control Plane Interface", "up", "up", "0", "1500"),
        ("Loopback0", "up", "up", "0", "1514")]
    assert (mine[2]["encapsulation"], mine[2]["bandwidth"]) == ("MPLS", "10000000 Kbit")
    assert mine[1]["description"] == "users floor 2" and mine[1]["input_errors"] == "0"
    assert mine[3]["hardware_type"] == "Control Plane"
    if theirs is not None:
        assert [r["interface"] for r in theirs] == ["GigabitEthernet0/0/1", "Vlan20", "Loopback0"]
        assert theirs[1]["output_errors"] == "0"  # the Control Plane's counters, read into Vlan20


@pytest.mark.parametrize("name", ["mac_flags_multiport", "mac_4500_multicast", "auth_sessions_wrapped",
                                  "vlan_spaced_wrapped", "cdp_neighbors_detail"])
def test_crlf_captures_read_the_same(name: str) -> None:
    command = {"mac": "show mac address-table", "auth": "show authentication sessions", "vlan": "show vlan",
               "cdp": "show cdp neighbors detail"}[name.split("_")[0]]
    text = (DATA / f"truer_{name}.txt").read_text()
    assert parse_show("cisco_ios", command, text.replace("\n", "\r\n")) == parse_show("cisco_ios", command, text)


# ------------------------------------------------------------------ show vlans (the router's dot1Q command)


def test_show_vlans_is_the_router_dot1q_command_not_show_vlan() -> None:
    mine, theirs = parse("show vlans", "show_vlans_router")
    assert mine == [
        {"vlan_id": "1", "interfaces": ["GigabitEthernet0/0/0"], "ip_addresses": [], "ipv6_addresses": [],
         "inner_vlans": []},
        {"vlan_id": "110", "interfaces": ["GigabitEthernet0/0/0.110"], "ip_addresses": ["10.110.0.1"],
         "ipv6_addresses": [], "inner_vlans": []},
        {"vlan_id": "120", "interfaces": ["GigabitEthernet0/0/0.120", "GigabitEthernet0/0/1.120"],
         "ip_addresses": ["10.120.0.1", "10.121.0.1"], "ipv6_addresses": [], "inner_vlans": []}]
    if theirs is not None:
        assert mine == theirs
    # `show vlan` is still the switch's table, and the spellings resolve to their own commands.
    from engine.parsing.registry import find_parser
    assert find_parser("cisco_ios", "sh vlans") is find_parser("cisco_ios", "show vlans")
    assert find_parser("cisco_ios", "sh vlan") is find_parser("cisco_ios", "show vlan brief")
    assert find_parser("cisco_ios", "show vlans") is not find_parser("cisco_ios", "show vlan")


def gen_show_vlans(rng: Any) -> str:
    """Both layouts the template knows ("Virtual LAN ID:" and "VLAN ID:"), QinQ and IPv6 lines included."""
    out = []
    for vid in sorted(rng.sample(range(1, 4095), rng.randint(1, 8))):
        head = rng.choice(["Virtual LAN ID:  {} (IEEE 802.1Q Encapsulation)", "VLAN ID: {} (IEEE 802.1Q Encapsulation)"])
        out += ["", head.format(vid), ""]
        subs = [f"GigabitEthernet0/0/{rng.randint(0, 3)}.{vid}" for _ in range(rng.randint(1, 3))]
        label = "Interfaces:" if len(subs) > 1 else "Interface: "
        out.append(f"   {rng.choice(['vLAN', 'VLAN'])} Trunk {label}  {subs[0]}")
        out += [f"                           {s}" for s in subs[1:]]
        if rng.random() < 0.3:
            out.append(f"                           GigabitEthernet0/0/2.{vid} ({vid}/{rng.randint(1, 4094)})")
        out += ["", "   Protocols Configured:   Address:              Received:        Transmitted:"]
        for _ in range(rng.randint(0, 2)):
            out.append(f"           IP              10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.1"
                       f"              {rng.randint(0, 99999)}            {rng.randint(0, 99999)}")
        if rng.random() < 0.4:
            out.append(f"           IPv6            2001:db8:{vid:x}::1            {rng.randint(0, 999)}          7")
        out += [f"        Other                                              0               {rng.randint(0, 99)}", "",
                f"   {rng.randint(0, 99999)} packets, {rng.randint(0, 9999999)} bytes input",
                f"   {rng.randint(0, 99999)} packets, {rng.randint(0, 9999999)} bytes output"]
    return "\n".join(out) + "\n"


@pytest.mark.skipif(parse_output is None, reason="ntc-templates is not installed")
@pytest.mark.parametrize("seed", range(12))
def test_generated_show_vlans_match_ntc(seed: int) -> None:
    import random

    text = gen_show_vlans(random.Random(seed))
    mine = parse_show("cisco_ios", "show vlans", text)
    assert mine == parse_output(platform="cisco_ios", command="show vlans", data=text)
    assert len(mine) == text.count("LAN ID:")


@pytest.mark.parametrize("wrapped", ["Session\nID", "Sessio\nn ID", "\nFg  Session ID"])
def test_authentication_header_wrapped_anywhere_in_its_tail(wrapped: str) -> None:
    text = (DATA / "truer_auth_sessions_wrapped.txt").read_text().replace("Session\nID", wrapped, 1)
    assert [r["interface"] for r in parse_show("cisco_ios", "show authentication sessions", text)] == [
        "Gi1/0/4", "Gi1/0/7", "Gi1/0/7"]
