"""FastIron 802.1X / MAC-authentication session tables, mapped through their own column header.

`show dot1x sessions all`, `show mac-authentication sessions all` and the unified
`show authentication sessions all` (8.0.90+) print the same kind of table with different columns
and a two-line header whose second line completes the first (``Auth`` / ``Method``).  The header is
read into column labels, the labels into fields, and the fields into one row regex (compiled once
per distinct header) that runs over the whole table.  The IP column is optional in the regex
because FastIron leaves it blank for a host that has no address yet.  Without a header, the
command's usual layout is assumed.

Every record has all of these fields ("" when the table has no such column):

    interface, mac_address, ip_address, username, vlan_id, method, status, acl, session_time,
    age, pae_state, dot1x

``method`` is the unified table's Auth Method column as printed (``8021.X`` or ``MAUTH``); the
single-method tables have no such column, so it is "" there (the command says which method it is).
``status`` is the Auth State column as printed (``permit``, ``deny``, ``restrict``, ``init``...),
``pae_state`` the 802.1X PAE State (``AUTHENTICATED``, ``CONNECTING``, ``HELD``...).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

Record = dict[str, Any]

FIELDS = ("interface", "mac_address", "ip_address", "username", "vlan_id", "method", "status", "acl",
          "session_time", "age", "pae_state", "dot1x")

UNIFIED_LAYOUT = ("interface", "mac_address", "ip_address", "username", "vlan_id", "method", "status",
                  "acl", "session_time", "age", "pae_state")
DOT1X_LAYOUT = ("interface", "mac_address", "ip_address", "username", "vlan_id", "status", "acl",
                "session_time", "age", "pae_state")
MAC_AUTH_LAYOUT = ("interface", "mac_address", "ip_address", "vlan_id", "status", "acl", "session_time",
                   "age", "dot1x")

_HEADER = re.compile(r"\n([ \t]*Port[ \t][^\n]*\bMAC\b[^\n]*)")
_WORD = re.compile(r"\S+")
_MAC = r"[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}"


def _field(label: str) -> str:
    """Column label (``Auth Method``, ``IP(v4/v6) Addr``) -> record field."""
    words = label.lower().split()
    first = words[0]
    if first == "port":
        return "interface"
    if first == "mac":
        return "mac_address"
    if first.startswith("ip"):
        return "ip_address"
    if first.startswith("user"):
        return "username"
    if first == "vlan":
        return "vlan_id"
    if first == "auth" or first == "state":
        return "method" if "method" in words else "status"
    if first == "method":
        return "method"
    if first == "session":
        return "session_time"
    if first == "pae":
        return "pae_state"
    if first in ("acl", "age", "dot1x"):
        return first
    return re.sub(r"\W+", "_", "_".join(words)).strip("_") or "column"


# Words that end a two-word label printed on one line ("MAC Address", "Auth State").
_TAIL_WORDS = frozenset(("address", "addr", "name", "state", "method", "time", "id"))


def header_layout(first: str, second: str) -> tuple[str, ...]:
    """Fields of a (one- or two-line) header; a second-line word joins the column it sits under."""
    starts: list[tuple[int, list[str]]] = []
    end = -2
    for m in _WORD.finditer(first):
        if starts and m.start() == end + 1 and m.group().lower() in _TAIL_WORDS:
            starts[-1][1].append(m.group())
        else:
            starts.append((m.start(), [m.group()]))
        end = m.end()
    if not starts:
        return ()
    for m in _WORD.finditer(second):
        column = starts[0]
        for start in starts:
            if start[0] <= m.start() + 1:
                column = start
        column[1].append(m.group())
    return tuple(_field(" ".join(words)) for _, words in starts)


@lru_cache(maxsize=64)
def _row_regex(layout: tuple[str, ...]) -> re.Pattern[str]:
    """Row pattern for a column layout: one group per column; the IP column may be blank."""
    parts = []
    for i, field in enumerate(layout):
        last = i == len(layout) - 1
        if field == "ip_address" and not last:
            parts.append(r"(?:(\S++)[ \t]++)??")
            continue
        token = f"({_MAC})" if field == "mac_address" else r"(\S++)"
        parts.append(token + (r"[ \t]*+$" if last else r"[ \t]++"))
    return re.compile(r"\n" + "".join(parts), re.MULTILINE)


def _rows(segment: str, layout: tuple[str, ...], method: str) -> list[Record]:
    rows = _row_regex(layout).findall(segment)
    if layout == UNIFIED_LAYOUT:
        return [
            {"interface": a, "mac_address": b, "ip_address": c, "username": d, "vlan_id": e, "method": f,
             "status": g, "acl": h, "session_time": i, "age": j, "pae_state": k, "dot1x": ""}
            for a, b, c, d, e, f, g, h, i, j, k in rows
        ]
    if layout == DOT1X_LAYOUT:
        return [
            {"interface": a, "mac_address": b, "ip_address": c, "username": d, "vlan_id": e, "method": method,
             "status": g, "acl": h, "session_time": i, "age": j, "pae_state": k, "dot1x": ""}
            for a, b, c, d, e, g, h, i, j, k in rows
        ]
    if layout == MAC_AUTH_LAYOUT:
        return [
            {"interface": a, "mac_address": b, "ip_address": c, "username": "", "vlan_id": e, "method": method,
             "status": g, "acl": h, "session_time": i, "age": j, "pae_state": "", "dot1x": k}
            for a, b, c, e, g, h, i, j, k in rows
        ]
    base: Record = dict.fromkeys(FIELDS, "")
    base["method"] = method
    out = []
    for values in rows:
        rec = base.copy()
        rec.update(zip(layout, values, strict=True))
        out.append(rec)
    return out


def parse_sessions(text: str, default_layout: tuple[str, ...], method: str) -> list[Record]:
    """Rows of every session table in `text`, each read with the header above it."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n" + text
    out: list[Record] = []
    layout = default_layout
    start = 0
    for header in _HEADER.finditer(text):
        out.extend(_rows(text[start:header.start()], layout, method))
        end = header.end()
        nxt = text.find("\n", end + 1)
        nxt = len(text) if nxt < 0 else nxt
        second = text[end + 1:nxt]
        if second[:1] in (" ", "\t") and not re.search(_MAC, second) and not second.lstrip().startswith("-"):
            end = nxt
        else:
            second = ""
        found = header_layout(header.group(1), second)
        if "interface" in found and "mac_address" in found:
            layout = found
        start = end
    out.extend(_rows(text[start:], layout, method))
    return out
