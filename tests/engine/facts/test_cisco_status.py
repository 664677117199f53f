"""The stored port status comes from the Status column, not from a status word inside a description."""

from __future__ import annotations

from engine.facts import cisco

STATUS = """\
Port         Name               Status       Vlan       Duplex  Speed Type
Gi1/0/1      AP-2.114           connected    20         a-full a-1000 10/100/1000BaseTX
Gi1/0/7      spare disabled     notconnect   1            auto   auto 10/100/1000BaseTX
Gi1/0/8      was connected to   err-disabled 30           auto   auto 10/100/1000BaseTX
Gi1/0/9                         disabled     1            auto   auto 10/100/1000BaseTX
Te1/1/1      uplink core        connected    trunk        full    10G SFP-10GBase-SR
"""


def test_a_status_word_in_the_name_does_not_become_the_status() -> None:
    facts = cisco.build("SITE-A01-AS-01", {"show interfaces status": STATUS})
    status = {p.port: (p.name, p.status) for p in facts.ports}
    assert status == {"Gi1/0/1": ("AP-2.114", "connected"), "Gi1/0/7": ("spare disabled", "notconnect"),
                      "Gi1/0/8": ("was connected to", "err-disabled"), "Gi1/0/9": ("Gi1/0/9", "disabled"),
                      "Te1/1/1": ("uplink core", "connected")}


def test_lines_off_the_columns_keep_the_parsed_status() -> None:
    """Hand-edited or re-wrapped captures lose the alignment: the parser's reading stands then."""
    text = "Port Name Status Vlan Duplex Speed Type\nGi1/0/3 printer connected 10 a-full a-100 10/100BaseTX\n"
    facts = cisco.build("SITE-A01-AS-01", {"show interfaces status": text})
    assert [(p.port, p.status) for p in facts.ports] == [("Gi1/0/3", "connected")]
    assert cisco.status_by_column(text) == {}
