"""Spanning-tree root facts of AOS-CX and ProCurve/AOS-S, whose `show spanning-tree` layouts the Cisco-style
reader (`span`) does not know: MAC-Address lines, full role words, ProCurve's CST Root lines.

Instances are named `MST<n>` (MSTP, both families' default) or `VLAN<nnnn>` (AOS-CX Rapid PVST+); MACs
are stored dotted, as for the other vendors.
"""

from __future__ import annotations

import re

from engine.model import SpanFacts

_HEX = re.compile(r"[^0-9a-fA-F]")
_CX_INSTANCE = re.compile(r"^(MST|VLAN)(\d+)[ \t]*$", re.M)
_CX_MAC = re.compile(r"^[ \t]*(Root|Bridge) ID\b.*?\n[ \t]*MAC-Address[ \t]*:[ \t]*(\S+)", re.M)
_ROW = re.compile(r"^[ \t]*(\S+)[ \t]+(?:[^|\n]*\|[^\n]*?)?\b(Root|Designated|Alternate|Backup|Master|Disabled)\b",
                  re.M)
_HP_ROOT_MAC = re.compile(r"^[ \t]*CST Root MAC Address[ \t]*:[ \t]*(\S+)", re.M)
_HP_ROOT_PORT = re.compile(r"^[ \t]*CST Root Port[ \t]*:[ \t]*(\S+)", re.M)
_HP_SWITCH_MAC = re.compile(r"^[ \t]*Switch MAC Address[ \t]*:[ \t]*(\S+)", re.M)


def _dotted(mac: str) -> str:
    digits = _HEX.sub("", mac).lower()
    return f"{digits[0:4]}.{digits[4:8]}.{digits[8:12]}" if len(digits) == 12 else mac


def _root_row(section: str) -> tuple[str, str]:
    """(role, port) of the Root port row, else of the first row."""
    rows = [(m.group(2), m.group(1)) for m in _ROW.finditer(section) if m.group(1) not in ("Port", "Root", "Bridge")]
    chosen = next((r for r in rows if r[0] == "Root"), rows[0] if rows else ("", ""))
    return chosen


def aoscx_span_roots(text: str) -> list[SpanFacts]:
    marks = list(_CX_INSTANCE.finditer(text))
    out: list[SpanFacts] = []
    for i, m in enumerate(marks):
        section = text[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        macs = {kind: _dotted(mac) for kind, mac in _CX_MAC.findall(section)}
        name = f"MST{int(m.group(2))}" if m.group(1) == "MST" else f"VLAN{int(m.group(2)):04d}"
        role, port = _root_row(section)
        is_root = bool(macs.get("Root")) and macs.get("Root") == macs.get("Bridge")
        out.append(SpanFacts(vlan=name, root_switch=macs.get("Root", ""), root_port="" if is_root else
                             (port if role == "Root" else ""), role=role, upstream=port))
    return out


def procurve_span_roots(text: str) -> list[SpanFacts]:
    root = _HP_ROOT_MAC.search(text)
    if root is None:
        return []
    switch = _HP_SWITCH_MAC.search(text)
    port = _HP_ROOT_PORT.search(text)
    is_root = switch is not None and _dotted(switch.group(1)) == _dotted(root.group(1))
    role, upstream = _root_row(text[port.end() if port else root.end():])
    return [SpanFacts(vlan="MST0", root_switch=_dotted(root.group(1)),
                      root_port="" if is_root or port is None else port.group(1), role=role, upstream=upstream)]
