"""Cisco `show inventory`: the template's rules, with its PID lines read in linear time.

The template reads "PID: ..., VID: ..., SN: ..." lines with six patterns of nested greedy `.*` and
lazy groups whose backtracking grows with the fourth power of the line length (seconds for 300
characters).  What those patterns capture depends only on a few positions in the line, all found
by one backward search each, so `_pid_line` computes the same values directly:

* a comma counts before "SN:" only if an "SN:" follows it (with a value, for the rules that read one);
* the VID is the text after the last "VID:" (plus blanks) that is followed by such a comma, up to
  the last such comma; the PID ends at the last comma before that "VID:".

Truer than the template: a PID keeps its blanks ("Samsung SSD 860 EVO 250GB"; the template keeps
"Samsung") and a serial keeps every character up to a blank or comma ("APF260100VT-CH1"; the template
stops at the "-", so the serials of a chassis's modules collapse into one).
"""

from __future__ import annotations

import re

from engine.parsing._text import prepare
from engine.parsing.registry import Record

FIELDS = ("name", "descr", "pid", "vid", "sn")
_NAME = re.compile(r'NAME:\s+"(.*)",\s+DESCR:\s+"(.*)"')
_SN_WITH_VALUE = re.compile(r"SN:\s+(?=[\w+])")  # "SN:" then blanks then the first character of a value
_SN_VALUE = re.compile(r"[^\s,]+")
_LAST_SN_VALUE = re.compile(r".*SN:\s+([^\s,]+)")


def _blanks_end(line: str, i: int) -> int:
    while i < len(line) and line[i].isspace():
        i += 1
    return i


def _vid_before(line: str, end: int) -> int:
    """Start of the last "VID:" that lies before `end` and is followed by a blank, or -1."""
    v = line.rfind("VID:", 0, end)
    while v >= 0 and not (v + 4 < len(line) and line[v + 4].isspace()):
        v = line.rfind("VID:", 0, v)
    return v


def _pid_line(line: str) -> tuple[dict[str, str], bool] | None:
    """The values and the Record flag of the first of the template's PID rules that matches `line`."""
    if not line.startswith("PID:") or len(line) < 5 or not line[4].isspace():
        return None
    start = _blanks_end(line, 4)
    no_pid = start < len(line) and line[start] == ","
    sn_values = [m.start() for m in _SN_WITH_VALUE.finditer(line)]
    last_sn = line.rfind("SN:")
    # The template's order: PID+VID+SN value, no PID+VID+"SN:", PID+VID+"SN:", no PID+VID+SN value,
    # PID+VID, no PID+VID; the first four close the record.
    for pid_rule, sn_at, with_sn in ((True, sn_values[-1] if sn_values else -1, True),
                                     (False, last_sn, False), (True, last_sn, False),
                                     (False, sn_values[-1] if sn_values else -1, True),
                                     (True, None, False), (False, None, False)):
        if not pid_rule and not no_pid:
            continue
        values = _vid_rule(line, start, pid_rule, sn_at)
        if values is None:
            continue
        if with_sn and sn_at is not None:
            value = _SN_VALUE.match(line, _blanks_end(line, sn_at + 3))
            values["sn"] = value.group() if value else ""
        return values, sn_at is not None
    return None


def _vid_rule(line: str, start: int, pid_rule: bool, sn_at: int | None) -> dict[str, str] | None:
    """One PID rule: `sn_at` is the "SN:" the rule needs after the VID's comma (None: no "SN:" part)."""
    if sn_at is None:
        comma = len(line)  # the VID runs to the end of the line
        vid = _vid_before(line, len(line))
    else:
        if sn_at < 0:
            return None
        comma = line.rfind(",", 0, sn_at)
        if comma < 0:
            return None
        vid = _vid_before(line, comma - 1)  # "VID:", a blank, then the comma
    if vid < 0:
        return None
    values = {"vid": line[_blanks_end(line, vid + 4) : comma]}
    if not pid_rule:
        return values if vid > start else None
    pid_comma = line.rfind(",", 0, vid)
    if pid_comma < start:
        return None
    values["pid"] = line[start:pid_comma].rstrip()
    return values


def inventory(text: str) -> list[Record]:
    """`show inventory`: one record per NAME/PID pair."""
    out: list[Record] = []
    cur: dict[str, str | None] = dict.fromkeys(FIELDS)
    for line in prepare(text).text[1:].split("\n"):
        m = _NAME.match(line)
        if m is not None:
            cur["name"], cur["descr"] = m.groups()
            continue
        pid = _pid_line(line)
        record = pid is not None and pid[1]
        if pid is not None:
            cur.update(pid[0])
        elif "SN:" in line:
            sn = _LAST_SN_VALUE.match(line)
            if sn is not None:
                cur["sn"] = sn.group(1)
            record = True
        if record:
            if any(v is not None for v in cur.values()):
                out.append({k: v or "" for k, v in cur.items()})
            cur = dict.fromkeys(FIELDS)
    if any(v is not None for v in cur.values()):
        out.append({k: v or "" for k, v in cur.items()})
    return out
