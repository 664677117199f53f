"""Facts cross from the parse processes to the writers by pickle: they must arrive unchanged."""

from __future__ import annotations

import dataclasses
import pickle

from engine.model import DeviceFacts, PortFacts, SpanFacts


def test_facts_survive_the_trip_between_processes_field_for_field() -> None:
    port = PortFacts(**{f.name: (f"v-{f.name}" if f.type == "str" else f.default)
                        for f in dataclasses.fields(PortFacts) if f.name != "learned_macs"},
                     learned_macs=["aaaa.bbbb.0001", "aaaa.bbbb.0002"])
    port.vlan = 42
    facts = DeviceFacts(hostname="WLLS-A01-AS-01", vendor="Cisco", model="C9300-48P", ports=[port, PortFacts("Gi1/0/2")],
                        spans=[SpanFacts("1", "8000.aaaa.bbbb.cccc", "Te1/1/1", "Root", "core")], auth_block=["aaa new"])
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(facts, protocol=protocol))
        assert back == facts
        assert [dataclasses.astuple(p) for p in back.ports] == [dataclasses.astuple(p) for p in facts.ports]
        assert back.ports[0].learned_macs is not facts.ports[0].learned_macs


def test_ports_travel_packed_and_come_back_equal_whatever_they_hold() -> None:
    """The packed form is taken only when it comes back equal: values holding the separators, empty MAC
    lists and empty MACs, odd types and configs of many lines all survive, packed or not."""
    from engine.model import pack_ports

    plain = [PortFacts(f"Gi1/0/{i}", name=f"Desk {i}", vlan=i, learned_macs=[f"aaaa.bbbb.{i:04x}"] * (i % 3),
                       config=" switchport access vlan 20\n mab\n") for i in range(1, 50)]
    assert pack_ports(plain) is not None
    awkward = [
        [PortFacts("Gi1/0/1", name="a\x1fb"), PortFacts("Gi1/0/2")],          # a field separator in a value
        [PortFacts("Gi1/0/1", config="x\x1ey")],                              # a port separator
        [PortFacts("Gi1/0/1", learned_macs=["aaaa.bbbb.0001\x1dcccc"])],      # a MAC separator
        [PortFacts("Gi1/0/1", learned_macs=[""])],                            # an empty MAC
        [PortFacts("Gi1/0/1", learned_macs=["aaaa.bbbb.0001", ""])],
        [PortFacts("Gi1/0/1", vlan="20")],  # type: ignore[arg-type]         # not the declared type
        [PortFacts("Gi1/0/1", tooltip=None)],  # type: ignore[arg-type]
    ]
    for ports in awkward:
        assert pack_ports(ports) is None, ports
    for ports in [plain, [], *awkward]:
        facts = DeviceFacts(hostname="H", vendor="Cisco", ports=ports)
        back = pickle.loads(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == facts
        assert [dataclasses.astuple(p) for p in back.ports] == [dataclasses.astuple(p) for p in ports]
        assert all(type(p.vlan) is type(q.vlan) for p, q in zip(back.ports, ports, strict=True))
