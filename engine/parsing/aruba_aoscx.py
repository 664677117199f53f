"""aruba_aoscx (Aruba AOS-CX 10.x) show-command parsers producing ntc-templates records.

`show system`, `show interface`, `show mac-address-table` and `show lldp neighbor-info detail` are the
ntc-templates templates as `Template` rule tables (`_aoscx_templates`, with its deliberate differences).

Hand-written, each line-oriented and linear in the length of the output:

* `show vlan`: the ntc fields ``vlan_id vlan_name status reason type interfaces``.  Unlike the template,
  names may hold blanks (cut at the header's Status column; the template drops such a VLAN) and every
  item of an Interfaces line is kept (the template keeps six).  Items stay as printed (``1/1/2-1/1/4``).
* `show version` (no ntc template): ``version build_date build_id build_sha active_image
  service_os_version bios_version``.
* `show interface brief` (no ntc template): ``port vlan_id mode type enabled status reason speed
  description`` (``vlan_id`` is the Native VLAN column; ``--`` where the device prints it).
* `show aaa authentication port-access interface all client-status`: the template's fields plus
  ``auth_status`` (see `_aoscx_templates`).
* `show running-config` (no ntc template): one record per ``interface`` block with ``interface
  description shutdown vlan_mode vlan_access vlan_native vlan_trunk config``, and one record with
  ``hostname location contact`` (``interface`` empty) when the configuration names them.
"""

from __future__ import annotations

import re
from typing import Any

from engine.parsing import _aoscx_templates as templates
from engine.parsing._text import MAX_LINE as _TEMPLATE_MAX_LINE
from engine.parsing._text import Rx, gc_paused, prepare
from engine.parsing.registry import Parser

Record = dict[str, Any]
MAX_LINE = 512  # longer lines are not rows of these tables (and would cost the regexes time)


def _lines(text: str) -> list[str]:
    return text.splitlines()


# ------------------------------------------------------------------------------------------------ vlan

_VLAN_HEADER = re.compile(r"VLAN\s+Name\s+Status\s+Reason\s+Type(?:\s+Interfaces)?\s*$")
_VLAN_TOKENS = re.compile(r"(\d+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+)(?:[ \t]+(\S.*?))?[ \t]*$")
_VLAN_TAIL = re.compile(r"(\S+)[ \t]+(\S+)[ \t]+(\S+)(?:[ \t]+(\S.*?))?[ \t]*$")
_VLAN_ID = re.compile(r"(\d+)[ \t]+\S")
_CONTINUATION = re.compile(r"[ \t]{6,}(\S.*?)[ \t]*$")


def _items(text: str | None) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()] if text else []


def parse_show_vlan(text: str) -> list[Record]:
    """`show vlan`: one record per VLAN; continuation lines add to the Interfaces of the VLAN above."""
    out: list[Record] = []
    status_col = -1
    current: Record | None = None
    for line in _lines(text):
        if len(line) > MAX_LINE:
            continue
        if _VLAN_HEADER.match(line):
            status_col = line.find("Status")
            continue
        if _VLAN_ID.match(line):
            rec = _vlan_row(line, status_col)
            current = rec
            if rec is not None:
                out.append(rec)
            continue
        m = _CONTINUATION.match(line)
        if m and current is not None and not line.lstrip().startswith("-"):
            current["interfaces"].extend(_items(m[1]))
        elif line.strip() and not line.startswith("-"):
            current = None
    return out


def _vlan_row(line: str, status_col: int) -> Record | None:
    # The name column ends where the header's Status begins (names may hold blanks); a name that
    # overflows it pushes the row right, and then the row is read token by token.
    if 0 < status_col < len(line) and line[status_col - 1] in " \t" and line[status_col] not in " \t":
        vid, _, name = line[:status_col].strip().partition(" ")
        tail = _VLAN_TAIL.match(line, status_col)
        if vid.isdigit() and tail is not None:
            return {"vlan_id": vid, "vlan_name": name.strip(), "status": tail[1], "reason": tail[2],
                    "type": tail[3], "interfaces": _items(tail[4])}
    m = _VLAN_TOKENS.match(line)
    if m is None:
        return None
    return {"vlan_id": m[1], "vlan_name": m[2], "status": m[3], "reason": m[4], "type": m[5],
            "interfaces": _items(m[6])}


# --------------------------------------------------------------------------------------------- version

_VERSION_FIELDS = {"version": "version", "build date": "build_date", "build id": "build_id",
                   "build sha": "build_sha", "active image": "active_image",
                   "service os version": "service_os_version", "bios version": "bios_version"}
_KEY_VALUE = re.compile(r"[ \t]*([A-Za-z][A-Za-z ]*?)[ \t]*:[ \t]*(.*?)[ \t]*$")


def parse_show_version(text: str) -> list[Record]:
    """`show version`: one record, or none when no Version line is found."""
    rec: Record = dict.fromkeys(_VERSION_FIELDS.values(), "")
    for line in _lines(text):
        if len(line) > MAX_LINE:
            continue
        m = _KEY_VALUE.match(line)
        if m is None:
            continue
        key = _VERSION_FIELDS.get(" ".join(m[1].lower().split()))
        if key is not None and not rec[key]:
            rec[key] = m[2]
    return [rec] if rec["version"] else []


# ------------------------------------------------------------------------------------- interface brief

_SPEED = r"(?:\d+(?:\.\d+)?[GMK]?|--|auto|n/a)"
_BRIEF_ROW = re.compile(
    r"[ \t]*(\S+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+(yes|no)[ \t]+(up|down)(?:[ \t]+(\S.*?))??"
    rf"[ \t]+({_SPEED})(?:[ \t]+(\S.*?))?[ \t]*$", re.I)
_BRIEF_FIELDS = ("port", "vlan_id", "mode", "type", "enabled", "status", "reason", "speed", "description")


def parse_show_interface_brief(text: str) -> list[Record]:
    """`show interface brief`: one record per port row (ports, LAGs, VLAN interfaces, loopbacks)."""
    out: list[Record] = []
    for line in _lines(text):
        if len(line) > MAX_LINE:
            continue
        m = _BRIEF_ROW.match(line)
        if m is None or m[1] in ("Port", "Interface"):
            continue
        out.append({k: v or "" for k, v in zip(_BRIEF_FIELDS, m.groups(), strict=True)})
    return out


# -------------------------------------------------------------------------------------- running-config

_QUOTED = re.compile(r'^"(.*)"$')


def _unquote(value: str) -> str:
    value = value.strip()
    m = _QUOTED.match(value)
    return m[1] if m else value


def parse_show_running_config(text: str) -> list[Record]:
    """`show running-config`: the interface blocks (indented lines under ``interface X``) and the
    system names (``hostname``, ``snmp-server system-location``/``system-contact``)."""
    out: list[Record] = []
    system: Record = {"interface": "", "hostname": "", "location": "", "contact": ""}
    current: Record | None = None
    body: list[str] = []

    def close() -> None:
        if current is not None:
            current["config"] = "\n".join(body)
            out.append(current)

    for line in _lines(text):
        if len(line) > MAX_LINE:
            continue
        if line[:1] in (" ", "\t"):
            if current is not None and line.strip():
                body.append(line.rstrip())
                _interface_line(current, line.strip())
            continue
        close()
        current, body = None, []
        stripped = line.strip()
        if stripped.startswith("interface "):
            current = {"interface": stripped[10:].strip(), "description": "", "shutdown": "", "vlan_mode": "",
                       "vlan_access": "", "vlan_native": "", "vlan_trunk": [], "config": ""}
        elif stripped.startswith("hostname "):
            system["hostname"] = _unquote(stripped[9:])
        elif stripped.startswith("snmp-server system-location "):
            system["location"] = _unquote(stripped[28:])
        elif stripped.startswith("snmp-server system-contact "):
            system["contact"] = _unquote(stripped[27:])
    close()
    if system["hostname"] or system["location"] or system["contact"]:
        out.append(system)
    return out


def _interface_line(rec: Record, line: str) -> None:
    words = line.split()
    if words[0] == "description":
        rec["description"] = line[len("description"):].strip()
    elif line == "shutdown":
        rec["shutdown"] = "yes"
    elif line == "no shutdown":
        rec["shutdown"] = "no"
    elif words[:2] == ["vlan", "access"] and len(words) > 2:
        rec["vlan_mode"], rec["vlan_access"] = "access", words[2]
    elif words[:3] == ["vlan", "trunk", "native"] and len(words) > 3:
        rec["vlan_mode"], rec["vlan_native"] = "trunk", words[3]
    elif words[:3] == ["vlan", "trunk", "allowed"] and len(words) > 3:
        rec["vlan_mode"] = "trunk"
        rec["vlan_trunk"].extend(_items(" ".join(words[3:])))


# The template's one value rule, as one whole-text regex (its other rules can never match a row).
_MAC_ROW = Rx(rf"\n(?=.{{0,{_TEMPLATE_MAX_LINE}}}$)(\S++)~++(\d++)~++(\S++)~++(\S++)")


@gc_paused
def parse_show_mac_address_table(text: str) -> list[Record]:
    """`show mac-address-table`: the template's records, from one `findall` (MAC tables are large)."""
    prep = prepare(text)
    return [{"mac_address": mac, "vlan_id": vlan, "type": typ, "port": port}
            for mac, vlan, typ, port in _MAC_ROW.get(prep).findall(prep.text)]


def parse_show_system(text: str) -> list[Record]:
    """`show system`: the template's record, ``uptime`` without the blanks after the colon."""
    records = templates.SYSTEM.parse(text)
    for rec in records:
        rec["uptime"] = rec["uptime"].strip()
    return records


PARSERS: dict[str, Parser] = {
    "show system": parse_show_system,
    "show version": parse_show_version,
    "show interface": templates.INTERFACE.parse,
    "show interface brief": parse_show_interface_brief,
    "show mac-address-table": parse_show_mac_address_table,
    "show vlan": parse_show_vlan,
    "show lldp neighbor-info detail": templates.LLDP_NEIGHBOR_INFO_DETAIL.parse,
    "show lldp neighbors-info detail": templates.LLDP_NEIGHBOR_INFO_DETAIL.parse,
    "show running-config": parse_show_running_config,
    "show aaa authentication port-access interface all client-status": templates.PORT_ACCESS_CLIENT_STATUS.parse,
}
