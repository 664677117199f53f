"""Arista EOS parsers: real-shaped captures field by field, ntc-templates differential, robustness."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import gen_arista_fastiron as gen
import pytest
from ntc_templates.parse import parse_output

from engine.parsing import parse_show
from engine.parsing.arista_eos import PARSERS

DATA = Path(__file__).parent / "data" / "arista_eos"


def capture(name: str) -> str:
    return (DATA / name).read_text()


def by(records: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {r[key]: r for r in records}


# ------------------------------------------------------------------------------------ real captures


def test_interfaces_status_7050_capture() -> None:
    recs = parse_show("arista_eos", "show interfaces status", capture("7050sx3_show_interfaces_status.txt"))
    assert [r["port"] for r in recs] == ["Et1", "Et2", "Et3", "Et4", "Et5", "Et49/1", "Et49/2", "Et50/1", "Ma1",
                                         "Po1000"]
    ports = by(recs, "port")
    assert ports["Et1"] == {"port": "Et1", "name": "SRV-ESX01 vmnic0", "status": "connected", "vlan_id": "trunk",
                            "duplex": "full", "speed": "10G", "type": "10GBASE-SR", "flags": ""}
    # A name ending in a status word must not steal the real status.
    assert (ports["Et5"]["name"], ports["Et5"]["status"]) == ("old uplink disabled", "errdisabled")
    assert (ports["Et4"]["name"], ports["Et4"]["type"]) == ("", "Not Present")
    assert ports["Et49/1"]["vlan_id"] == "Po1000"  # "in Po1000": member of a port-channel
    assert ports["Et49/2"]["status"] == "inactive"
    assert (ports["Ma1"]["duplex"], ports["Ma1"]["speed"], ports["Ma1"]["vlan_id"]) == ("a-full", "a-1G", "routed")
    assert ports["Po1000"]["type"] == "N/A"


def test_interfaces_status_abbreviations_resolve() -> None:
    text = capture("7050sx3_show_interfaces_status.txt")
    expected = parse_show("arista_eos", "show interfaces status", text)
    for typed in ("sh int status", "show interface status", "sh int st", "SHOW INTERFACES STATUS | no-more"):
        assert parse_show("arista_eos", typed, text) == expected


def test_version_720xp_capture() -> None:
    [rec] = parse_show("arista_eos", "show version", capture("720xp_show_version.txt"))
    assert rec == {"model": "CCS-720XP-48ZC2-F", "hw_version": "11.11", "serial_number": "JPE21321552",
                   "sys_mac": "2cdd.e9a1.03b7", "image": "4.29.2F", "total_memory": "3938980",
                   "free_memory": "2260308", "uptime": "18 weeks, 2 days, 3 hours and 12 minutes"}


def test_mac_address_table_capture() -> None:
    recs = parse_show("arista_eos", "sh mac address-table", capture("7050_show_mac_address-table.txt"))
    assert len(recs) == 7
    first, moved, static, modular, router = recs[:5]
    assert first == {"vlan_id": "10", "mac_address": "0050.5699.1a2b", "type": "DYNAMIC",
                     "destination_port": ["Et1"], "moves": "1", "last_move": "0:03:11"}
    assert (moved["destination_port"], moved["moves"], moved["last_move"]) == (["Et49/1"], "3", "2 days, 4:05:06")
    assert (static["type"], static["destination_port"], static["moves"], static["last_move"]) == (
        "STATIC", ["Po1000"], "", "")
    assert modular["destination_port"] == ["Et3/1/1"]  # the template raises on this port shape
    assert (router["vlan_id"], router["destination_port"]) == ("4094", ["Router"])
    flood, single = recs[5:]
    assert flood["destination_port"] == ["Cpu", "Et1", "Et2", "Po1000"]
    assert (flood["mac_address"], flood["vlan_id"]) == ("0100.5e00.00fb", "10")
    assert single["destination_port"] == ["Et3"]


def test_vlan_capture_with_continuation_lines() -> None:
    recs = by(parse_show("arista_eos", "show vlan brief", capture("7050_show_vlan.txt")), "vlan_id")
    assert list(recs) == ["1", "10", "20", "30", "99", "4094"]
    assert recs["10"] == {"vlan_id": "10", "vlan_name": "SERVERS", "status": "active",
                          "interfaces": ["Cpu", "Et1", "Et2", "Et3", "Et5", "Et6", "Et7", "Et8", "Et9", "Po1000"]}
    assert recs["30"]["interfaces"] == [] and recs["30"]["status"] == "suspended"
    assert recs["99"]["status"] == "act/lshut"  # kept although the template drops it
    assert recs["20"]["interfaces"] == ["Et3", "PEt3"]


def test_authentication_sessions_capture() -> None:
    recs = parse_show("arista_eos", "show authentication sessions", capture("720xp_show_authentication_sessions.txt"))
    assert [(r["interface"], r["mac_address"], r["method"], r["status"], r["vlan_id"]) for r in recs] == [
        ("Et3", "0050.56a1.0003", "dot1x", "Authorized", "20"),
        ("Et7", "b4fb.e4aa.1234", "mac-based", "Authorized", "30"),
        ("Et12", "001b.ed6b.2941", "dot1x", "Unauthorized", ""),
    ]


def test_authentication_sessions_full_rows_and_prompts() -> None:
    """Every column filled (the one-regex path) gives the same records as the row-by-row path."""
    rows = [("Et3", "Yes", "dot1x", "0050.56a1.0003", "20"), ("Et47", "No", "mac-based", "b4fb.e4aa.1234", "999"),
            ("Po12", "Yes", "dot1x", "00:50:56:a1:00:04", "30")]
    head = "Port       Authorized   Mode          MAC Address       Vlan\n" + "-" * 60 + "\n"
    body = "".join(f"{a:<10} {b:<12} {c:<13} {d:<17} {e}\n" for a, b, c, d, e in rows)
    full = parse_show("arista_eos", "show authentication sessions", "sw01#show authentication sessions\n" + head + body
                      + "sw01#\n")
    blank = parse_show("arista_eos", "show authentication sessions", head + body + "Et9        No           dot1x\n")
    want = [{"interface": a, "status": {"Yes": "Authorized", "No": "Unauthorized"}[b], "method": c,
             "mac_address": d, "vlan_id": e} for a, b, c, d, e in rows]
    assert full == want
    assert blank[:3] == want and blank[3]["interface"] == "Et9" and blank[3]["mac_address"] == ""


def test_authentication_sessions_dot1x_hosts_layout() -> None:
    text = ("Port       Supplicant MAC    Auth    State        Fallback     VLAN\n"
            "---------- ----------------- ------- ------------ ------------ ----\n"
            "Et1        0050.5668.93ef    EAP     Success      NONE         10\n")
    [rec] = parse_show("arista_eos", "show authentication sessions", text)
    assert (rec["interface"], rec["mac_address"], rec["method"], rec["status"], rec["vlan_id"]) == (
        "Et1", "0050.5668.93ef", "EAP", "Success", "10")
    assert rec["fallback"] == "NONE"


# ---------------------------------------------------------------------------- differential vs ntc


def norm(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v).strip() for v in value]
    return "" if value is None else str(value).strip()


def assert_same_as_ntc(command: str, text: str) -> None:
    expected = parse_output(platform="arista_eos", command=command, data=text)
    assert expected, "the generated output must give ntc-templates something to parse"
    actual = parse_show("arista_eos", command, text)
    assert len(actual) == len(expected)
    for want, got in zip(expected, actual, strict=True):
        assert {k: norm(v) for k, v in want.items()} == {k: norm(got.get(k)) for k in want}


@pytest.mark.parametrize("seed", range(12))
def test_interfaces_status_matches_ntc(seed: int) -> None:
    assert_same_as_ntc("show interfaces status", gen.arista_interfaces_status(random.Random(seed), 40))


@pytest.mark.parametrize("seed", range(8))
def test_mac_address_table_matches_ntc(seed: int) -> None:
    rng = random.Random(seed)
    assert_same_as_ntc("show mac address-table", gen.arista_mac_address_table(rng, 40, multicast=seed % 5))


@pytest.mark.parametrize("seed", range(8))
def test_vlan_matches_ntc(seed: int) -> None:
    assert_same_as_ntc("show vlan", gen.arista_vlan(random.Random(seed), 15))


@pytest.mark.parametrize("seed", range(4))
def test_version_matches_ntc(seed: int) -> None:
    assert_same_as_ntc("show version", gen.arista_version(random.Random(seed)))


def test_generators_exercise_the_hard_cases() -> None:
    """The differential tests above only prove something if the generated text has the hard rows."""
    status = gen.arista_interfaces_status(random.Random(0), 200)
    assert "Not Present" in status and " in Po" in status and "connected  " in status
    recs = parse_show("arista_eos", "show interfaces status", status)
    assert any(r["name"].split()[-1:] in (["disabled"], ["connected"]) for r in recs)
    macs = parse_show("arista_eos", "show mac address-table", gen.arista_mac_address_table(random.Random(1), 50))
    assert any(len(r["destination_port"]) > 1 for r in macs) and any(r["last_move"] for r in macs)
    vlans = parse_show("arista_eos", "show vlan", gen.arista_vlan(random.Random(2), 30))
    assert any(len(r["interfaces"]) > 6 for r in vlans)


# ------------------------------------------------------------------------------------------ robustness

def test_empty_and_header_only_outputs() -> None:
    for parser in PARSERS.values():
        assert parser("") == []
        assert parser("\n\n   \n") == []
    assert parse_show("arista_eos", "show interfaces status",
                      "Port Name Status Vlan Duplex Speed Type Flags\n") == []


def test_crlf_and_cr_line_ends() -> None:
    text = capture("7050sx3_show_interfaces_status.txt")
    plain = parse_show("arista_eos", "show interfaces status", text)
    assert parse_show("arista_eos", "show interfaces status", text.replace("\n", "\r\n")) == plain
    assert parse_show("arista_eos", "show interfaces status", text.replace("\n", "\r")) == plain


@pytest.mark.timeout(120)  # hang guard: a backtracking pattern takes hours on these lines, linear ones milliseconds
def test_pathological_lines_stay_linear() -> None:
    long_line = "Et1 " + "connected " * 20000 + "\n"
    for parser in PARSERS.values():
        parser(long_line * 3)
        parser(" " * 100000 + "x\n")


def test_vlan_names_with_blanks_and_long_port_lines_are_kept() -> None:
    """Truer than the template (docs/parsing.md): it drops a VLAN whose name holds a blank and reads at
    most 59 ports of a VLAN's line."""
    text = (Path(__file__).parent / "data" / "arista_eos" / "truer_show_vlan.txt").read_text()
    mine = parse_show("arista_eos", "show vlan", text)
    assert [(r["vlan_id"], r["vlan_name"], r["status"]) for r in mine] == [
        ("1", "default", "active"), ("10", "Staff Data", "active"), ("20", "Voice Floor 2", "suspended"),
        ("30", "lab", "act/lshut")]
    assert mine[0]["interfaces"] == [f"Et{i}" for i in range(1, 66)]
    assert mine[1]["interfaces"] == ["Et49/1", "Po7"]
    theirs = parse_output(platform="arista_eos", command="show vlan", data=text)
    assert [r["vlan_id"] for r in theirs] == ["1"] and len(theirs[0]["interfaces"]) == 59
