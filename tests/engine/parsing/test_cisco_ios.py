"""Cisco IOS parsers: Catalyst 9300 captures field by field, ntc-templates differential, robustness.

The differential tests generate outputs from seeded random generators (hard rows included on purpose)
and require every field of every record to equal what the ntc-templates TextFSM template returns.
"""

from __future__ import annotations

import io
import random
import re
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from engine.parsing import parse_show
from engine.parsing._cisco_inventory import _pid_line
from engine.parsing._cisco_tables import _auth_row_exact
from engine.parsing.cisco_ios import PARSERS

try:  # the differential tests need the test extras; the rest of this file does not
    import textfsm
    from ntc_templates import parse as ntc_parse
except ImportError:  # pragma: no cover
    textfsm = ntc_parse = None
needs_ntc = pytest.mark.skipif(ntc_parse is None, reason="ntc-templates is not installed")

DATA = Path(__file__).parent / "data" / "cisco_ios"
Record = dict[str, Any]


def capture(name: str) -> str:
    return (DATA / name).read_text()


def by(records: list[Record], key: str) -> dict[str, Record]:
    return {r[key]: r for r in records}


@cache
def _template(command: str) -> str:
    """The template parse_output picks for `command` (the ntc index lookup, done once per command)."""
    from textfsm import clitable

    root = Path(ntc_parse.__file__).parent / "templates"
    index = clitable.CliTable("index", str(root)).index
    row = index.GetRowMatch({"Command": command, "Platform": "cisco_ios"})
    return (root / index.index[row]["Template"]).read_text()


def ntc(command: str, text: str) -> list[Record]:
    """ntc-templates' records for `text`: parse_output without its per-call index loading."""
    fsm = textfsm.TextFSM(io.StringIO(_template(command)))
    return [{k.lower(): v for k, v in row.items()} for row in fsm.ParseTextToDicts(text)]


_SVI_ERRORS = re.compile(r"^\s+\d+ output errors, \d+ interface resets\s*$", re.M)


def template_losses_undone(command: str, text: str, mine: list[Record], theirs: list[Record]) -> list[Record]:
    """ntc's records with the documented deliberate differences (docs/parsing.md) applied, each only
    where the text shows the case: what the parsers must then equal exactly."""
    theirs = [dict(r) for r in theirs]
    if command == "show interfaces" and _SVI_ERRORS.search(text):
        for got, want in zip(mine, theirs, strict=False):
            if want["output_errors"] == "" and got["output_errors"]:
                want["output_errors"] = got["output_errors"]
    if command == "show inventory":
        for got, want in zip(mine, theirs, strict=False):
            for key in ("pid", "sn"):
                if got[key] != want[key] and got[key].startswith(want[key]) and f" {got[key]}" in text:
                    want[key] = got[key]
    if command == "show mac address-table" and " protocols " in text and "\nMulticast Entries" in text:
        section = text[text.index("\nMulticast Entries"):]
        extra = mine[len(theirs):]
        assert all(r["destination_address"] in section for r in extra)
        theirs += extra
    return theirs


def assert_same_as_ntc(command: str, text: str) -> list[Record]:
    if ntc_parse is None:
        pytest.skip("ntc-templates is not installed")
    mine = parse_show("cisco_ios", command, text)
    theirs = template_losses_undone(command, text, mine, ntc(command, text))
    assert len(mine) == len(theirs)
    for i, (got, want) in enumerate(zip(mine, theirs, strict=True)):
        assert got == want, f"record {i}"
    return mine


# ------------------------------------------------------------------------------------ real captures


@needs_ntc
def test_oracle_is_parse_output() -> None:
    text = capture("c9300_show_interfaces_status.txt")
    assert ntc("show interfaces status", text) == ntc_parse.parse_output(
        platform="cisco_ios", command="show interfaces status", data=text)


def test_interfaces_status_c9300_capture() -> None:
    recs = parse_show("cisco_ios", "show interfaces status", capture("c9300_show_interfaces_status.txt"))
    ports = by(recs, "port")
    assert len(recs) == 22 and list(ports)[:3] == ["Gi1/0/1", "Gi1/0/2", "Gi1/0/3"]
    assert ports["Gi1/0/1"] == {"port": "Gi1/0/1", "name": "AP-B2-F3-01", "status": "connected",
                                "vlan_id": "trunk", "duplex": "a-full", "speed": "a-1000",
                                "type": "10/100/1000BaseTX", "fc_mode": ""}
    assert ports["Gi1/0/2"]["name"] == "Printer HP M607 Ro"  # the 18-column name, cut by the switch
    assert (ports["Gi1/0/3"]["name"], ports["Gi1/0/3"]["status"]) == ("", "notconnect")
    assert ports["Gi1/0/5"]["status"] == "err-disabled"
    assert (ports["Gi1/0/6"]["name"], ports["Gi1/0/6"]["status"]) == ("old uplink (spare)", "disabled")
    assert ports["Gi1/0/7"]["name"] == "John's Office"
    assert (ports["Gi1/0/8"]["duplex"], ports["Gi1/0/8"]["speed"]) == ("a-half", "a-10")
    assert ports["Gi1/0/10"]["vlan_id"] == "routed"
    assert (ports["Te1/1/1"]["speed"], ports["Te1/1/1"]["type"]) == ("10G", "SFP-10GBase-SR")
    assert ports["Te1/1/3"]["type"] == "Not Present"
    assert ports["Ap1/0/1"]["type"] == "App-hosting port"
    assert [ports[p]["status"] for p in ("Gi1/0/9", "Gi2/0/2", "Gi2/0/3")] == ["inactive", "monitoring",
                                                                             "suspended"]
    assert (ports["Po1"]["vlan_id"], ports["Po1"]["type"]) == ("trunk", "N/A")
    assert (ports["Po2"]["vlan_id"], ports["Po2"]["type"]) == ("unassigned", "")


def test_mac_address_table_c9300_capture() -> None:
    recs = parse_show("cisco_ios", "show mac address-table", capture("c9300_show_mac_address_table.txt"))
    assert len(recs) == 14  # the "Total Mac Addresses" footer is not a row
    assert recs[0] == {"destination_address": "0100.0ccc.cccc", "type": "STATIC", "vlan_id": "All",
                       "destination_port": ["CPU"]}
    rows = by(recs, "destination_address")
    assert rows["70b3.171e.6ac0"]["destination_port"] == ["Vl1"]  # trailing blank after the port
    assert rows["a4b2.3918.07f5"] == {"destination_address": "a4b2.3918.07f5", "type": "DYNAMIC",
                                      "vlan_id": "20", "destination_port": ["Po1"]}
    assert rows["0000.0c9f.f3e7"]["destination_port"] == ["Drop"]
    assert rows["2c3f.0b11.8e41"]["type"] == "STATIC"


def test_authentication_sessions_c9300_capture() -> None:
    recs = parse_show("cisco_ios", "show authentication sessions",
                      capture("c9300_show_authentication_sessions.txt"))
    assert [r["interface"] for r in recs] == ["Gi1/0/2", "Gi1/0/4", "Gi1/0/4", "Gi1/0/7", "Gi1/0/8", "Gi2/0/1"]
    assert recs[1] == {"interface": "Gi1/0/4", "mac_address": "3c08.f6c3.99e2", "method": "dot1x",
                       "domain": "VOICE", "status": "Auth", "session": "0A0A1E0B000000204A1B7C22"}
    assert (recs[3]["domain"], recs[3]["status"]) == ("UNKNOWN", "Unauth")
    assert recs[4]["status"] == "Authz Success"
    assert (recs[5]["method"], recs[5]["status"]) == ("N/A", "Running")


def test_spanning_tree_c9300_capture() -> None:
    recs = parse_show("cisco_ios", "show spanning-tree", capture("c9300_show_spanning_tree.txt"))
    assert [(r["vlan_id"], r["interface"]) for r in recs][:4] == [("1", "Gi1/0/1"), ("1", "Te1/1/2"),
                                                                  ("1", "Ap1/0/1"), ("20", "Gi1/0/1")]
    po = [r for r in recs if r["interface"] == "Po1"]
    assert [r["vlan_id"] for r in po] == ["20", "30"]
    assert po[0] == {"vlan_id": "20", "interface": "Po1", "role": "Root", "status": "FWD", "cost": "1",
                     "port_priority": "128", "port_id": "2401", "type": "P2p "}
    alt = next(r for r in recs if r["interface"] == "Gi2/0/48")
    assert (alt["role"], alt["status"], alt["cost"], alt["type"].strip()) == ("Altn", "BLK", "20000",
                                                                              "P2p Bound(PVST)")
    assert recs[-1]["vlan_id"] == "1000" and recs[-1]["status"] == "LRN"


def test_version_c9300_stack_capture() -> None:
    [rec] = parse_show("cisco_ios", "show version", capture("c9300_show_version.txt"))
    assert rec["hostname"] == "bldg4-idf2-sw01"
    assert (rec["version"], rec["software_image"], rec["release"]) == ("17.9.4a", "CAT9K_IOSXE", "fc3")
    assert rec["hardware"] == ["C9300-48P", "C9300-48P", "C9300-24U"]
    assert rec["serial"] == ["FOC2418L0XA", "FOC2418L13C", "FCW2331G0LP"]
    assert rec["mac_address"] == ["70:b3:17:1e:6a:80", "70:b3:17:1f:02:00", "2c:3f:0b:11:8e:00"]
    assert rec["uptime"] == "1 year, 12 weeks, 3 days, 4 hours, 17 minutes"
    assert [rec[f"uptime_{u}"] for u in ("years", "weeks", "days", "hours", "minutes")] == ["1", "12", "3", "4",
                                                                                           "17"]
    assert (rec["rommon"], rec["running_image"], rec["config_register"]) == ("IOS-XE", "packages.conf", "0x102")
    assert (rec["reload_reason"], rec["restarted"]) == ("Reload Command", "02:07:40 UTC Sun Oct 1 2023")


def test_interfaces_c9300_capture() -> None:
    recs = parse_show("cisco_ios", "show interfaces", capture("c9300_show_interfaces.txt"))
    ifs = by(recs, "interface")
    assert list(ifs) == ["Vlan1", "Vlan100", "GigabitEthernet1/0/2", "GigabitEthernet1/0/5",
                         "TenGigabitEthernet1/1/1", "Port-channel1"]
    assert (ifs["Vlan1"]["link_status"], ifs["Vlan1"]["protocol_status"]) == ("administratively down",
                                                                               "down , Autostate Enabled")
    assert (ifs["Vlan100"]["ip_address"], ifs["Vlan100"]["prefix_length"]) == ("10.40.2.11", "24")
    gi2 = ifs["GigabitEthernet1/0/2"]
    assert (gi2["description"], gi2["duplex"], gi2["speed"], gi2["media_type"]) == (
        "Printer HP M607 Room 2.114", "Full-duplex", "100Mb/s", "10/100/1000BaseTX")
    assert (gi2["input_errors"], gi2["crc"], gi2["output_errors"], gi2["queue_output_drops"]) == ("3", "2", "0",
                                                                                                 "12")
    assert (gi2["bandwidth"], gi2["mtu"], gi2["mac_address"]) == ("100000 Kbit", "1500", "70b3.171e.6a82")
    assert ifs["GigabitEthernet1/0/5"]["protocol_status"] == "down (err-disabled)"
    te = ifs["TenGigabitEthernet1/1/1"]
    assert (te["hardware_type"], te["mtu"], te["input_packets"]) == ("Ten Gigabit Ethernet", "9198", "21009342110")
    assert (te["input_rate"], te["output_pps"], te["crc"]) == ("21871000", "11946", "17")
    assert ifs["Port-channel1"]["hardware_type"] == "EtherChannel"


def test_vlan_brief_c9300_capture() -> None:
    recs = parse_show("cisco_ios", "show vlan", capture("c9300_show_vlan_brief.txt"))
    vlans = by(recs, "vlan_id")
    assert vlans["1"]["interfaces"] == ["Gi1/0/9", "Gi1/0/11", "Gi1/0/12", "Gi1/0/13", "Gi1/0/14", "Gi1/0/15",
                                        "Te1/1/2", "Te1/1/3", "Te1/1/4", "Ap1/0/1"]
    assert vlans["20"] == {"vlan_id": "20", "vlan_name": "DATA", "status": "active",
                           "interfaces": ["Gi1/0/2", "Gi1/0/3", "Gi1/0/4", "Gi1/0/7"]}
    assert vlans["100"]["interfaces"] == []
    assert vlans["999"]["status"] == "act/lshut"
    assert list(vlans)[-1] == "1005"


def test_inventory_c9300_capture() -> None:
    recs = parse_show("cisco_ios", "show inventory", capture("c9300_show_inventory.txt"))
    # VID keeps the blanks before the comma, as the template's (.*) does.
    assert recs[1] == {"name": "Switch 1", "descr": "C9300-48P", "pid": "C9300-48P", "vid": "V02  ",
                       "sn": "FOC2418L0XA"}
    assert [r["sn"] for r in recs if re.fullmatch(r"Switch \d", r["name"])] == [
        "FOC2418L0XA", "FOC2418L13C", "FCW2331G0LP"]
    assert by(recs, "name")["Te1/1/1"]["pid"] == "SFP-10G-SR"
    assert recs[-1]["sn"] == "N/A"  # the template's SN stops at the "/" (a deliberate difference)


def test_cdp_neighbors_detail_c9300_capture() -> None:
    recs = parse_show("cisco_ios", "show cdp neighbors detail", capture("c9300_show_cdp_neighbors_detail.txt"))
    core, phone, ap = recs
    assert core["neighbor_name"] == "core-1.bldg4.example.net"
    assert (core["mgmt_address"], core["platform"], core["capabilities"]) == ("10.40.0.1", "cisco C9500-48Y4C",
                                                                               "Router Switch IGMP")
    assert (core["local_interface"], core["neighbor_interface"]) == ("TenGigabitEthernet1/1/1",
                                                                     "TenGigabitEthernet1/0/17")
    assert core["neighbor_description"].startswith("Cisco IOS Software [Cupertino]")
    assert (phone["platform"], phone["neighbor_interface"]) == ("Cisco IP Phone 8845", "Port 1")
    assert phone["capabilities"] == "Host Phone Two-port Mac Relay"
    assert (ap["neighbor_name"], ap["mgmt_address"]) == ("AP-B2-F3-01", "10.40.30.11")


def test_lldp_neighbors_detail_c9300_capture() -> None:
    recs = parse_show("cisco_ios", "show lldp neighbors detail", capture("c9300_show_lldp_neighbors_detail.txt"))
    ifs = by(recs, "local_interface")
    assert list(ifs) == ["Te1/1/1", "Gi1/0/4", "Gi1/0/1"]
    core = ifs["Te1/1/1"]
    assert (core["chassis_id"], core["neighbor_port_id"], core["neighbor_name"]) == (
        "2c3f.0b11.8e00", "Te1/0/17", "core-1.bldg4.example.net")
    assert (core["capabilities"], core["mgmt_address"], core["vlan_id"]) == ("B,R", "10.40.0.1", "")
    phone = ifs["Gi1/0/4"]
    assert (phone["serial"], phone["platform"], phone["manufacturer"]) == ("FCH2133A1BC", "IP Phone 8845",
                                                                           "Cisco Systems, Inc.")
    assert phone["neighbor_description"] == "Cisco IP Phone 8845, V1, sip8845_65.14-1-1MN-13"
    assert (ifs["Gi1/0/1"]["vlan_id"], ifs["Gi1/0/1"]["capabilities"]) == ("1", "B")


def test_interfaces_switchport_c9300_capture() -> None:
    text = capture("c9300_show_interfaces_switchport.txt")
    recs = parse_show("cisco_ios", "show interfaces switchport", text)
    ports = by(recs, "interface")
    assert ports["Gi1/0/1"] == {"interface": "Gi1/0/1", "switchport": "Enabled", "switchport_monitor": "",
                                "switchport_negotiation": "On", "mode": "trunk", "admin_mode": "trunk",
                                "access_vlan": "1", "native_vlan": "30", "voice_vlan": "none",
                                "trunking_vlans": ["1", "20", "30", "40", "50", "100"]}
    gi4 = ports["Gi1/0/4"]
    assert (gi4["mode"], gi4["access_vlan"], gi4["voice_vlan"], gi4["trunking_vlans"]) == (
        "static access", "20", "20", ["ALL"])
    assert ports["Gi1/0/10"]["switchport"] == "Disabled"
    # A wrapped list of 34 VLANs: all are kept (the template keeps the first 21 and the last of a line).
    po = ports["Po1"]["trunking_vlans"]
    assert len(po) == 34 and po[20:25] == ["48", "50", "52", "54", "56"] and po[-2:] == ["100-199", "999"]


@pytest.mark.parametrize(("name", "command"), [
    ("c9300_show_interfaces_status.txt", "show interfaces status"),
    ("c9300_show_mac_address_table.txt", "show mac address-table"),
    ("c9300_show_authentication_sessions.txt", "show authentication sessions"),
    ("c9300_show_spanning_tree.txt", "show spanning-tree"),
    ("c9300_show_version.txt", "show version"),
    ("c9300_show_interfaces.txt", "show interfaces"),
    ("c9300_show_vlan_brief.txt", "show vlan"),
    ("c9300_show_inventory.txt", "show inventory"),
    ("c9300_show_cdp_neighbors_detail.txt", "show cdp neighbors detail"),
    ("c9300_show_lldp_neighbors_detail.txt", "show lldp neighbors detail"),
])
def test_captures_match_ntc(name: str, command: str) -> None:
    assert_same_as_ntc(command, capture(name))


@needs_ntc
def test_switchport_capture_matches_ntc_but_for_the_long_vlan_line() -> None:
    text = capture("c9300_show_interfaces_switchport.txt")
    mine, theirs = parse_show("cisco_ios", "show interfaces switchport", text), ntc("show interfaces switchport", text)
    assert [r for r in mine if r["interface"] != "Po1"] == [r for r in theirs if r["interface"] != "Po1"]
    po = by(mine, "interface")["Po1"]["trunking_vlans"]
    assert [v for v in po if v not in {"50", "52", "54", "56"}] == by(theirs, "interface")["Po1"]["trunking_vlans"]


def test_status_word_in_a_name_is_read_as_the_template_does() -> None:
    """The template's shortest-name rule takes the first status word of a description as the status."""
    row = "Gi1/0/7      spare disabled     notconnect   1            auto   auto 10/100/1000BaseTX\n"
    text = "Port         Name               Status       Vlan       Duplex  Speed Type\n" + row
    [rec] = parse_show("cisco_ios", "show interfaces status", text)
    assert (rec["name"], rec["status"], rec["vlan_id"]) == ("spare", "disabled", "1")
    if ntc_parse is not None:
        assert ntc("show interfaces status", text) == [rec]


@pytest.mark.parametrize(("typed", "canonical", "name"), [
    ("sh int status", "show interfaces status", "c9300_show_interfaces_status.txt"),
    ("show interface status", "show interfaces status", "c9300_show_interfaces_status.txt"),
    ("sh int st | i connected", "show interfaces status", "c9300_show_interfaces_status.txt"),
    ("show mac-address-table", "show mac address-table", "c9300_show_mac_address_table.txt"),
    ("sh mac add", "show mac address-table", "c9300_show_mac_address_table.txt"),
    ("sh ver", "show version", "c9300_show_version.txt"),
    ("show access-session", "show authentication sessions", "c9300_show_authentication_sessions.txt"),
    ("sh auth sess", "show authentication sessions", "c9300_show_authentication_sessions.txt"),
    ("sh span", "show spanning-tree", "c9300_show_spanning_tree.txt"),
    ("sh vlan br", "show vlan", "c9300_show_vlan_brief.txt"),
    ("sh inv", "show inventory", "c9300_show_inventory.txt"),
    ("sh cdp nei det", "show cdp neighbors detail", "c9300_show_cdp_neighbors_detail.txt"),
    ("sh lldp neighbor detail", "show lldp neighbors detail", "c9300_show_lldp_neighbors_detail.txt"),
    ("sh int sw", "show interfaces switchport", "c9300_show_interfaces_switchport.txt"),
    ("sh int", "show interfaces", "c9300_show_interfaces.txt"),
])
def test_abbreviations_resolve(typed: str, canonical: str, name: str) -> None:
    text = capture(name)
    expected = PARSERS[canonical](text)
    assert expected and parse_show("cisco_ios", typed, text) == expected
    assert parse_show("cisco_xe", typed, text) == expected


def test_rows_without_their_header_are_still_read() -> None:
    """`| include` output has no header line; the template would return nothing."""
    status = capture("c9300_show_interfaces_status.txt")
    connected = "".join(line + "\n" for line in status.splitlines() if " connected " in line)
    recs = parse_show("cisco_ios", "show interfaces status", connected)
    assert len(recs) == 12 and all(r["status"] == "connected" for r in recs)
    macs = capture("c9300_show_mac_address_table.txt")
    only_po = "".join(line + "\n" for line in macs.splitlines() if "Po1" in line)
    assert parse_show("cisco_ios", "show mac address-table", only_po) == [
        {"destination_address": "a4b2.3918.07f5", "type": "DYNAMIC", "vlan_id": "20", "destination_port": ["Po1"]}]


# ------------------------------------------------------------------------------- random generators

_WORDS = ["AP", "Printer", "Uplink", "to", "core", "Room", "101", "Cam", "VoIP", "desk", "B2-F3", "UPS", "spare",
          "HVAC", "badge", "SRV-ESX01", "vmnic0", "John's", "(old)", "*", "a,b", "x:y", "up", "down", "trunk",
          "connected", "1", "auto"]
_STATUSES = ["connected", "notconnect", "err-disabled", "disabled", "inactive", "monitoring", "suspended",
             "up", "down"]


def _mac(rng: random.Random) -> str:
    return f"{rng.getrandbits(16):04x}.{rng.getrandbits(16):04x}.{rng.getrandbits(16):04x}"


def _port(rng: random.Random) -> str:
    return rng.choice([f"Gi{rng.randint(1, 8)}/0/{rng.randint(1, 48)}", f"Te{rng.randint(1, 8)}/1/{rng.randint(1, 8)}",
                       f"Po{rng.randint(1, 128)}", f"Tw1/0/{rng.randint(1, 24)}", f"Fa0/{rng.randint(1, 24)}"])


def _name(rng: random.Random, width: int = 18) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4)))[:width].strip()


def _blanks(rng: random.Random, text: str, hard: bool = True) -> str:
    """Sometimes tabs or CR LF line ends, as some terminal loggers write them."""
    roll = rng.random() if hard else 1.0
    if roll < 0.15:
        return re.sub(r"(?<=\S)  ", lambda _: rng.choice(["\t ", "  ", " \t"]), text)
    if roll < 0.25:
        return text.replace("\n", "\r\n")
    return text


def gen_interfaces_status(rng: random.Random, rows: int, hard: bool = True) -> str:
    """`hard` adds Fibre Channel rows, odd status columns, tabs and CR LF (the template's corners)."""
    out = ["", "Port         Name               Status       Vlan       Duplex  Speed Type"]
    for _ in range(rows):
        port, roll = _port(rng), rng.random()
        if roll < 0.03 and hard:
            out.append(rng.choice([f"fc2/{rng.randint(1, 9)} is up    Port mode is NP",
                                   f"fc2/{rng.randint(1, 9)} is down (SFP not present)"]))
            continue
        name = "" if roll < 0.3 else _name(rng)
        status = rng.choice(_STATUSES)
        if rng.random() < 0.06 and hard:
            status += rng.choice([":", ": TD", ": TDR", "  X"])
        vlan = rng.choice(["1", "20", "trunk", "routed", "unassigned", str(rng.randint(1, 4094)), "10,20",
                           "pvlan prom"])
        duplex = rng.choice(["a-full", "full", "auto", "a-half", "half"])
        speed = rng.choice(["a-1000", "auto", "a-100", "1000", "10G", "a-10G"])
        typ = rng.choice(["10/100/1000BaseTX", "1000BaseSX SFP", "SFP-10GBase-SR", "Not Present", "", "No XCVR"])
        out.append(f"{port:<13}{name:<19}{status:<12} {vlan:<10} {duplex:>6} {speed:>6} {typ}{rng.choice(['', ' '])}")
    return _blanks(rng, "\n".join(out) + "\n", hard)


def gen_mac_address_table(rng: random.Random, rows: int, hard: bool = True) -> str:
    """`hard` picks among the four layouts the template knows (else the Catalyst 9000 one) and adds tabs."""
    layout = rng.choice(["9k", "9k", "2950", "6500", "4500"]) if hard else "9k"
    if layout == "2950":
        out = ["Non-static Address Table:", "Destination Address  Address Type  VLAN  Destination Port",
               "-------------------  ------------  ----  --------------------"]
        out += [f"{_mac(rng)}       {rng.choice(['Dynamic', 'Static']):<13} {rng.randint(1, 999):>4}  "
                f"FastEthernet0/{rng.randint(1, 24)}" for _ in range(rows)]
    elif layout == "4500":
        out = ["Unicast Entries", " vlan     mac address     type        protocols               port",
               "---------+---------------+--------+---------------------+-------------------------"]
        out += [f"{rng.randint(1, 4094):>4}      {_mac(rng)}   {rng.choice(['dynamic', ' static'])} ip,ipx,assigned,other "
                f"{rng.choice(['Port-channel15', 'GigabitEthernet0/48', 'Switch'])}{rng.choice(['', '   '])}"
                for _ in range(rows)]
        out += ["", "Multicast Entries", " vlan     mac address     type    ports",
                "---------+---------------+-------+-----------------", f"   1      {_mac(rng)}   system Po100,Po15"]
    elif layout == "6500":
        out = ["Legend: * - primary entry", "        age - seconds since last seen", "        n/a - not available",
               "", "Displaying entries from active supervisor:", "",
               "     vlan   mac address    type   learn    age                 ports",
               "----+----+---------------+-------+-----+----------+-----------------------------"]
        for _ in range(rows):
            flag = rng.choice([" ", " ", "*", "R", "S", "D"])
            vlan = rng.choice([str(rng.randint(1, 4094)), "---", "N/A"])
            ports = [_port(rng) for _ in range(rng.choice([1, 1, 1, 2, 4, 9]))]
            sep = rng.choice([",", " "])
            first, rest = ports[:4], ports[4:]
            out.append(f"{flag}  {vlan:>6} {_mac(rng)}  {rng.choice(['dynamic', ' static'])}  "
                       f"{rng.choice(['Yes', 'No'])} {rng.choice(['0', '5', '280', '-']):>8}     {sep.join(first)}")
            while rest:
                out.append(" " * 50 + sep.join(rest[:4]) + rng.choice(["", ",", " "]))
                rest = rest[4:]
            if rng.random() < 0.1:
                out += ["", "Displaying entries from DFC switch [1] linecard [2]:", "",
                        "     vlan   mac address    type   learn    age                 ports",
                        "----+----+---------------+-------+-----+----------+-----------------------------"]
    else:
        out = ["          Mac Address Table", "-------------------------------------------", "",
               "Vlan    Mac Address       Type        Ports", "----    -----------       --------    -----",
               " All    0100.0ccc.cccc    STATIC      CPU"]
        out += [f"{rng.choice([str(rng.randint(1, 4094)), 'All']):>4}    {_mac(rng)}    "
                f"{rng.choice(['DYNAMIC', 'STATIC', 'dynamic']):<11} "
                f"{rng.choice([_port(rng), 'CPU', 'Drop', 'Vl20'])}{rng.choice(['', ' ', '  '])}" for _ in range(rows)]
        out.append(f"Total Mac Addresses for this criterion: {rows}")
    return _blanks(rng, "\n".join(out) + "\n", hard)


def gen_authentication_sessions(rng: random.Random, rows: int, hard: bool = True) -> str:
    """`hard` adds rows only the template's all-lazy pattern reads, repeated headers, prompts and tabs."""
    header = rng.choice(["Interface                Identifier              Method  Domain  Status Fg  Session ID",
                         "Interface  MAC Address     Method   Domain   Status         Session ID"])
    out = [rng.choice(["", "switch#show access-session"]), header, "-" * 60]
    for _ in range(rows):
        roll = rng.random() if hard else 1.0
        status = rng.choice(["Auth", "Unauth", "Authz Success", "Running", "Authc Failed"])
        row = (f"{_port(rng):<25}{rng.choice([_mac(rng), '(unknown)'])} {rng.choice(['dot1x', 'mab', 'N/A']):<7} "
               f"{rng.choice(['DATA', 'VOICE', 'UNKNOWN']):<7} {status:<6} {rng.choice(['', 'A', 'D']):<3} "
               f"{rng.getrandbits(96):024X}")
        if roll < 0.04:
            row = " " + row  # a row the template reads with its all-lazy pattern
        elif roll < 0.07:
            row = f"{_port(rng):<25}{'':<15} mab     DATA    Auth        0A0A1DFE00000FB{rng.randint(0, 9)}"
        elif roll < 0.09:
            row = header
        elif roll < 0.10:
            row = "switch#"
        out.append(row)
    out += ["", f"Session count = {rows}", "", "Key to Session Events Blocked Status Flags:", "",
            "  A - Applying Policy (multi-line status for details)", "  D - Awaiting Deletion", ""]
    return _blanks(rng, "\n".join(out) + "\n", hard)


def gen_spanning_tree(rng: random.Random, vlans: int) -> str:
    out = []
    for vlan in sorted(rng.sample(range(1, 4095), vlans)):
        out += ["", f"VLAN{vlan:04d}", f"  Spanning tree enabled protocol {rng.choice(['rstp', 'ieee'])}",
                f"  Root ID    Priority    {32768 + vlan}", f"             Address     {_mac(rng)}",
                "             This bridge is the root", "",
                f"  Bridge ID  Priority    {32768 + vlan}  (priority 32768 sys-id-ext {vlan})", "",
                "Interface           Role Sts Cost      Prio.Nbr Type",
                "------------------- ---- --- --------- -------- --------------------------------"]
        for _ in range(rng.randint(0, 6)):
            typ = rng.choice(["P2p", "P2p Edge", "Shr", "P2p Bound(PVST)", "P2p Peer(STP)", "P2p *PVID_Inc"])
            sts = rng.choice(["FWD", "BLK", "LRN", "LIS", "BKN*"])
            out.append(f"{_port(rng):<19} {rng.choice(['Desg', 'Root', 'Altn', 'Back']):<4} {sts:<3} "
                       f"{rng.choice([1, 2, 4, 19, 2000, 20000]):<9} {rng.choice([128, 64])}.{rng.randint(1, 2500):<4} "
                       f"{typ}{rng.choice(['', ' '])}")
    return _blanks(rng, "\n".join(out) + "\n")


def gen_version(rng: random.Random, hard: bool = True) -> str:
    members = rng.randint(1, 4)
    models = [rng.choice(["C9300-48P", "C9300-24U", "C9200L-48P-4X"]) for _ in range(members)]
    serials = [f"FOC{rng.randint(1000, 9999)}X{rng.randint(100, 999)}" for _ in range(members)]
    units = [(n, u) for n, u in zip([rng.randint(0, 3), rng.randint(0, 51), rng.randint(0, 6), rng.randint(0, 23),
                                     rng.randint(0, 59)], ["year", "week", "day", "hour", "minute"], strict=True)]
    uptime = ", ".join(f"{n} {u}{'' if n == 1 else 's'}" for n, u in units if n or u == "minute")
    macs = [":".join(f"{rng.getrandbits(8):02x}" for _ in range(6)) for _ in range(members)]
    classic = rng.random() < 0.3
    out = [] if classic else ["Cisco IOS XE Software, Version 17.09.04a"]
    out += [f"Cisco IOS Software{'' if classic else ' [Cupertino]'}, "
            f"{'C2960X Software (C2960X-UNIVERSALK9-M)' if classic else 'Catalyst L3 Switch Software (CAT9K_IOSXE)'}"
            f", Version {'15.2(7)E9' if classic else '17.9.4a'}, RELEASE SOFTWARE (fc{rng.randint(1, 5)})",
            "Technical Support: http://www.cisco.com/techsupport", "",
            f"ROM: {'Bootstrap program is C2960X boot loader' if classic else 'IOS-XE ROMMON'}", "",
            f"{rng.choice(['sw1', 'IDF-2-SW', 'b4.f2.sw01'])} uptime is {uptime}",
            rng.choice(["System returned to ROM by power-on", "System returned to ROM by Reload Command at 10:01 UTC"]),
            f"System restarted at 10:05:33 UTC Mon Jan {rng.randint(1, 28)} 2024",
            f'System image file is "flash:{"c2960x-universalk9-mz.152-7.E9.bin" if classic else "packages.conf"}"',
            rng.choice(["Last reload reason: Reload Command", "Last reload reason: power-on", ""]), "",
            "This product contains cryptographic features and is subject to United", "",
            f"cisco {models[0]} ({rng.choice(['APM86XXX', 'X86'])}) processor (revision A0) with 524288K bytes of memory.",
            f"Processor board ID {serials[0]}", "Last reset from power-on", "", "512K bytes of flash-simulated memory.",
            f"Base Ethernet MAC Address       : {macs[0]}", f"Model Number                    : {models[0]}",
            f"System Serial Number            : {serials[0]}", "",
            "Switch Ports Model                     SW Version            SW Image",
            "------ ----- -----                     ----------            ----------"]
    out += [f"{'*' if i == 0 else ' '}    {i + 1} 52    {models[i]:<24} 17.9.4a               CAT9K_IOSXE"
            for i in range(members)]
    for i in range(1, members):
        out += ["", f"Switch {i + 1:02d}", "---------", f"Switch uptime                   : {uptime} ",
                f"Base Ethernet MAC Address       : {macs[i]}", f"Model Number                    : {models[i]}",
                f"System Serial Number            : {serials[i]}"]
    out += ["", f"Configuration register is 0x{rng.choice(['102', '2102', 'F'])}", ""]
    return _blanks(rng, "\n".join(out) + "\n", hard)


def gen_interfaces(rng: random.Random, count: int, hard: bool = True) -> str:
    out = []
    for _ in range(count):
        kind = rng.choice(["GigabitEthernet1/0/", "TenGigabitEthernet1/1/", "Vlan", "Port-channel", "Loopback"])
        up = rng.choice(["up", "down", "administratively down"])
        out.append(f"{kind}{rng.randint(1, 48)} is {up}, line protocol is "
                   f"{rng.choice(['up (connected)', 'down (notconnect)', 'down (err-disabled)', 'up ', 'down '])}")
        mac = _mac(rng)
        out.append(f"  Hardware is {rng.choice(['Gigabit Ethernet', 'Ethernet SVI', 'EtherChannel', 'Loopback'])}"
                   + (f", address is {mac} (bia {mac})" if kind != "Loopback" else ""))
        if rng.random() < 0.6:
            out.append(f"  Description: {_name(rng, 40)}")
        if kind in ("Vlan", "Loopback"):
            out.append(f"  Internet address is 10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.1/{rng.randint(8, 32)}")
        out += [f"  MTU {rng.choice([1500, 9198, 1514])} bytes, BW {rng.choice([10000, 100000, 1000000])} Kbit/sec, "
                f"DLY {rng.choice([10, 100, 5000])} usec, ",
                "     reliability 255/255, txload 1/255, rxload 1/255",
                rng.choice(["  Encapsulation ARPA, loopback not set",
                            f"  Encapsulation 802.1Q Virtual LAN, Vlan ID  {rng.randint(1, 4094)}.",
                            "  Encapsulation LOOPBACK, loopback not set"]),
                "  Keepalive set (10 sec)",
                rng.choice(["  Full-duplex, 1000Mb/s, media type is 10/100/1000BaseTX",
                            "  Auto-duplex, Auto-speed, media type is 10/100/1000BaseTX",
                            "  Half-duplex, 10Mb/s, link type is auto, media type is ",
                            "  Full-duplex, 10Gb/s, link type is force-up, media type is SFP-10GBase-SR",
                            "  Full-duplex, 100Mb/s, 100BaseTX/FX", "  Auto-duplex, Auto-speed"]),
                "  input flow-control is off, output flow-control is unsupported ",
                f"  Last input {rng.choice(['never', '00:00:01'])}, output 00:00:00, output hang never",
                f"  Input queue: 0/2000/{rng.randint(0, 9)}/0 (size/max/drops/flushes); Total output drops: "
                f"{rng.randint(0, 99999)}",
                f"  Queueing strategy: {rng.choice(['fifo', 'Class-based queueing'])}",
                f"  5 minute input rate {rng.randint(0, 10**7)} bits/sec, {rng.randint(0, 9999)} packets/sec",
                f"  5 minute output rate {rng.randint(0, 10**7)} bits/sec, {rng.randint(0, 9999)} packets/sec",
                f"     {rng.randint(0, 10**9)} packets input, {rng.randint(0, 10**12)} bytes, 0 no buffer",
                f"     {rng.randint(0, 9)} runts, {rng.randint(0, 9)} giants, 0 throttles ",
                f"     {rng.randint(0, 99)} input errors, {rng.randint(0, 99)} CRC, 0 frame, 0 overrun, 0 ignored"
                + rng.choice(["", ", 0 abort"]),
                f"     {rng.randint(0, 10**9)} packets output, {rng.randint(0, 10**12)} bytes, 0 underruns",
                f"     {rng.randint(0, 9)} output errors, 0 collisions, {rng.randint(0, 9)} interface resets"]
    return _blanks(rng, "\n".join(out) + "\n", hard)


def gen_vlan(rng: random.Random, vlans: int) -> str:
    out = ["", "VLAN Name                             Status    Ports",
           "---- -------------------------------- --------- -------------------------------"]
    for vlan in sorted(rng.sample(range(1, 1001), vlans)):
        ports = [_port(rng) for _ in range(rng.choice([0, 1, 3, 4, 9]))]
        lines = [", ".join(ports[i:i + 4]) for i in range(0, len(ports), 4)] or [""]
        out.append(f"{vlan:<4} {_name(rng, 32).replace(' ', '_'):<32} {rng.choice(['active', 'act/lshut']):<9} "
                   f"{lines[0]}")
        out += [" " * 48 + line for line in lines[1:]]
    if rng.random() < 0.5:
        out += ["", "VLAN Type  SAID       MTU   Parent RingNo BridgeNo Stp  BrdgMode Trans1 Trans2",
                "---- ----- ---------- ----- ------ ------ -------- ---- -------- ------ ------",
                "1    enet  100001     1500  -      -      -        -    -        0      0   "]
    return _blanks(rng, "\n".join(out) + "\n")


def gen_interfaces_switchport(rng: random.Random, count: int) -> str:
    out = []
    for _ in range(count):
        trunk = rng.random() < 0.5
        vlans = sorted(rng.sample(range(2, 4000), rng.randint(1, 30)))
        items = [str(v) if rng.random() < 0.8 else f"{v}-{v + 5}" for v in vlans]
        lines = [",".join(items[:20])] + [",".join(items[i:i + 20]) for i in range(20, len(items), 20)]
        enabled = (",\n     ".join(lines) if trunk else rng.choice(["ALL", "NONE"]))
        out += [f"Name: {_port(rng)}", "Switchport: Enabled",
                f"Administrative Mode: {'trunk' if trunk else rng.choice(['static access', 'dynamic auto'])}",
                f"Operational Mode: {'trunk' if trunk else rng.choice(['static access', 'down'])}",
                "Administrative Trunking Encapsulation: dot1q",
                f"Negotiation of Trunking: {rng.choice(['On', 'Off'])}",
                f"Access Mode VLAN: {rng.randint(1, 4094)} (DATA)", "Trunking Native Mode VLAN: 1 (default)",
                f"Voice VLAN: {rng.choice(['none', str(rng.randint(2, 4094))])}",
                f"Trunking VLANs Enabled: {enabled}", "Pruning VLANs Enabled: 2-1001", "Capture Mode Disabled",
                "", "Protected: false", "Unknown unicast blocked: disabled", ""]
    return _blanks(rng, "\n".join(out) + "\n")


# ---------------------------------------------------------------------------- differential vs ntc


# command, generator of one output from a seeded Random, how many seeds
_DIFFERENTIAL = [
    ("show interfaces status", lambda rng: gen_interfaces_status(rng, 60), 12),
    ("show mac address-table", lambda rng: gen_mac_address_table(rng, 40), 16),
    ("show authentication sessions", lambda rng: gen_authentication_sessions(rng, 40), 12),
    ("show spanning-tree", lambda rng: gen_spanning_tree(rng, 8), 8),
    ("show version", gen_version, 12),
    ("show interfaces", lambda rng: gen_interfaces(rng, 12), 6),
    ("show vlan", lambda rng: gen_vlan(rng, 12), 6),
    ("show interfaces switchport", lambda rng: gen_interfaces_switchport(rng, 6), 6),
]


@pytest.mark.parametrize(("command", "generate", "seed"),
                         [(c, g, seed) for c, g, n in _DIFFERENTIAL for seed in range(n)],
                         ids=[f"{c}-{seed}" for c, _g, n in _DIFFERENTIAL for seed in range(n)])
def test_generated_outputs_match_ntc(command: str, generate: Any, seed: int) -> None:
    assert_same_as_ntc(command, generate(random.Random(seed)))


def test_generators_exercise_the_hard_cases() -> None:
    """The differential tests above only prove something if the generated text holds the hard rows."""
    status = "".join(gen_interfaces_status(random.Random(s), 60) for s in range(12))
    for hard in ("Port mode is", "(SFP not present)", "pvlan prom", "10,20", ": TD", "\t"):
        assert hard in status, hard
    everything = status + "".join(gen_version(random.Random(s)) for s in range(12))
    assert "\r\n" in everything
    recs = [r for s in range(12) for r in parse_show("cisco_ios", "show int status",
                                                     gen_interfaces_status(random.Random(s), 60))]
    assert any(r["fc_mode"] for r in recs) and any(r["name"].isspace() for r in recs)
    macs = "".join(gen_mac_address_table(random.Random(s), 40) for s in range(16))
    for header in ("Destination Address", "learn", "protocols", "Mac Address Table", "Multicast Entries"):
        assert header in macs, header
    rows = [r for s in range(16) for r in parse_show("cisco_ios", "show mac", gen_mac_address_table(random.Random(s), 40))]
    assert any(len(r["destination_port"]) > 4 for r in rows) and any(r["vlan_id"] == "All" for r in rows)
    auth = "".join(gen_authentication_sessions(random.Random(s), 40) for s in range(12))
    assert "\n Gi" in auth or "\n Te" in auth or "\n Po" in auth or "\n Tw" in auth or "\n Fa" in auth
    versions = [parse_show("cisco_ios", "show version", gen_version(random.Random(s)))[0] for s in range(12)]
    assert any(len(v["serial"]) > 2 for v in versions) and any(not v["uptime_years"] for v in versions)
    ports = [r for s in range(6) for r in parse_show("cisco_ios", "show int sw", gen_interfaces_switchport(
        random.Random(s), 6))]
    assert any(len(r["trunking_vlans"]) > 20 for r in ports)


def test_exact_auth_row_reading_equals_the_template_pattern() -> None:
    """`_auth_row_exact` replaces the template's all-lazy row pattern (exponential on long lines)."""
    pattern = re.compile(r"(.+?)\s+(.+?)\s+(.+?)\s+(.+?)\s+(.+?)\s+(\w+?)$")
    rng = random.Random(5)
    for _ in range(4000):
        line = "".join(rng.choice("ab1 .:\t-") for _ in range(rng.randint(0, 14)))
        m = pattern.match(line)
        assert _auth_row_exact(line) == (m.groups() if m else None), repr(line)


# ------------------------------------------------------------------------------------------ robustness

def test_empty_header_only_and_prompt_outputs() -> None:
    for parser in PARSERS.values():
        assert parser("") == []
        assert parser("\n\n   \n") == []
        assert parser("bldg4-idf2-sw01#\n") == []
    assert parse_show("cisco_ios", "show interfaces status",
                      "Port         Name               Status       Vlan       Duplex  Speed Type\n") == []
    assert parse_show("cisco_ios", "show mac address-table", capture("c9300_show_mac_address_table.txt")
                      .split("----    -----------")[0]) == []


def test_prompts_pagers_and_footers_inside_tables_are_skipped() -> None:
    text = capture("c9300_show_interfaces_status.txt").replace(
        "Gi1/0/5 ", " --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08          \nGi1/0/5 ")
    text = "bldg4-idf2-sw01#show interfaces status\n" + text + "bldg4-idf2-sw01#\n"
    assert PARSERS["show interfaces status"](text) == PARSERS["show interfaces status"](
        capture("c9300_show_interfaces_status.txt"))


def test_crlf_and_cr_line_ends() -> None:
    for name, command in (("c9300_show_interfaces_status.txt", "show interfaces status"),
                          ("c9300_show_version.txt", "show version"),
                          ("c9300_show_mac_address_table.txt", "show mac address-table")):
        text = capture(name)
        plain = PARSERS[command](text)
        assert PARSERS[command](text.replace("\n", "\r\n")) == plain
        assert PARSERS[command](text.replace("\n", "\r")) == plain


def test_exact_pid_line_reading_equals_the_template_patterns() -> None:
    """`_pid_line` replaces the template's six PID patterns (their backtracking grows as length**4)."""
    # The template's patterns with its two deliberate losses undone: the PID runs to its comma (blanks
    # inside kept, trailing ones not) and the SN to a blank or comma.
    rules = [(r"PID:\s+(?P<pid>.*),.*VID:\s+(?P<vid>.*),.*SN:\s+(?P<sn>[\w+][^\s,]*)", True),
             (r"PID:\s+,.*VID:\s+(?P<vid>.*),.*SN:", True),
             (r"PID:\s+(?P<pid>.*),.*VID:\s+(?P<vid>.*),.*SN:", True),
             (r"PID:\s+,.*VID:\s+(?P<vid>.*),.*SN:\s+(?P<sn>[\w+][^\s,]*)", True),
             (r"PID:\s+(?P<pid>.*),.*VID:\s+(?P<vid>.*).*", False),
             (r"PID:\s+,.*VID:\s+(?P<vid>.*).*", False)]
    compiled = [(re.compile(rx), record) for rx, record in rules]

    def template(line: str) -> tuple[dict[str, str], bool] | None:
        for rx, record in compiled:
            m = rx.match(line)
            if m is not None:
                values = m.groupdict()
                if "pid" in values:
                    values["pid"] = values["pid"].rstrip()
                return values, record
        return None

    rng = random.Random(6)
    parts = ["PID:", " ", "  ", ",", "VID:", "SN:", "a", "V01", "+", "x,y", "\t", ":", "N/A"]
    for _ in range(4000):
        line = "PID:" + "".join(rng.choice(parts) for _ in range(rng.randint(0, 9)))
        assert _pid_line(line) == template(line), repr(line)


@pytest.mark.timeout(120)  # hang guard: a backtracking pattern takes hours on these lines, linear ones milliseconds
def test_pathological_lines_stay_fast() -> None:
    long_lines = ["Gi1/0/1 " + "connected " * 20000, " " * 100000 + "x", "a" + " " * 50000 + ".",
                  "x is up, line protocol " + "is up, line protocol " * 5000, "VLAN" + "0" * 50000,
                  "x uptime is " * 5000, " " * 30000 + "- " * 20000 + "x.", "* " * 20000 + "1",
                  "PID: " + ", VID: " * 5000, "  Full-duplex, " + "a, " * 10000]
    # Lines a switch could almost print: what the templates' patterns are slowest on, at 300 characters.
    short_lines = [("  Full-duplex, media type is" + "a, " * 100)[:300], ("x Software, (CAT), Version " * 12)[:300],
                   ("PID: " + ",VID: x," * 40)[:300], ("  Last input " + "a, output " * 30)[:300]]
    headers = ["", "     vlan   mac address    type   learn    age                 ports",
               "Interface  MAC Address     Method   Domain   Status         Session ID",
               "Port      Name               Status       Vlan       Duplex  Speed Type"]
    for header in headers:
        for parser in PARSERS.values():
            parser(header + "\n" + "\n".join(long_lines + short_lines * 10) + "\n")


# ------------------------------------------------------------------------------------------- benchmark


def bench(megabytes: float = 5.0) -> None:
    """MB/s of parse_show per hot command on generated Catalyst outputs without the template's corner
    cases (best of 5 runs, CPU time of one core): `.venv/bin/python tests/engine/parsing/test_cisco_ios.py`."""
    rng = random.Random(1)
    makers = {
        "show interfaces status": lambda: gen_interfaces_status(rng, 500, hard=False),
        "show mac address-table": lambda: gen_mac_address_table(rng, 1000, hard=False),
        "show authentication sessions": lambda: gen_authentication_sessions(rng, 500, hard=False),
        "show spanning-tree": lambda: gen_spanning_tree(rng, 30),
        "show interfaces": lambda: gen_interfaces(rng, 48, hard=False),
        "show version": lambda: gen_version(rng, hard=False),
    }
    for command, make in makers.items():
        texts, size = [], 0
        while size < megabytes * 1e6:
            texts.append(make())
            size += len(texts[-1])
        best = min(_cpu_seconds(command, texts) for _ in range(5))
        print(f"{command:30s} {size / 1e6:5.1f} MB in {len(texts):5d} outputs  {size / best / 1e6:6.1f} MB/s")


def _cpu_seconds(command: str, texts: list[str]) -> float:
    started = time.process_time()
    for text in texts:
        parse_show("cisco_ios", command, text)
    return time.process_time() - started


if __name__ == "__main__":
    bench()
