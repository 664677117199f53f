"""arista_eos show-command parsers producing ntc-templates records.

Every parser returns the records, field names and string values that the ntc-templates TextFSM
template for the same command returns (``ntc_templates.parse.parse_output``), so stores and facts
can treat TextFSM and these parsers as interchangeable; they only run 30-90x faster than
``parse_output`` (tests/engine/parsing/gen_arista_fastiron.py measures it).  Values captured by a
template's trailing ``(.+)`` lose their trailing blanks.

How they stay fast: the table commands run one precompiled regex over the whole output with
``findall`` and build each record as a dict literal.  Every pattern starts with ``\\n`` instead of
``^`` so that the regex engine skips to line starts with its literal-prefix search, and the text is
given a leading newline for it.  Horizontal whitespace is ``[ \\t]`` where the templates say ``\\s``,
because TextFSM applies them to single lines and a whole-text ``\\s`` would run into the next line.

Where a template raises ``TextFSMError`` on a line (its ``^. -> Error`` rules) these parsers skip the
line instead: garbage, prompts and repeated headers never raise.  Deliberate supersets of the
templates, each only where the template would drop the data or raise:

* ``show vlan``: VLANs whose status is ``act/lshut``, ``sus/lshut``, ``act/unsup`` ... are kept
  (the template recognises only ``active`` and ``suspended`` and silently drops the others); names
  with blanks ("Staff Data") are kept whole (the template drops the VLAN); every port of a line is
  kept (the template reads at most 59 on the VLAN's line and 61 on the lines after it).
* ``show mac address-table``: unicast ports of any shape (``Et3/1/1``), rows before the header.

``show authentication sessions`` has no ntc template; its records carry ``interface``,
``mac_address``, ``method``, ``status`` and ``vlan_id`` plus one snake_case field per other column.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from engine.parsing._text import INTERFACE_TOKEN, interface_tokens
from engine.parsing.registry import Parser

Record = dict[str, Any]

_MAC = r"(?:\w+\.\w+\.\w+|\w+:\w+:\w+:\w+:\w+:\w+)"


def _prepared(text: str) -> str:
    """Unify line ends the way `str.splitlines` (TextFSM) sees them and prefix the anchor newline."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n" + text


def _lines(text: str) -> list[str]:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


# --------------------------------------------------------------------------------------------- version

_VERSION_RULES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"Arista[ \t]+(\S+)"), "model"),
    (re.compile(r"Hardware[ \t]+version:(?:[ \t]+(\S+))?"), "hw_version"),
    (re.compile(r"Hardware[ \t]+MAC[ \t]+address:[ \t]+\S+"), None),
    (re.compile(r"Serial[ \t]+number:(?:[ \t]+(\S+))?"), "serial_number"),
    (re.compile(r"System[ \t]+MAC[ \t]+address:[ \t]+(\S+)"), "sys_mac"),
    (re.compile(r"Software[ \t]+image[ \t]+version:[ \t]+(\S+)"), "image"),
    (re.compile(r"Uptime:[ \t]+(.+)"), "uptime"),
    (re.compile(r"Total[ \t]+memory:[ \t]+(\d+)"), "total_memory"),
    (re.compile(r"Free[ \t]+memory:[ \t]+(\d+)"), "free_memory"),
)
_VERSION_FIELDS = ("model", "hw_version", "serial_number", "sys_mac", "image", "total_memory",
                   "free_memory", "uptime")


def parse_show_version(text: str) -> list[Record]:
    """`show version`: one record; like the template, `Free memory:` closes a record."""
    records: list[Record] = []
    cur: Record = dict.fromkeys(_VERSION_FIELDS, "")
    for line in _lines(text):
        for rx, field in _VERSION_RULES:
            m = rx.match(line)
            if m is None:
                continue
            if field is not None:
                cur[field] = (m.group(1) or "").rstrip()
                if field == "free_memory":
                    records.append(cur)
                    cur = dict.fromkeys(_VERSION_FIELDS, "")
            break
    if any(cur.values()):
        records.append(cur)
    return records


# ------------------------------------------------------------------------------------ interfaces status

# The template's one record rule with \s as [ \t].  Its NAME (\S.*(?<!\s)) is a run of whole words
# that backtracks from the longest, so names may contain status words ("- DISABLED routed (").  Here
# it backtracks word by word: each word is an atomic group of possessive runs, and so is every other
# column (a run of non-blanks never gives back characters to a match that needs a blank next).  Same
# matches as the template's pattern, about twice as fast.
_STATUS_ROW = re.compile(
    r"\n(\S++)(?:[ \t]++(\S++(?>[ \t]++\S++)*))?[ \t]++(connected|notconnect|inactive|errdisabled|disabled)"
    r"[ \t]++(?:in[ \t]++)?(\S++)[ \t]++(\S++)[ \t]++(\S++)[ \t]++(Not[ \t]++Present|\S++)(?:[ \t]++(\S++))?"
    r"(?:[ \t]++\S++)?[ \t]*+$",
    re.MULTILINE,
)


def parse_show_interfaces_status(text: str) -> list[Record]:
    """`show interfaces status`: one record per port row."""
    return [
        {"port": p, "name": n, "status": s, "vlan_id": v, "duplex": d, "speed": sp, "type": t, "flags": f}
        for p, n, s, v, d, sp, t, f in _STATUS_ROW.findall(_prepared(text))
    ]


# ---------------------------------------------------------------------------------- mac address-table

_MAC_HEADER = re.compile(
    r"\n[ \t]*Vlan[ \t]+[Mm]ac[ \t]Address[ \t]+Type[ \t]+Ports([ \t]+Moves[ \t]+Last[ \t]Move)?[ \t]*$",
    re.MULTILINE,
)
# Unicast rows (template state MAT): either exactly four columns, or moves + "<last move> ago".  The
# runs are possessive: \w never matches the separators that follow it, so giving back never helps;
# the last move grows word by word up to the final "ago".
_UNICAST_ROW = re.compile(
    r"\n[ \t]*+(\d++)[ \t]++(\w++\.\w++\.\w++|\w++:\w++:\w++:\w++:\w++:\w++)[ \t]++(\w++)[ \t]++(\S++)"
    r"(?:[ \t]++(\d++)[ \t]++(\S++(?:[ \t]++\S++)*?)[ \t]++ago)?[ \t]*+$",
    re.MULTILINE,
)
# Multicast rows (template state MMAT), the template's own rules: up to five single-space separated
# ports of the shape \w+ or \w+/\w+.
_PORT = r"(?:\w+\/\w+|\w+)"
_MC_ANY = re.compile(rf"[ \t]*\d+[ \t]+{_MAC}[ \t]+\w+")
_MC_ONE = re.compile(rf"[ \t]*(\d+)[ \t]+({_MAC})[ \t]+(\w+)[ \t]+({_PORT})$")
_MC_FIRST = re.compile(rf"[ \t]*(\d+)[ \t]+({_MAC})[ \t]+(\w+)[ \t]+({_PORT})\s")
_MC_MORE = tuple(
    re.compile(rf"[ \t]*\d+[ \t]+{_MAC}[ \t]+\w+[ \t]+(?:{_PORT}\s){{{n}}}({_PORT})" + ("$" if n == 4 else ""))
    for n in range(1, 5)
)


def _multicast(segment: str, pending: Record | None, out: list[Record]) -> Record | None:
    """Replays the template's MMAT rules line by line; returns the record still open at the end."""
    for line in segment.split("\n"):
        if not _MC_ANY.match(line):
            continue
        if pending is not None:
            out.append(pending)
            pending = None
        m = _MC_ONE.match(line)
        if m is not None:
            out.append({"vlan_id": m[1], "mac_address": m[2], "type": m[3], "destination_port": [m[4]],
                        "moves": "", "last_move": ""})
            continue
        m = _MC_FIRST.match(line)
        if m is None:
            continue
        pending = {"vlan_id": m[1], "mac_address": m[2], "type": m[3], "destination_port": [m[4]],
                   "moves": "", "last_move": ""}
        for rx in _MC_MORE:
            more = rx.match(line)
            if more is not None:
                pending["destination_port"].append(more[1])
    return pending


def parse_show_mac_address_table(text: str) -> list[Record]:
    """`show mac address-table`: unicast rows, then multicast rows with their list of ports."""
    text = _prepared(text)
    out: list[Record] = []
    pending: Record | None = None
    multicast = False
    start = 0
    for header in _MAC_HEADER.finditer(text):
        pending = _segment(text[start:header.start()], multicast, pending, out)
        multicast = header.group(1) is None
        start = header.end()
    pending = _segment(text[start:], multicast, pending, out)
    if pending is not None:
        out.append(pending)
    return out


def _segment(segment: str, multicast: bool, pending: Record | None, out: list[Record]) -> Record | None:
    """Parses one table; returns the multicast record still open (TextFSM keeps it across tables)."""
    if multicast:
        return _multicast(segment, pending, out)
    rows = _UNICAST_ROW.findall(segment)
    if not rows:
        return pending
    if pending is not None:
        # An open multicast record lends its ports to the next row, as TextFSM's list value does.
        vlan, mac, typ, port, moves, last = rows.pop(0)
        out.append({"vlan_id": vlan, "mac_address": mac, "type": typ,
                    "destination_port": [*pending["destination_port"], port], "moves": moves, "last_move": last})
    out.extend([
        {"vlan_id": vlan, "mac_address": mac, "type": typ, "destination_port": [port], "moves": moves,
         "last_move": last}
        for vlan, mac, typ, port, moves, last in rows
    ])
    return None


# ------------------------------------------------------------------------------------------------ vlan

_VLAN_HEADER = re.compile(r"\w+\s+[NnAaMmEe]{4}")
# A name may hold single blanks ("Staff Data"): the shortest run of words that a status word follows.
_VLAN_ROW = re.compile(r"(\d+)[ \t]+(\S+(?:[ \t]\S+)*?)[ \t]+(active|suspended|act/\S+|sus/\S+)(?:[ \t]+(.*))?$")
def parse_show_vlan(text: str) -> list[Record]:
    """`show vlan`: one record per VLAN with its list of member interfaces (continuation lines too)."""
    lines = _lines(text)
    start = next((i + 1 for i, line in enumerate(lines) if _VLAN_HEADER.match(line)), 0)
    out: list[Record] = []
    cur: Record | None = None
    for line in lines[start:]:
        if not line:
            continue
        first = line[0]
        if first.isdigit():
            if cur is not None:
                out.append(cur)
            cur = None
            m = _VLAN_ROW.match(line)
            if m is None:
                continue
            tokens = (m.group(4) or "").split()
            if tokens and INTERFACE_TOKEN.match(tokens[0]) is None:
                continue  # the template's interface rule fails, so the VLAN is never assigned
            cur = {"vlan_id": m.group(1), "vlan_name": m.group(2), "status": m.group(3),
                   "interfaces": interface_tokens(tokens)}
        elif first in " \t" and cur is not None:
            cur["interfaces"].extend(interface_tokens(line.split()))
    if cur is not None:
        out.append(cur)
    return out


# ------------------------------------------------------------------------------ authentication sessions

_AUTH_HEADER = re.compile(r"\n([ \t]*(?:Port|Interface)[ \t][^\n]*\bMAC\b[^\n]*)", re.IGNORECASE)
_MAC_CELL = r"[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}|(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}"
_MAC_TOKEN = re.compile(rf"(?:{_MAC_CELL})$")
_AUTH_IFACE = r"(?i:Ethernet|Et|Port-Channel|Po|Management|Ma)\d[\d/.:]*(?!\S)"
_AUTH_ROW = re.compile(_AUTH_IFACE)
_AUTH_ROW_START = re.compile(rf"\n(?={_AUTH_IFACE})")
_AUTH_FIELDS = ("interface", "mac_address", "method", "status", "vlan_id")
_SPLIT2 = re.compile(r"[ \t]{2,}")
# Header labels (lower case, single-spaced) -> record field.
_AUTH_COLUMNS = {
    "port": "interface", "interface": "interface",
    "mac address": "mac_address", "mac": "mac_address", "supplicant mac": "mac_address",
    "mac addr": "mac_address", "client mac": "mac_address",
    "authorized": "status", "status": "status", "state": "status", "auth state": "status",
    "mode": "method", "method": "method", "auth": "method", "auth method": "method",
    "vlan": "vlan_id", "vlan id": "vlan_id",
}
_YES_NO = {"yes": "Authorized", "no": "Unauthorized"}
_PAIRS = ("mac address", "supplicant mac", "auth state", "auth method", "vlan id", "user name",
          "session id", "client mac", "mac addr")


def _auth_columns(header: str) -> list[tuple[int, str]]:
    """(start offset, field) per header column; single-spaced headers are re-paired by known labels."""
    cols: list[tuple[int, str]] = []
    if _SPLIT2.search(header.strip()):
        for m in re.finditer(r"\S+(?: \S+)*", header):
            cols.append((m.start(), m.group()))
    else:
        words = [(m.start(), m.group()) for m in re.finditer(r"\S+", header)]
        i = 0
        while i < len(words):
            pos, word = words[i]
            if i + 1 < len(words) and f"{word} {words[i + 1][1]}".lower() in _PAIRS:
                cols.append((pos, f"{word} {words[i + 1][1]}"))
                i += 2
            else:
                cols.append((pos, word))
                i += 1
    fields = []
    for pos, label in cols:
        key = " ".join(label.lower().split())
        field = _AUTH_COLUMNS.get(key) or re.sub(r"\W+", "_", key).strip("_") or "column"
        fields.append((pos, field))
    return fields


def parse_show_authentication_sessions(text: str) -> list[Record]:
    """`show authentication sessions` / `show dot1x hosts`-style tables, mapped by their header.

    Every record has interface, mac_address, method, status, vlan_id; a yes/no ``Authorized``
    column becomes status ``Authorized``/``Unauthorized``, the words the other platforms' session
    tables use.  A table whose rows all fill every column is read by one regex built from its
    header; otherwise each row is split on blanks, or cut at the header's column offsets when a
    column is blank.
    """
    text = _prepared(text)
    out: list[Record] = []
    columns: list[tuple[int, str]] = []
    yes_no = False
    start = 0
    for header in _AUTH_HEADER.finditer(text):
        _auth_table(text[start:header.start()], columns, yes_no, out)
        columns = _auth_columns(header.group(1))
        yes_no = re.search(r"\bAuthorized\b", header.group(1), re.IGNORECASE) is not None
        start = header.end()
    _auth_table(text[start:], columns, yes_no, out)
    return out


def _auth_table(segment: str, columns: list[tuple[int, str]], yes_no: bool, out: list[Record]) -> None:
    fields = tuple(f for _, f in columns)
    if not fields or "mac_address" not in fields:
        return
    base: Record = dict.fromkeys(_AUTH_FIELDS, "")
    rows = _auth_row_regex(fields).findall(segment)
    if len(rows) == len(_AUTH_ROW_START.findall(segment)):
        for values in rows:
            rec = base.copy()
            rec.update(zip(fields, values, strict=True))
            if yes_no:
                rec["status"] = _YES_NO.get(rec["status"].lower(), rec["status"])
            out.append(rec)
        return
    for line in segment.split("\n"):
        if not _AUTH_ROW.match(line):
            continue
        tokens = line.split()
        rec = base.copy()
        if len(tokens) == len(columns):
            rec.update(zip(fields, tokens, strict=True))
        else:
            bounds = [pos for pos, _ in columns[1:]] + [len(line)]
            for (pos, field), end in zip(columns, bounds, strict=True):
                rec[field] = line[pos:end].strip()
            rec["interface"] = tokens[0]
        if not _MAC_TOKEN.match(rec["mac_address"]):
            rec["mac_address"] = next((t for t in tokens if _MAC_TOKEN.match(t)), rec["mac_address"])
        if yes_no:
            rec["status"] = _YES_NO.get(rec["status"].lower(), rec["status"])
        out.append(rec)


@lru_cache(maxsize=32)
def _auth_row_regex(fields: tuple[str, ...]) -> re.Pattern[str]:
    """A row that fills every column of this header, the MAC column holding a MAC."""
    cells = [rf"({_MAC_CELL})" if f == "mac_address" else r"(\S++)" for f in fields[1:]]
    return re.compile(rf"\n((?={_AUTH_IFACE})\S++)" + "".join(rf"[ \t]++{c}" for c in cells) + r"[ \t]*+$",
                      re.MULTILINE)


PARSERS: dict[str, Parser] = {
    "show version": parse_show_version,
    "show interfaces status": parse_show_interfaces_status,
    "show mac address-table": parse_show_mac_address_table,
    "show vlan": parse_show_vlan,
    "show authentication sessions": parse_show_authentication_sessions,
}
