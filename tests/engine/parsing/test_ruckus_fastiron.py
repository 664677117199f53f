"""Ruckus ICX / Brocade FCX FastIron parsers: captures field by field, ntc differential, robustness."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import gen_arista_fastiron as gen
import pytest
from ntc_templates.parse import parse_output

from engine.parsing import UnsupportedCommand, parse_show
from engine.parsing.ruckus_fastiron import PARSERS

DATA = Path(__file__).parent / "data" / "ruckus_fastiron"
RUCKUS, BROCADE = "ruckus_fastiron", "brocade_fastiron"


def capture(name: str) -> str:
    return (DATA / name).read_text()


def by(records: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {r[key]: r for r in records}


# ----------------------------------------------------------------------------------- interfaces brief


def test_interfaces_brief_icx7450_stack() -> None:
    recs = parse_show(RUCKUS, "show interfaces brief", capture("icx7450_stack_show_interfaces_brief.txt"))
    assert [r["port"] for r in recs] == ["1/1/1", "1/1/2", "1/1/3", "1/1/4", "1/1/5", "1/1/48", "1/2/1", "1/2/2",
                                         "2/1/1", "2/2/1", "lg1", "ve20", "mgmt1"]
    ports = by(recs, "port")
    assert ports["1/1/1"] == {
        "port": "1/1/1", "link": "Up", "state": "Forward", "duplex": "Full", "speed": "1G", "trunk": "None",
        "tag": "No", "vlan_id": "20", "priority": "0", "mac_address": "609c.9f97.aaf8", "name": "UserPC1",
        "interface": "1/1/1", "linkstate": "Up", "portstate": "Forward", "trunkid": "None", "tagonly": "No",
        "pvid": "20", "mac": "609c.9f97.aaf8", "description": "UserPC1"}
    # ntc keeps the first word of a name; the whole name is in `description`.
    assert (ports["1/1/2"]["name"], ports["1/1/2"]["description"]) == ("User", "User PC 2 desk")
    assert (ports["1/1/3"]["link"], ports["1/1/3"]["name"], ports["1/1/3"]["description"]) == ("Disable", "", "")
    assert (ports["1/1/4"]["link"], ports["1/1/4"]["description"]) == ("ERR-DIS", "loop-guard")
    assert (ports["1/1/48"]["tag"], ports["1/1/48"]["vlan_id"]) == ("Yes", "N/A")
    assert ports["1/2/1"]["trunk"] == ports["lg1"]["trunk"] == "1"
    assert (ports["2/1/1"]["state"], ports["2/1/1"]["speed"]) == ("Blocking", "1G")
    assert (ports["ve20"]["state"], ports["ve20"]["priority"]) == ("N/A", "N/A")
    assert ports["mgmt1"]["vlan_id"] == "None"


def test_interfaces_brief_fcx_truncated_names_and_brocade_names() -> None:
    recs = parse_show(BROCADE, "show interface brief", capture("fcx648s_show_interfaces_brief.txt"))
    assert [(r["interface"], r["linkstate"], r["pvid"], r["tagonly"], r["name"], r["description"]) for r in recs] == [
        ("1/1/1", "Up", "20", "No", "Users1", "Users1"),
        ("1/1/2", "Disable", "1", "No", "", ""),
        ("1/1/3", "Up", "20", "No", "to", "to MLX1-"),
        ("1/2/1", "Up", "N/A", "Yes", "core", "core"),
    ]


@pytest.mark.parametrize("typed", ["show interfaces brief", "show interface brief", "show int br", "sh int brief",
                                   "show interfaces brief | include Up"])
def test_interfaces_brief_spellings(typed: str) -> None:
    text = capture("icx7450_stack_show_interfaces_brief.txt")
    assert parse_show(RUCKUS, typed, text) == parse_show(RUCKUS, "show interfaces brief", text)
    assert len(parse_show(BROCADE, typed, text)) == 13


# ---------------------------------------------------------------------------------------- mac-address


def test_mac_address_icx_with_repeated_headers() -> None:
    recs = parse_show(RUCKUS, "show mac-address", capture("icx7150_show_mac-address.txt"))
    assert len(recs) == 6
    assert recs[0] == {"mac_address": "0050.56a1.0003", "port": "1/1/3", "destination_port": "1/1/3",
                       "type": "Dynamic", "vlan_id": "20", "age": ""}
    assert [(r["port"], r["type"], r["vlan_id"]) for r in recs[2:5]] == [
        ("lg1", "Dynamic", "1"), ("1/2/1", "Static", "20"), ("2/1/48", "Dynamic", "4094")]


def test_mac_address_index_layout_reads_vlan_not_index() -> None:
    recs = parse_show(BROCADE, "sh mac-address", capture("fcx_show_mac-address_index.txt"))
    assert [(r["mac_address"], r["port"], r["type"], r["vlan_id"]) for r in recs] == [
        ("0024.38b1.e800", "1/1/48", "Dynamic", "1"), ("0050.56a1.0003", "1/1/3", "Dynamic", "20"),
        ("0000.5e00.0114", "1/2/1", "Static", "20")]


def test_mac_address_brocade_age_layout() -> None:
    text = ("Total active entries from all ports = 2\r\nMAC Address     Port      Age      VLAN    Type\r\n\r\n"
            "6cae.8b2d.c979   2/1        0      1000\r\n3440.b5be.e3ac   1/1/7     30      20      Dynamic\r\n")
    assert parse_show(BROCADE, "show mac-address", text) == [
        {"mac_address": "6cae.8b2d.c979", "port": "2/1", "destination_port": "2/1", "type": "", "vlan_id": "1000",
         "age": "0"},
        {"mac_address": "3440.b5be.e3ac", "port": "1/1/7", "destination_port": "1/1/7", "type": "Dynamic",
         "vlan_id": "20", "age": "30"}]


def test_show_mac_is_mac_address_on_fastiron() -> None:
    text = capture("icx7150_show_mac-address.txt")
    assert parse_show(RUCKUS, "show mac", text) == parse_show(RUCKUS, "show mac-address", text)


# -------------------------------------------------------------------------------------------- version


def test_version_icx7150_stack() -> None:
    [rec] = parse_show(RUCKUS, "show version", capture("icx7150_stack_show_version.txt"))
    assert rec["hardware"] == rec["hw"] == "Stackable ICX7150-48P-4X1G"
    assert rec["version"] == rec["sw_version"] == ["08.0.95fT213", "08.0.95fT213"]
    assert rec["serial"] == ["FEK3224R0AB", "FEK3224R0CD"]
    assert rec["uptime"] == ["41 day(s) 2 hour(s) 7 minute(s) 9 second(s)",
                             "41 day(s) 2 hour(s) 3 minute(s) 51 second(s)"]
    assert rec["bootcode"] == ["10.1.22T225 (mnz10122)"] * 2
    assert rec["model"] == ["ICX7150-48P-4X1G", "ICX7150-2X1GC", "ICX7150-48P-4X1G"]
    assert rec["switch_id"] == ["1", "2"] and rec["sw_bin"] == ["SPS08095f.bin"] * 2
    assert (rec["uptime_minutes"], rec["reload_reason"]) == (["7", "3"], "warm start")


def test_version_fcx_brocade_layout() -> None:
    [rec] = parse_show(BROCADE, "show version", capture("fcx648s_show_version.txt"))
    assert (rec["hw"], rec["sw_version"], rec["serial"], rec["license"]) == (
        "Stackable FCX648S-HPOE-ADV", ["07.4.00gT7f1"], ["BCW2234K0RT"], ["FCX_ADV_ROUTER_SOFT_PACKAGE"])
    assert (rec["boot_monitor_version"], rec["flash"], rec["flash_measurement"], rec["ram"]) == (
        "07.4.00T7f5 (grz07400)", "65536", "KB", "512")
    assert (rec["model"], rec["poe"], rec["ports"], rec["module_type"]) == (
        ["FCX-48GS"], ["POE"], ["48"], ["Management"])
    assert (rec["uptime_days"], rec["start_year"], rec["reload_reason"]) == (["312"], "2020", "cold start")
    assert rec["version"] == ["07.4.00gT7f1"] and rec["hardware"] == "Stackable FCX648S-HPOE-ADV"


# ------------------------------------------------------------------------------------------- sessions


def test_dot1x_sessions_all() -> None:
    recs = parse_show(RUCKUS, "show dot1x sessions all", capture("icx7450_show_dot1x_sessions_all.txt"))
    assert recs[0] == {"interface": "1/1/3", "mac_address": "0050.56a1.0003", "ip_address": "10.1.20.33",
                       "username": "jsmith", "vlan_id": "20", "method": "", "status": "permit", "acl": "none",
                       "session_time": "3600", "age": "Ena", "pae_state": "AUTHENTICATED", "dot1x": ""}
    assert (recs[1]["status"], recs[1]["pae_state"], recs[1]["vlan_id"]) == ("init", "CONNECTING", "4094")
    # A host without an address leaves the IP column blank.
    assert (recs[2]["ip_address"], recs[2]["username"], recs[2]["acl"]) == ("", "host/pc-17", "in-2-17")


def test_mac_authentication_sessions_all() -> None:
    recs = parse_show(BROCADE, "show mac-authentication sessions all",
                      capture("icx7450_show_mac-authentication_sessions_all.txt"))
    assert [(r["interface"], r["mac_address"], r["ip_address"], r["vlan_id"], r["status"], r["age"], r["dot1x"])
            for r in recs] == [("1/1/5", "00aa.bbcc.0005", "N/A", "10", "permit", "Ena", "No"),
                               ("1/1/6", "00aa.bbcc.0006", "10.2.3.4", "20", "deny", "S2", "No"),
                               ("1/1/7", "b4fb.e4aa.1234", "10.3.0.7", "30", "permit", "Ena", "Yes")]


def test_mac_authentication_sessions_single_line_header() -> None:
    text = ("\nPort       MAC Address      IP(v4/v6)        VLAN     Auth   ACL   Session  Age     Dot1x\n"
            "                                                      State        Time\n" + "-" * 90 + "\n"
            "1/1/5      00aa.bbcc.0005   N/A              10       permit none  1200     Ena     No\n")
    [rec] = parse_show(RUCKUS, "show mac-authentication sessions all", text)
    assert (rec["interface"], rec["mac_address"], rec["vlan_id"], rec["status"], rec["dot1x"]) == (
        "1/1/5", "00aa.bbcc.0005", "10", "permit", "No")


def test_unified_authentication_sessions() -> None:
    text = capture("icx7150_show_authentication_sessions_all.txt")
    recs = parse_show(RUCKUS, "show authentication sessions all", text)
    assert recs == parse_show(RUCKUS, "show authentication sessions", text)
    assert [(r["interface"], r["mac_address"], r["ip_address"], r["username"], r["vlan_id"], r["method"],
             r["status"], r["pae_state"]) for r in recs] == [
        ("2/1/25", "00aa.aaaa.0000", "", "MVDI_1", "130", "MAUTH", "permit", "N/A"),
        ("2/1/25", "00aa.aaaa.0001", "fe80::2aa:aaff:feaa", "DVDI_1", "130", "8021.X", "permit", "AUTHENTICATED"),
        ("1/1/15", "00bb.bbbb.0001", "N/A", "DVDI_2", "230", "8021.X", "deny", "HELD")]


def test_sessions_without_header_use_the_usual_layout() -> None:
    row = "1/1/3    0050.56a1.0003 10.1.20.33      jsmith         20    permit   none     3600     Ena  AUTHENTICATED\n"
    [rec] = parse_show(RUCKUS, "show dot1x sessions all", row)
    assert (rec["interface"], rec["username"], rec["vlan_id"], rec["pae_state"]) == ("1/1/3", "jsmith", "20",
                                                                                      "AUTHENTICATED")


# ------------------------------------------------------------------------------- spanning tree, vlan, lldp


def test_span_802_1d() -> None:
    recs = parse_show(RUCKUS, "show span", capture("icx7450_show_span.txt"))
    assert [r["vlan_id"] for r in recs] == ["1", "1000"]
    one, big = recs
    assert (one["mastervlan"], one["rootbridgeid"], one["rootport"], one["rootpathcost"]) == (
        "1", "8000cc4e2415015e", "1/2/1", "2")
    # "Last Chang" and "Chg cnt" run together in this firmware: like the template, all goes to the first.
    assert (one["lasttopochange"], one["topochangecount"], one["bridgeaddress"]) == ("265591169", "",
                                                                                     "609c9f97aaf7")
    assert one["interfaces"] == ["1/1/1", "1/2/1"] and one["port_state"] == ["FORWARDING", "FORWARDING"]
    assert one["designated_bridge"][1] == "8000cc4e2415015e"
    assert (big["rootport"], big["topochangecount"], big["interfaces"], big["port_state"]) == (
        "Root", "12", ["1/1/48"], ["BLOCKING"])


def test_span_rstp_layout() -> None:
    [rec] = parse_show(RUCKUS, "show spanning-tree", capture("icx7450_show_span_rstp.txt"))
    assert (rec["vlan_id"], rec["rootbridgeid"], rec["rootport"], rec["rootpathcost"]) == (
        "10", "1000001b2c3d4e5f", "1/1/49", "20000")
    assert (rec["priorityhex"], rec["bridgeaddress"]) == ("8000", "00e052c8a8c0")
    assert rec["port_role"] == ["DESIGNATED", "ROOT"] and rec["interfaces"] == ["1/1/1", "1/1/49"]


def test_vlan_per_port_records() -> None:
    recs = parse_show(RUCKUS, "show vlan", capture("icx7450_show_vlan.txt"))
    got = [(r["vlan_id"], r["vlan_name"], r["status"], r["interface"]) for r in recs]
    assert got == [
        ("1", "DEFAULT-VLAN", "Untagged", "1/1/3"), ("1", "DEFAULT-VLAN", "Untagged", "1/1/47"),
        ("1", "DEFAULT-VLAN", "Untagged", "2/2/1"),
        ("20", "Staff Wired", "Untagged", "1/1/1"), ("20", "Staff Wired", "Untagged", "1/1/2"),
        ("20", "Staff Wired", "Untagged", "1/1/4"), ("20", "Staff Wired", "Tagged", "1/2/1"),
        ("20", "Staff Wired", "Tagged", "1/2/2"), ("20", "Staff Wired", "Tagged", "lg1"),
        ("20", "Staff Wired", "DualMode", "1/1/48"),
        ("30", "[None]", "Tagged", "1/2/1"), ("30", "[None]", "Tagged", "1/2/2")]
    lag = recs[8]
    assert (lag["stack_id"], lag["slot"], lag["port"], lag["lag"]) == ("", "", "1", "LAG")
    assert (recs[0]["stack_id"], recs[0]["slot"], recs[0]["port"], recs[0]["lag"]) == ("1", "1", "3", "")


def test_lldp_neighbors() -> None:
    recs = parse_show(RUCKUS, "show lldp neighbors", capture("icx7450_show_lldp_neighbors.txt"))
    assert [(r["local_interface"], r["chassis_id"], r["neighbor_port_id"], r["neighbor_interface"],
             r["neighbor_name"]) for r in recs] == [
        ("1/1/7", "b4fb.e4aa.1234", "b4fb.e4aa.1234", "eth0", "AP 2F east"),
        ("1/2/1", "0024.b20f.6a00", "Gi1/0/48", "GigabitEthernet1/0/48", "core-sw01.example~"),
        ("1/2/2", "cc4e.2439.1a01", "cc4e.2439.1a01", "10GigabitEthernet1/2/1", "ICX7450-48P Rou~"),
        ("2/1/9", "001b.ed6b.2941", "001b.ed6b.2941", "", "")]


def test_unknown_command_is_refused() -> None:
    with pytest.raises(UnsupportedCommand):
        parse_show(RUCKUS, "show mac-address-table detail", "")


# ---------------------------------------------------------------------------- differential vs ntc


def norm(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v).strip() for v in value]
    return "" if value is None else str(value).strip()


def assert_same_as_ntc(platform: str, command: str, text: str, drop: Any = None) -> None:
    expected = parse_output(platform=platform, command=command, data=text)
    if drop is not None:
        expected = [r for r in expected if not drop(r)]
    assert expected, "the generated output must give ntc-templates something to parse"
    actual = parse_show(platform, command, text)
    assert len(actual) == len(expected)
    for want, got in zip(expected, actual, strict=True):
        assert {k: norm(v) for k, v in want.items()} == {k: norm(got.get(k)) for k in want}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("platform", [RUCKUS, BROCADE])
def test_interfaces_brief_matches_ntc(platform: str, seed: int) -> None:
    assert_same_as_ntc(platform, "show interfaces brief", gen.fastiron_interfaces_brief(random.Random(seed), 2, 12))


@pytest.mark.parametrize("seed", range(6))
def test_mac_address_matches_ntc(seed: int) -> None:
    assert_same_as_ntc(RUCKUS, "show mac-address", gen.fastiron_mac_address(random.Random(seed), 50))
    assert_same_as_ntc(BROCADE, "show mac-address", gen.fastiron_mac_address(random.Random(seed), 30, brocade=True))


@pytest.mark.parametrize("seed", range(3))
def test_version_matches_ntc(seed: int) -> None:
    rng = random.Random(seed)
    assert_same_as_ntc(RUCKUS, "show version", gen.fastiron_version_ruckus(rng, seed + 1))
    assert_same_as_ntc(BROCADE, "show version", gen.fastiron_version_brocade(rng, seed + 2))


@pytest.mark.parametrize("seed", range(3))
def test_vlan_matches_ntc_without_its_duplicate_rows(seed: int) -> None:
    """ntc's template reports every `(U1/M1)` port twice, the second time as a LAG named `U1/M1`."""
    assert_same_as_ntc(RUCKUS, "show vlan", gen.fastiron_vlan(random.Random(seed), 6),
                       drop=lambda r: re.fullmatch(r"U\d+/M\d+", r["lag"]))


@pytest.mark.parametrize("seed", range(3))
def test_span_matches_brocade_ntc(seed: int) -> None:
    assert_same_as_ntc(BROCADE, "show span", gen.fastiron_span(random.Random(seed), 4))


def test_lldp_cisco_layout_matches_brocade_ntc() -> None:
    text = ("Capability codes:\n    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device\n"
            "Device ID           Local Intf     Hold-time  Capability      Port ID\n"
            "core-sw01           Gi1/3          120        B,R             Gi0/3\n"
            "ap-2f               Gi1/7          91         W               eth0\nTotal entries displayed: 2\n")
    assert_same_as_ntc(BROCADE, "show lldp neighbors", text)


def test_generators_exercise_the_hard_cases() -> None:
    brief = parse_show(RUCKUS, "show int br", gen.fastiron_interfaces_brief(random.Random(0), 2, 24))
    assert {"Up", "Down", "Disable", "ERR-DIS"} <= {r["link"] for r in brief}
    assert any(" " in r["description"] for r in brief) and any(r["port"].startswith("lg") for r in brief)
    sessions = parse_show(RUCKUS, "show authentication sessions all", gen.fastiron_sessions(random.Random(1), 40))
    assert len(sessions) == 40 and {"", "N/A"} <= {r["ip_address"] for r in sessions}
    assert {r["method"] for r in sessions} == {"MAUTH", "8021.X"}


# ------------------------------------------------------------------------------------------ robustness

def test_empty_and_header_only_outputs() -> None:
    for parser in PARSERS.values():
        assert parser("") == []
        assert parser("\n \n") == []
    assert parse_show(RUCKUS, "show int br", "Port       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC  Name\n") == []


@pytest.mark.timeout(120)  # hang guard: a backtracking pattern takes hours on these lines, linear ones milliseconds
def test_pathological_lines_stay_linear() -> None:
    for parser in PARSERS.values():
        parser(("1/1/1 " * 30000 + "\n") * 3)
        parser(("0000.1111.2222 " + "x " * 30000 + "\n") * 3)
        parser(" " * 100000 + "x\n")
