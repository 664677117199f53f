"""Spanning-tree root facts per VLAN/MST instance (the SpanInfo table), shared by all vendors."""

from __future__ import annotations

import re

from engine.facts.common import short_port
from engine.model import SpanFacts

_INSTANCE = re.compile(r"^(?:VLAN|MST)(\d+)\s*$|^Spanning tree enabled protocol .*? on VLAN (\d+)|"
                       r"^VLAN (\d+)\b", re.MULTILINE)
_ROOT_ADDRESS = re.compile(r"Root ID\s.*?Address\s+([0-9a-fA-F.:]+)|Root\s+(?:Bridge|ID)\s*:?\s*"
                           r"(?:\d+\s+)?([0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}|[0-9a-fA-F]{12})", re.S)
_ROOT_PORT = re.compile(r"Root ID.*?\n\s+Port\s+\d+\s+\(([^)]+)\)|Root port\s*:?\s*(\S+?),?\s", re.S)
_THIS_ROOT = re.compile(r"This bridge is the root|We are the root", re.I)
_ROW = re.compile(r"^(\S+)\s+(Root|Desg|Altn|Back|Mstr|Shr|Disabled|Dis|Bound)\w*\s+(\S+)", re.MULTILINE)


def parse_span_roots(text: str) -> list[SpanFacts]:
    if not text:
        return []
    marks = [(m.start(), next(g for g in m.groups() if g)) for m in _INSTANCE.finditer(text)]
    out: list[SpanFacts] = []
    seen: set[str] = set()
    for i, (start, number) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        section = text[start:end]
        vlan = f"VLAN{int(number):04d}"
        if vlan in seen:
            continue
        seen.add(vlan)
        addr = _ROOT_ADDRESS.search(section)
        root_switch = next((g for g in addr.groups() if g), "") if addr else ""
        root_port = ""
        if not _THIS_ROOT.search(section):
            rp = _ROOT_PORT.search(section)
            root_port = short_port(next((g for g in rp.groups() if g), "")) if rp else ""
        rows = list(_ROW.finditer(section))
        chosen = next((r for r in rows if r.group(2) == "Root"), rows[0] if rows else None)
        out.append(SpanFacts(vlan=vlan, root_switch=root_switch, root_port=root_port,
                             role=chosen.group(2) if chosen else "",
                             upstream=short_port(chosen.group(1)) if chosen else ""))
    return out
