"""Neighbours and addresses, vendor by vendor, from the outputs devices print (written for these tests)."""

from __future__ import annotations

from pathlib import Path

from engine.facts.build import build_facts, wanted_command
from engine.facts.links import addresses, neighbors
from engine.model import AddressFacts, NeighborFacts

IOS_CDP = """-------------------------
Device ID: core-01.example.net
Entry address(es):
  IP address: 10.0.0.1
Platform: cisco C9500-48Y4C,  Capabilities: Router Switch IGMP
Interface: TenGigabitEthernet1/1/1,  Port ID (outgoing port): TenGigabitEthernet1/0/7
Holdtime : 150 sec

Version :
Cisco IOS Software, Version 17.9.4a

-------------------------
Device ID: SEP001122334455
Entry address(es):
  IP address: 10.9.0.55
Platform: Cisco IP Phone 8845,  Capabilities: Host Phone
Interface: GigabitEthernet1/0/5,  Port ID (outgoing port): Port 1
Holdtime : 170 sec

Version :
sip8845.14-1-1

"""
IOS_LLDP = """------------------------------------------------
Local Intf: Gi1/0/2
Chassis id: 7c25.86c9.aaaa
Port id: ge-0/0/23
Port Description: uplink to access
System Name: ex2200-lab

System Description:
Juniper Networks, Inc. ex2200-24t-4g , version 12.3R9.4

Time remaining: 95 seconds
System Capabilities: B,R
Enabled Capabilities: B
Management Addresses:
    IP: 192.168.1.81
Auto Negotiation - supported, enabled
Vlan ID: - not advertised

------------------------------------------------

Total entries displayed: 1
"""
EOS_LLDP = """Last table change time   : 0:10:12 ago
Number of table inserts  : 2

Port          Neighbor Device ID               Neighbor Port ID           TTL
---------- -------------------------------- -------------------------- ---
Et1           leaf-02.example.net              Ethernet1                  120
Ma1           oob-sw                           Gi0/12                     120
"""
JUNOS_LLDP = """Local Interface    Parent Interface    Chassis Id          Port info          System Name
ge-0/0/1           -                   2c:6b:f5:aa:bb:01   ge-0/0/1           vmx2
"""
AOSCX_LLDP = """Port                           : 1/1/1
Neighbor Entries               : 1
Neighbor Chassis-Name          : ap-335-lobby
Neighbor Chassis-Description   : ArubaOS (MODEL: 335), Version Aruba AP
Neighbor Chassis-ID            : 70:3a:0e:cd:41:fe
Neighbor Management-Address    : 10.252.99.12
Chassis Capabilities Available : Bridge, WLAN
Chassis Capabilities Enabled   : Bridge, WLAN
Neighbor Port-ID               : 70:3a:0e:cd:41:fe
Neighbor Port-Desc             : eth0
TTL                            : 120
-------------------------------------------------------------------------------
"""


def test_cdp_and_lldp_neighbours_as_the_device_printed_them() -> None:
    assert neighbors("cisco_ios", {"show cdp neighbors detail": IOS_CDP}) == [
        NeighborFacts("Te1/1/1", "CDP", "core-01.example.net", "TenGigabitEthernet1/0/7", "cisco C9500-48Y4C",
                      "10.0.0.1"),
        NeighborFacts("Gi1/0/5", "CDP", "SEP001122334455", "Port 1", "Cisco IP Phone 8845", "10.9.0.55"),
    ]
    lldp = neighbors("cisco_ios", {"show lldp neighbors detail": IOS_LLDP})
    assert lldp is not None and [(n.port, n.name, n.neighbor_port, n.address) for n in lldp] == [
        ("Gi1/0/2", "ex2200-lab", "ge-0/0/23", "192.168.1.81")]
    assert lldp[0].platform.startswith("Juniper Networks, Inc. ex2200-24t-4g")
    eos = neighbors("arista_eos", {"show lldp neighbors": EOS_LLDP})
    assert eos is not None and [(n.port, n.name, n.neighbor_port) for n in eos] == [
        ("Et1", "leaf-02.example.net", "Ethernet1"), ("Ma1", "oob-sw", "Gi0/12")]
    junos = neighbors("juniper_junos", {"show lldp neighbors": JUNOS_LLDP})
    assert junos is not None and [(n.port, n.name, n.neighbor_port) for n in junos] == [("ge-0/0/1", "vmx2", "ge-0/0/1")]
    aoscx = neighbors("aruba_aoscx", {"show lldp neighbor-info detail": AOSCX_LLDP})
    assert aoscx is not None and [(n.port, n.name, n.address) for n in aoscx] == [
        ("1/1/1", "ap-335-lobby", "10.252.99.12")]


def test_no_neighbour_command_is_not_no_neighbours() -> None:
    assert neighbors("cisco_ios", {"show version": "x"}) is None
    assert neighbors("cisco_ios", {"show cdp neighbors detail": "% CDP is not enabled\n"}) == []
    # CDP and LLDP listing the same adjacency keep one row per protocol; the same row twice is kept once.
    both = neighbors("cisco_ios", {"show cdp neighbors detail": IOS_CDP + IOS_CDP})
    assert both is not None and len(both) == 2


def test_addresses_from_configuration_and_the_brief_table() -> None:
    config = ("interface Vlan10\n description users\n ip address 10.1.10.1 255.255.255.0\n"
              " ip address 10.2.10.1 255.255.255.128 secondary\n!\ninterface GigabitEthernet1/0/1\n no ip address\n"
              "!\ninterface Loopback0\n ip address 10.255.0.1/32\n!\nvlan 20\n   ip address 10.20.0.1 255.255.0.0\n"
              "interface ve 30\n ip address 10.30.0.1/24\n"
              "set interfaces irb unit 40 family inet address 10.40.0.1/24\n"
              "interface Vlan50\n ip address dhcp\n")
    assert addresses({"show running-config": config}) == [
        AddressFacts("Vl10", "10.1.10.1", 24), AddressFacts("Vl10", "10.2.10.1", 25),
        AddressFacts("Loopback0", "10.255.0.1", 32), AddressFacts("vlan 20", "10.20.0.1", 16),
        AddressFacts("ve30", "10.30.0.1", 24), AddressFacts("irb.40", "10.40.0.1", 24)]
    brief = ("Interface              IP-Address      OK? Method Status                Protocol\n"
             "Vlan1                  unassigned      YES NVRAM  up                    up\n"
             "Vlan10                 10.1.10.1       YES NVRAM  up                    up\n"
             "GigabitEthernet0/0     192.168.1.5     YES manual up                    up\n")
    # The brief table adds what the configuration lacks; the same address is listed once, with its prefix.
    assert addresses({"show running-config": config, "show ip interface brief": brief})[-1] == AddressFacts(
        "Gi0/0", "192.168.1.5", 0)
    assert len(addresses({"show running-config": config, "show ip interface brief": brief}) or []) == 7
    assert addresses({"show version": "x"}) is None
    assert addresses({"show running-config": "hostname x\n"}) == []
    assert addresses({"show running-config": "interface Vlan9\n ip address 300.1.1.1 255.255.255.0\n"}) == []


def test_the_host_facts_carry_them() -> None:
    assert wanted_command("show cdp neighbors detail") == "show cdp neighbors detail"
    assert wanted_command("sh lldp nei") == "show lldp neighbors"
    assert wanted_command("show lldp neighbors-info detail") == "show lldp neighbor-info detail"
    version = ("Cisco IOS XE Software, Version 17.09.04a\ncisco C9300-48P (X86) processor\n"
               "Processor board ID FOC2418L0QX\nsw1 uptime is 3 weeks\n")
    status = ("Port         Name               Status       Vlan       Duplex  Speed Type\n"
              "Te1/1/1      Uplink             connected    trunk        full    10G SFP-10GBase-SR\n")
    facts = build_facts("sw1", "sw1#", [("show version", version), ("show interfaces status", status),
                                        ("show cdp neighbors detail", IOS_CDP)])
    assert facts.neighbors is not None and len(facts.neighbors) == 2 and facts.addresses is None


def test_the_fast_cdp_reader_agrees_with_the_template(tmp_path: Path) -> None:
    """The ingest path reads CDP directly; it must store what the ntc-style template parses, here on the
    test's own outputs and on a generated Cisco corpus."""
    import contextlib
    import io
    import re

    from engine.cli import main
    from engine.facts.links import _cdp_detail
    from engine.parsing.registry import parse_show

    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["loadgen", "--out", str(tmp_path), "--size", "1MB", "--sites", "1", "--seed", "3",
                     "--vendors", "cisco"]) == 0
    texts = [IOS_CDP, IOS_CDP.replace("\n", "\r\n")]
    for path in tmp_path.glob("*.log"):
        texts += [m.group(1) for m in re.finditer(r"#show cdp neighbors detail\n(.*?)(?=^\S+#)", path.read_text(),
                                                  re.S | re.M)]
    assert len(texts) > 5
    fields = ("neighbor_name", "local_interface", "neighbor_interface", "platform", "mgmt_address")
    for text in texts:
        expected = [{k: str(r.get(k) or "").strip() for k in fields}
                    for r in parse_show("cisco_ios", "show cdp neighbors detail", text)]
        assert [{k: str(r.get(k) or "").strip() for k in fields} for r in _cdp_detail(text)] == expected
