"""Fast MAC-table extraction for the facts: tuples straight from one regex, checked, else the parser.

MAC tables are about half of the bytes of real captures, and the facts need only (port, mac, vlan).
One `findall` per table yields those tuples without building a record dict per row; when a line of
the table holds a MAC in a layout it does not know (the regex's second branch), the table goes through
`parse_show` instead, so the result never differs from the parser's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from engine.facts.common import short_port
from engine.parsing import parse_show

_MAC = r"[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}"
_ANY_MAC = re.compile(_MAC)
# (vlan, mac, port) per platform, for the common layouts of each. A second branch matches any other line
# holding a MAC and yields empty groups: a table with such a line is not one the fast path knows.
_STRAY = rf"|[^\n]*?{_MAC}[^\n]*"
_ROWS = {
    "cisco_ios": re.compile(rf"^(?:[ *]*(\S+)[ \t]+({_MAC})[ \t]+\S+[ \t]+(\S+)[ \t]*{_STRAY})$", re.M),
    "arista_eos": re.compile(rf"^(?:[ *]*(\S+)[ \t]+({_MAC})[ \t]+\S+[ \t]+(\S+)(?:[ \t]+\d+[ \t]+\S[^\n]*)?[ \t]*"
                             rf"{_STRAY})$", re.M),
}
_FASTIRON = re.compile(rf"^(?:[ \t]*({_MAC})[ \t]+(\S+)[ \t]+\S+[ \t]+(\d+)[ \t]*{_STRAY})$", re.M)
_UNKNOWN_ROW = ("", "", "")

MacTable = dict[str, list[tuple[str, int]]]


def _add(out: MacTable, port: str, mac: str, vlan: int) -> None:
    bucket = out.get(port)
    if bucket is None:
        out[port] = [(mac, vlan)]
    else:
        bucket.append((mac, vlan))


def fast_rows(platform: str, text: str) -> list[tuple[str, str, str]] | None:
    """(vlan, mac, port) rows, or None when the table has rows this fast path does not understand (a
    line with a MAC in no layout it knows). One pass over the table."""
    if platform in _ROWS:
        rows: list[tuple[str, str, str]] = _ROWS[platform].findall(text)
    elif platform in ("ruckus_fastiron", "brocade_fastiron"):
        rows = [(vlan, mac, port) for mac, port, vlan in _FASTIRON.findall(text)]
    else:
        return None
    if _UNKNOWN_ROW in rows or any(_ANY_MAC.search(vlan + " " + port) for vlan, _mac, port in rows
                                   if len(port) >= 14 or len(vlan) >= 14):
        return None
    return rows


_GROUP_BIT = frozenset("13579bdfBDF")


def _group(mac: str) -> bool:
    """A multicast/broadcast address (group bit of the first octet): a table entry, never a learned MAC."""
    return mac[1:2] in _GROUP_BIT


def mac_table(platform: str, text: str, command: str, key: Callable[[str], str] = short_port) -> MacTable:
    """Port -> [(mac, vlan)] for rows with a numeric VLAN (`All ... CPU` rows are not ports) and a unicast
    MAC (multicast sections list group addresses on every member port)."""
    out: MacTable = {}
    if not text:
        return out
    port_of = key
    rows = fast_rows(platform, text)
    if rows is not None:
        get = out.get
        names: dict[str, str] = {}  # port as printed -> its key (an uplink repeats on hundreds of rows)
        group_bit = _GROUP_BIT
        for vlan, mac, port in rows:
            if mac[1] not in group_bit and vlan.isascii() and vlan.isdecimal():
                name = names.get(port)
                if name is None:
                    name = names[port] = port_of(port)
                bucket = get(name)
                if bucket is None:
                    out[name] = [(mac, int(vlan))]
                else:
                    bucket.append((mac, int(vlan)))
        return out
    for row in parse_show(platform, command, text):
        vlan = row.get("vlan_id", "")
        mac = row.get("destination_address") or row.get("mac_address") or ""
        if not (vlan.isascii() and vlan.isdecimal()) or _group(mac):
            continue
        ports = row.get("destination_port") or row.get("port")
        for p in ports if type(ports) is list else [ports] if ports else []:
            _add(out, port_of(p), mac, int(vlan))
    return out
