"""Facts of a Cisco host whose outputs hit the template losses of issue 16 (docs/parsing.md): an
experimental IOS-XE build, a wrapped 802.1X header, MAC rows with a flag or several ports, MST."""

from __future__ import annotations

from pathlib import Path

from engine.facts.build import build_facts

DATA = Path(__file__).parents[1] / "parsing" / "data" / "cisco_ios"

STATUS = """
Port         Name               Status       Vlan       Duplex  Speed Type
Gi1/0/1      Lab bench 1        connected    10         a-full a-1000 10/100/1000BaseTX
Gi1/0/4      Desk 4             connected    10         a-full a-1000 10/100/1000BaseTX
Gi1/0/7      Phone and PC       connected    10         a-full  a-100 10/100/1000BaseTX
Gi1/0/8      Camera A           connected    10         a-full  a-100 10/100/1000BaseTX
Gi1/0/9      Camera B           connected    10         a-full  a-100 10/100/1000BaseTX
Te1/1/1      uplink             connected    trunk        full    10G SFP-10GBase-SR
"""


def truer(name: str) -> str:
    return (DATA / f"truer_{name}.txt").read_text()


def test_facts_of_a_host_with_the_template_losses() -> None:
    blocks = [("show version", truer("version_iosxe_experimental")), ("show interfaces status", STATUS),
              ("show authentication sessions", truer("auth_sessions_wrapped")),
              ("show mac address-table", truer("mac_flags_multiport")),
              ("show spanning-tree", truer("spanning_tree_mst"))]
    facts = build_facts("LAB-C9300-07", "", blocks)
    assert (facts.vendor, facts.model, facts.version, facts.serial) == (
        "Cisco", "C9300-24U", "17.6.20210302:012459", "FOC2417L0ZX")
    assert facts.uptime == "3 days, 4 hours, 12 minutes"
    ports = {p.port: p for p in facts.ports}
    # The wrapped header no longer hides the sessions.
    assert (ports["Gi1/0/4"].auth_state, ports["Gi1/0/4"].auth_mode, ports["Gi1/0/4"].auth_client_mac) == (
        "Authorized", "dot1x", "6c4b.9012.ab01")
    assert (ports["Gi1/0/7"].auth_state, ports["Gi1/0/7"].auth_mode) == ("Authorized", "macauth")
    # The static entry on two ports is learned on both; the flagged row is not lost.
    assert ports["Gi1/0/8"].learned_macs == ["aaaa.bbff.8888"]
    assert ports["Gi1/0/9"].learned_macs == ["aaaa.bbff.8888"]
    assert ports["Te1/1/1"].learned_macs == ["3c52.82d0.77a1"]
    assert [(s.vlan, s.root_switch, s.root_port) for s in facts.spans] == [
        ("VLAN0000", "0c11.67a3.9f00", "Te1/1/1"), ("VLAN0003", "0c11.67a3.9f00", "Te1/1/1")]
