"""Cisco IOS column tables (interfaces status, MAC table, 802.1X sessions, spanning tree, VLANs).

These are the commands that make up most of the bytes of a capture, so each is hand-written around
one whole-text regex whose rows become dict literals; the patterns are the ntc-templates rules with
``~`` for the template's in-line ``\\s`` (see `_text`).  Where a template raises on unexpected lines,
these skip them; where it finds no table header, these read the rows anyway (`| include` output).
Where a template loses device text the parser says "Truer than the template" (docs/parsing.md lists each).
"""

from __future__ import annotations

import re

from engine.parsing._text import INTERFACE_TOKEN, Prepared, Rx, gc_paused, interface_tokens, prepare
from engine.parsing.registry import Record

_MAC = r"[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}"


def _after(header: Rx, prep: Prepared) -> int:
    """Where the rows start: after the first header line, or at the top when there is none."""
    m = header.get(prep).search(prep.text)
    return 0 if m is None else m.end()


# ---------------------------------------------------------------------------------- interfaces status

_STATUS_HEADER = Rx(r"\nPort~+Name~+Status~+Vlan~+Duplex~+Speed~+Type")
_STATUS = r"(err-disabled|disabled|connected|notconnect|inactive|up|down|monitoring|suspended)"
_STATUS_VLAN = r"(\d+(?:,\d+)*|trunk|routed|unassigned|pvlan~+prom)"
# The template's row rules in its order: Fibre Channel up, Fibre Channel down, no name, name.  Runs of
# non-blanks and of blanks are possessive (++) where giving back characters can never lead to a match.
# The name grows word by word: the template's shortest name ends at a word's end when it starts with a
# non-blank.  When no such name fits, the template settles for a name made of one blank: the last but
# one of a run of 3+ blanks after the port ("Gi1/0/22      notconnect: TD 1 ..."), as the second
# branch reads it (in linear time: each blank is taken while two more follow).
_STATUS_TAIL = rf"~++{_STATUS}:?(?:~++\S++)?~++{_STATUS_VLAN}~++(\S++)~++(\S++)~*+(.*)"
_STATUS_ROWS = (rf"~*+(\S++)~++{_STATUS}~++{_STATUS_VLAN}~++(\S++)~++(\S++)~*+(.*)"
                rf"|~*+(\S++)(?:~++(\S++(?:~++\S++)*?)|(?:~(?=~~))++(~)){_STATUS_TAIL}")
_STATUS_ROW = Rx(rf"\n(?:{_STATUS_ROWS})")
# Only outputs with " is " can hold Fibre Channel rows; reading them costs a fifth of the speed.
_STATUS_ROW_FC = Rx(rf"\n(?:~*+(\S++)~++is~++{_STATUS}~++Port~++mode~++is~++(\S++)~*+$"
                    rf"|~*+(\S++)~++is~++{_STATUS}~++\((.*)\)~*$|{_STATUS_ROWS})")


def _status_rows(rows: list[tuple[str, ...]], out: list[Record]) -> None:
    add = out.append
    for p3, s3, v3, d3, sp3, t3, p, n, blank, s, v, d, sp, t in rows:
        if p:
            add({"port": p, "name": n or blank, "status": s, "vlan_id": v, "duplex": d, "speed": sp, "type": t,
                 "fc_mode": ""})
        else:
            add({"port": p3, "name": "", "status": s3, "vlan_id": v3, "duplex": d3, "speed": sp3, "type": t3,
                 "fc_mode": ""})


@gc_paused
def interfaces_status(text: str) -> list[Record]:
    """`show interfaces status`: one record per port row (TYPE keeps the template's trailing blanks)."""
    prep = prepare(text)
    out: list[Record] = []
    start = _after(_STATUS_HEADER, prep)
    if " is " not in prep.text and not prep.exact:
        _status_rows(_STATUS_ROW.fast.findall(prep.text, start), out)
        return out
    for fp, fs, fm, dp, ds, dt, *row in _STATUS_ROW_FC.get(prep).findall(prep.text, start):
        if fp:
            out.append({"port": fp, "name": "", "status": fs, "vlan_id": "", "duplex": "", "speed": "",
                        "type": "", "fc_mode": fm})
        elif dp:
            out.append({"port": dp, "name": "", "status": ds, "vlan_id": "", "duplex": "", "speed": "",
                        "type": dt, "fc_mode": ""})
        else:
            _status_rows([tuple(row)], out)
    return out


# ---------------------------------------------------------------------------------- mac address-table

# The four layouts the template knows, told apart by their header; the first header decides.
_MAC_HEADER = Rx(
    r"\n(?:(Destination~+Address~+Address~+Type~+VLAN~+Destination~+Port)"  # 2950 style
    r"|(~*vlan~+mac address~+type~+learn~+age~+ports)"  # 6500: flags, learn, age, wrapped port lists
    r"|(~*vlan~+mac address~+type~+protocols~+port)"  # 4500 style
    r"|(Vlan~+Mac Address~+Type~+Ports))"  # Catalyst 2960/3850/9000
)
_MULTICAST = Rx(r"\nMulticast~+Entries")  # the template stops reading at the multicast table
_MULTICAST_9K = Rx(r"\nMultiCast~+Entries")
# Runs of blanks and non-blanks are possessive (++): each is followed by what it cannot match, so giving
# back characters never leads to a match (same matches as the template, fewer steps).
_MAC_ROW_2950 = Rx(rf"\n({_MAC})~++(\S++)~++(\S++)~++([^,\s]++)$")
_MAC_ROW_4500 = Rx(rf"\n~*+(\S++)~++({_MAC})~++(\S++)~++\S++~++([^,\s]++)(?=\s|$)")
# Truer than the template: a row may carry a "*" flag and several ports ("* 10 aaaa.bbff.8888 STATIC
# Gi1/0/8 Gi1/0/9" or "Gi1/0/8,Gi1/0/9"); the template drops such rows.  Further ports must look like
# interface names, so any other trailing column is left alone as the template leaves it.
_MORE_PORTS = r"(?:(?:~++|,~*+)[A-Za-z][A-Za-z-]*+\d[\w./:]*+)*+"
_MAC_ROW = Rx(rf"\n~*+(?:\*~*+)?(\S++)~++({_MAC})~++(\S++)~++([^,\s]++{_MORE_PORTS}),?(?=\s|$)")
_MAC_ROW_NO_HEADER = Rx(rf"\n~*+(?:\*~*+)?(\S++)~++({_MAC})~++(\S++)~++([^,\s]++{_MORE_PORTS}),?~*+$")
# 4500 multicast rows: VLAN, MAC, type, comma-separated ports, continued on lines indented 20+ blanks.
_MAC_ROW_4500_MULTICAST = Rx(rf"\n(?:~*+(\S++)~++({_MAC})~++(\S++)(?:~++([^\s].*?))?|~{{20,}}+(\S.*?))~*$")
# 6500 rows: an optional flag (*, R, S, D), then VLAN, MAC, type, learn, age and up to a line of ports
# separated by blanks or commas; lines indented by 21+ blanks carry more ports of the same entry.  A new
# entry starts on every line that looks like "flag vlan" (the template's Continue.Record rule), tested
# by the lookahead so that an entry with a VLAN of another shape (the template's quirk) merges too.
# The template's "\s*(flag|\s)\s*" before the VLAN is quadratic on long runs of blanks; `_FLAG` is the
# same choice in the same order, in linear time: after all the blanks, a flag, or else a blank before.
_FLAG = r"~*+(?:\*~++[R,S,D]|\*|[R,S,D]|(?<=~))~*+"
_PORTS = r"([^,\s]++(?:(?:~++|,~*+)[^,\s]++)*+),*+~*+$"
_MAC_ROW_6500 = Rx(
    rf"\n(?=({_FLAG}(?:\d|-|[Nn]/[Aa]))|)"
    rf"(?:~{{21,}}+{_PORTS}"
    rf"|{_FLAG}(\S++)~++({_MAC})~++(\S++)~++\S++~++\S++(?:~++{_PORTS}|~*+$))"
)


@gc_paused
def mac_address_table(text: str) -> list[Record]:
    """`show mac address-table` / `show mac-address-table`: one record per entry.

    Truer than the template: a 6500 table followed by "Multicast Entries" keeps its last entry, the
    4500's "Multicast Entries" section is read (the template stops there), 6500 and 4500 headers that
    start at the margin are recognised, and rows with a flag or several ports are kept (see _MAC_ROW).
    """
    prep = prepare(text)
    header = _MAC_HEADER.get(prep).search(prep.text)
    if header is None:
        return _rows(_MAC_ROW_NO_HEADER, prep, 0, len(prep.text))
    layout = header.lastindex or 4
    start = header.end()
    end_rx = _MULTICAST_9K if layout == 4 else _MULTICAST
    stop = end_rx.get(prep).search(prep.text, start)
    end = len(prep.text) if stop is None else stop.start()
    if layout == 2:
        return _rows_6500(prep, start, end)
    if layout == 1:
        return [{"destination_address": a, "type": t, "vlan_id": v, "destination_port": [p]}
                for a, t, v, p in _MAC_ROW_2950.get(prep).findall(prep.text, start, end)]
    if layout == 3:
        return _rows(_MAC_ROW_4500, prep, start, end) + _multicast_4500(prep, end)
    return _rows(_MAC_ROW, prep, start, end)


def _ports(items: str) -> list[str]:
    return items.replace(",", " ").split()


def _rows(row: Rx, prep: Prepared, start: int, end: int) -> list[Record]:
    return [{"destination_address": a, "type": t, "vlan_id": v, "destination_port": _ports(p)}
            for v, a, t, p in row.get(prep).findall(prep.text, start, end)]


def _multicast_4500(prep: Prepared, start: int) -> list[Record]:
    out: list[Record] = []
    if start >= len(prep.text):
        return out
    for vlan, mac, typ, ports, more in _MAC_ROW_4500_MULTICAST.get(prep).findall(prep.text, start):
        if mac:
            out.append({"destination_address": mac, "type": typ, "vlan_id": vlan, "destination_port": _ports(ports)})
        elif out and not more.startswith("-"):
            out[-1]["destination_port"].extend(_ports(more))
    return out


def _rows_6500(prep: Prepared, start: int, end: int) -> list[Record]:
    out: list[Record] = []
    cur: Record | None = None
    for new, more, vlan, mac, typ, ports in _MAC_ROW_6500.get(prep).findall(prep.text, start, end):
        if new and cur is not None:
            out.append(cur)
            cur = None
        if cur is None:
            cur = {"destination_address": "", "type": "", "vlan_id": "", "destination_port": []}
        if mac:
            cur["destination_address"], cur["type"], cur["vlan_id"] = mac, typ, vlan
        items = more or ports
        if items:
            cur["destination_port"].extend(items.replace(",", " ").split())
    if cur is not None:
        out.append(cur)
    return out


# -------------------------------------------------------------------------------- authentication sessions

_AUTH_HEADER = r"Interface~+(?:MAC Address|Identifier)~+Method~+Domain"
# A row whose first four columns are single words (the usual case): the template's all-lazy pattern
# gives the same columns then.  Other lines go through `_auth_row_exact`.
_AUTH_ROW = r"(\S++)~++(\S++)~++(\S++)~++(\S++)~++(\S.*?)~++(\w++)$"
# One match per line: header, dashed rule, row, or any other line.
_AUTH_LINE = Rx(rf"\n(?:({_AUTH_HEADER}.*)|(-+)$|{_AUTH_ROW}|(.*))")
_LAST_WORD = re.compile(r"\w+$")
# The header's tail wrapped by the terminal ("ID", "Session ID", "n ID", "Fg  Session ID"): a short line of
# letters right after the header (every session row holds digits: its interface's).
_WRAPPED_HEADER = re.compile(r"[ \t]*[A-Za-z][A-Za-z \t]{0,24}$")


def _session(i: str, m: str, me: str, d: str, st: str, se: str) -> Record:
    return {"interface": i, "mac_address": m, "method": me, "domain": d, "status": st, "session": se}


def _auth_row_exact(line: str) -> tuple[str, ...] | None:
    """What the template's row pattern ``(.+?)\\s+(.+?)\\s+(.+?)\\s+(.+?)\\s+(.+?)\\s+(\\w+?)$`` reads
    from a line, in linear time (the pattern itself backtracks for minutes on a 40-character line).

    The session is the final word and must follow a blank.  The rest splits into five (field, blanks)
    pairs where a field may hold blanks too; like the regex, each field is the shortest that still
    leaves room for the pairs after it, and each run of blanks is then the longest that does."""
    word = _LAST_WORD.search(line)
    if word is None or word.start() == 0 or not line[word.start() - 1].isspace():
        return None
    head = line[: word.start()]
    blanks = [i for i, c in enumerate(head) if c.isspace()]
    # The latest blank each pair's separator can use, leaving a field character between separators.
    last = [len(head) - 1]
    for _ in range(4):
        earlier = [b for b in blanks if b <= last[0] - 2]
        if not earlier:
            return None
        last.insert(0, earlier[-1])
    if last[0] < 1:
        return None
    fields, pos = [], 0
    for limit in last[1:]:  # the next pair's separator may start no earlier than `limit`
        a = next(b for b in blanks if b > pos and b <= limit - 2)
        end = a
        while end < len(head) and head[end].isspace() and end < limit - 1:
            end += 1
        fields.append(head[pos:a])
        pos = end
    trailing = len(head.rstrip())
    fields.append(head[pos : max(pos + 1, trailing)])
    return (*fields, word.group())


@gc_paused
def authentication_sessions(text: str) -> list[Record]:
    """`show authentication sessions` / `show access-session`: one record per session row.

    As in the template, rows are read from a header line on, up to the first line that is neither a
    row nor a dashed rule (that line is dropped, and reading resumes only at the next header); a header
    line inside the table is read like any other line."""
    prep = prepare(text)
    out: list[Record] = []
    add = out.append
    reading = after_header = False
    for header, dashes, i, mac, method, domain, status, session, other in _AUTH_LINE.get(prep).findall(prep.text):
        if not reading:
            reading = after_header = bool(header)
        elif after_header and _WRAPPED_HEADER.match(other):
            continue  # truer than the template: "Session ID" wrapped by the terminal onto its own line
        elif i:
            after_header = False
            add({"interface": i, "mac_address": mac, "method": method, "domain": domain, "status": status,
                 "session": session})
        elif not dashes:
            after_header = False
            row = _auth_row_exact(header or other)
            if row is None:
                reading = False
            else:
                add(_session(*row))
    return out


# -------------------------------------------------------------------------------------- spanning-tree

# "VLAN0010" sets the VLAN (zeros dropped) for the port rows below it, as the template's Filldown does.
# Truer than the template: an MST instance line ("MST0", "MST03", "##### MST1  vlans mapped: ...") sets
# the instance number the same way (the template leaves its rows without one).
_SPAN_LINE = Rx(r"\n(?:(?:#++~++)?(?:VLAN|MST)0*(\d+)|(\S++)~++(\w++)~++(\w++)~++(\d++)~++(\w+).(\w++)~++(.*))")


@gc_paused
def spanning_tree(text: str) -> list[Record]:
    """`show spanning-tree`: one record per port row of each VLAN instance."""
    prep = prepare(text)
    out: list[Record] = []
    vlan = ""
    for v, port, role, status, cost, prio, port_id, typ in _SPAN_LINE.get(prep).findall(prep.text):
        if v:
            vlan = v
        else:
            out.append({"vlan_id": vlan, "interface": port, "role": role, "status": status, "cost": cost,
                        "port_priority": prio, "port_id": port_id, "type": typ})
    return out


# ----------------------------------------------------------------------------------------------- vlan

_VLAN_HEADER = Rx(r"\n\w+~+[NnAaMmEe]{4}.*$")
_VLAN_END = re.compile(r"\S+\s+[TtYyPpEe]{4}")  # "VLAN Type  SAID ...": the next table
def vlan(text: str) -> list[Record]:
    """`show vlan` / `show vlan brief`: one record per VLAN with its member ports (wrapped lines too).

    Truer than the template: every port of a line is kept (the template reads at most 61), a name with
    blanks stays whole ("Part1 Part2"; the template takes "Part1" as the name and "Part2" as the status),
    and a VLAN whose long name pushes its status onto the next line is kept (the template drops it).
    """
    prep = prepare(text)
    out: list[Record] = []
    cur: Record | None = None
    for line in prep.text[_after(_VLAN_HEADER, prep) + 1 :].split("\n"):
        if not line or line[0] == "-":
            continue
        if line[0].isdecimal():
            if cur is not None and cur["vlan_id"]:
                out.append(cur)
            cur = _vlan_row(line)
        elif line[0].isspace():
            if cur is None:
                cur = {"vlan_id": "", "vlan_name": "", "status": "", "interfaces": []}
            tokens = line.split()
            if cur["vlan_id"] and not cur["status"] and tokens and tokens[0] in _VLAN_STATUSES:
                cur["status"] = tokens.pop(0)  # the status of a name that filled its line
            cur["interfaces"].extend(interface_tokens(tokens))
        elif _VLAN_END.match(line):
            break
    if cur is not None and cur["vlan_id"]:
        out.append(cur)
    return out


_VLAN_STATUSES = frozenset({"active", "suspended", "suspend", "act/lshut", "sus/lshut", "act/ishut", "sus/ishut",
                            "act/unsup"})
_VLAN_SPACED = re.compile(r"(\d+)\s+(.+?)\s+(" + "|".join(sorted(_VLAN_STATUSES, key=len, reverse=True))
                          + r")(?:\s+(.*))?$")


def _vlan_row(line: str) -> Record:
    """A line starting with a digit: "<id> <name> <status> [ports...]" when its first token is a number."""
    tokens = line.split()
    row: Record = {"vlan_id": "", "vlan_name": "", "status": "", "interfaces": []}
    if not tokens[0].isdecimal():
        return row
    if len(tokens) >= 3 and tokens[2] not in _VLAN_STATUSES:
        spaced = _VLAN_SPACED.match(line)
        if spaced is not None:
            vid, name, status, ports = spaced.groups()
            row.update(vlan_id=vid, vlan_name=name, status=status,
                       interfaces=interface_tokens((ports or "").split()))
            return row
    if len(tokens) >= 2 and not any(t in _VLAN_STATUSES for t in tokens[2:]):
        # No status word: the name filled the line, its status and ports follow on the next.
        row["vlan_id"], row["vlan_name"] = tokens[0], line.split(None, 1)[1].strip()
        return row
    if len(tokens) < 3:
        return row
    if len(tokens) == 3 or INTERFACE_TOKEN.match(tokens[3]):
        row["vlan_id"], row["vlan_name"], row["status"] = tokens[0], tokens[1], tokens[2]
    row["interfaces"] = interface_tokens(tokens[3:])
    return row
