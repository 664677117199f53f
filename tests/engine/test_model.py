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
