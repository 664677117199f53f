"""Vendor detection tells AOS-CX, ProCurve/AOS-S, FastIron and ArubaOS controllers apart, with or without
`show version`."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.facts.build import FactsError, build_facts
from engine.facts.vendor import detect_vendor

DATA = Path(__file__).parents[1] / "parsing" / "data"


def text(platform: str, name: str) -> str:
    return (DATA / platform / name).read_text()


def test_procurve_without_show_version_is_not_a_fastiron_guess() -> None:
    # Only the two commands FastIron shares: scored 30 for ruckus_fastiron before.
    sample = text("hp_procurve", "show_interfaces_brief.txt") + text("hp_procurve", "show_mac-address.txt")
    found = detect_vendor("", sample, "", ["show interfaces brief", "show mac-address"])
    assert (found.platform, found.make) == ("hp_procurve", "HP")


@pytest.mark.parametrize(("version", "sample", "platform"), [
    (text("hp_procurve", "show_version.txt"), "", "hp_procurve"),
    ("", text("hp_procurve", "show_system.txt"), "hp_procurve"),
    (text("aruba_aoscx", "show_version.txt"), "", "aruba_aoscx"),
    ("", text("aruba_aoscx", "show_system.txt"), "aruba_aoscx"),
    ("", text("aruba_aoscx", "show_mac-address-table.txt"), "aruba_aoscx"),
])
def test_each_family_is_recognised(version: str, sample: str, platform: str) -> None:
    assert detect_vendor(version, sample, "", []).platform == platform


def test_arubaos_controller_is_refused_by_name_not_taken_for_aoscx() -> None:
    version = "Aruba Operating System Software.\nArubaOS (MODEL: 7205), Version 8.10.0.6\n"
    found = detect_vendor(version, version, "", ["show version"])
    assert found.platform is None and "ArubaOS" in found.reason and "unsupported vendor" in found.reason


def test_build_facts_dispatches_to_each_builder() -> None:
    aoscx = build_facts("MAPL-IDF2-AS-01", "", [("show system", text("aruba_aoscx", "show_system.txt")),
                                                ("show interfaces brief",
                                                 text("aruba_aoscx", "show_interface_brief.txt"))])
    assert (aoscx.vendor, aoscx.serial, len(aoscx.ports)) == ("Aruba", "SG19KW302C", 5)
    procurve = build_facts("ELM-IDF1-AS-03", "", [("show system", text("hp_procurve", "show_system.txt")),
                                                  ("show interfaces brief",
                                                   text("hp_procurve", "show_interfaces_brief.txt"))])
    assert (procurve.vendor, procurve.version, len(procurve.ports)) == ("HP", "KB.16.10.0012", 7)


def test_aoscx_ports_from_show_interface_when_there_is_no_brief_table() -> None:
    facts = build_facts("MAPL-IDF2-AS-01", "", [("show system", text("aruba_aoscx", "show_system.txt")),
                                                ("show interfaces", text("aruba_aoscx", "show_interface.txt"))])
    ports = {p.port: p for p in facts.ports}
    assert sorted(ports) == ["1/1/1", "1/1/2", "1/1/49"]  # vlan20 is not a port
    assert (ports["1/1/1"].status, ports["1/1/1"].vlan, ports["1/1/1"].speed, ports["1/1/1"].duplex) == (
        "connected", 20, "1000", "full")
    assert (ports["1/1/2"].status, ports["1/1/49"].vlan, ports["1/1/49"].name) == (
        "disabled", 1, "uplink MAPL-MDF-DS-01 Te1/0/7")


def test_unknown_text_names_the_families_it_looked_for() -> None:
    with pytest.raises(FactsError, match="Aruba or ProCurve"):
        build_facts("X-1", "", [("show running-config", "just text\n")])


def test_spanning_tree_roots() -> None:
    cx = build_facts("MAPL-IDF2-AS-01", "", [("show system", text("aruba_aoscx", "show_system.txt")),
                                             ("show spanning-tree", text("aruba_aoscx", "show_spanning-tree.txt"))])
    [span] = cx.spans
    assert (span.vlan, span.root_switch, span.root_port, span.role, span.upstream) == (
        "MST0", "7018.a755.e000", "1/1/49", "Root", "1/1/49")
    hp = build_facts("ELM-IDF1-AS-03", "", [("show system", text("hp_procurve", "show_system.txt")),
                                            ("show spanning-tree", text("hp_procurve", "show_spanning-tree.txt"))])
    [span] = hp.spans
    assert (span.vlan, span.root_switch, span.root_port, span.role, span.upstream) == (
        "MST0", "7018.a755.e000", "Trk1", "Root", "Trk1")


def test_spanning_tree_root_bridge_has_no_root_port() -> None:
    sample = text("aruba_aoscx", "show_spanning-tree.txt").replace("70:18:a7:55:e0:00", "5c:3a:45:a8:1e:40")
    cx = build_facts("MAPL-IDF2-AS-01", "", [("show system", text("aruba_aoscx", "show_system.txt")),
                                             ("show spanning-tree", sample)])
    assert (cx.spans[0].root_switch, cx.spans[0].root_port) == ("5c3a.45a8.1e40", "")


@pytest.mark.parametrize(("printed", "stored"), [("1000", "1000"), ("10000", "10000"), ("2.5G", "2500"),
                                                 ("1G", "1000"), ("--", ""), ("0", "")])
def test_aoscx_brief_speeds_are_mbps(printed: str, stored: str) -> None:
    brief = text("aruba_aoscx", "show_interface_brief.txt").replace(
        "  1000    AP-Lobby East", f"  {printed:<7} AP-Lobby East")
    facts = build_facts("MAPL-IDF2-AS-01", "", [("show system", text("aruba_aoscx", "show_system.txt")),
                                                ("show interfaces brief", brief)])
    assert facts.ports[0].speed == stored
