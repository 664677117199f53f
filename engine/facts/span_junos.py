"""Spanning-tree roots of Junos `show spanning-tree bridge` (RSTP/VSTP/MSTP), as SpanInfo rows.

The CIST (or the single RSTP tree) is `VLAN0000`, as Cisco's MST0; `MSTI n` is `VLAN000n`, a VSTP
`VLAN n` tree is `VLAN000n`.  The root bridge is the MAC of its `Root ID` / `MSTI regional root`, dotted;
a bridge that is the root has no `Root port` line.
"""

from __future__ import annotations

import re

from engine.facts.aruba import dotted_mac
from engine.model import SpanFacts

_SECTION = re.compile(r"^STP bridge parameters(?: for (?:CIST|MSTI (\d+)|VLAN (\d+)))?[ \t]*$", re.M)
_ROOT = re.compile(r"^[ \t]*(?:Root ID|MSTI regional root)[ \t]*:[ \t]*\d+\.([0-9a-fA-F:]{17})", re.M)
_ROOT_PORT = re.compile(r"^[ \t]*Root port[ \t]*:[ \t]*(\S+)", re.M)


def parse_span_roots(text: str) -> list[SpanFacts]:
    if not text:
        return []
    marks = list(_SECTION.finditer(text))
    out: dict[str, SpanFacts] = {}
    for i, mark in enumerate(marks):
        section = text[mark.end():marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        root = _ROOT.search(section)
        if root is None:
            continue
        number = int(mark.group(1) or mark.group(2) or 0)
        port = _ROOT_PORT.search(section)
        root_port = port.group(1) if port else ""
        out[f"VLAN{number:04d}"] = SpanFacts(vlan=f"VLAN{number:04d}", root_switch=dotted_mac(root.group(1)),
                                             root_port=root_port, role="Root" if root_port else "",
                                             upstream=root_port)
    return list(out.values())
