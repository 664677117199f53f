"""ruckus_fastiron / brocade_fastiron show-command parsers producing ntc-templates records.

Both platforms resolve to this one table (`registry.PLATFORM_MODULES`), but ntc-templates has two
template families for FastIron that name the same columns differently.  So records carry both sets
of names with the same values, and `parse_show` answers either platform the way its templates do:

* `show interfaces brief`: ruckus ``port link state duplex speed trunk tag vlan_id priority
  mac_address name`` and brocade ``interface linkstate portstate trunkid tagonly pvid mac``; plus
  ``description``, the whole port name (``name`` is its first word, as in both templates).
* `show mac-address`: ruckus ``mac_address port type vlan_id`` and brocade ``destination_port age``.
  The three firmware layouts (``Port Type VLAN``, ``Port Age VLAN Type``, ``Port Type Index VLAN``)
  are told apart by their first row, then read by one regex over the whole output.
* `show version`: see `_fastiron_version`.

Product commands without an ntc-templates template for ruckus_fastiron:

* `show vlan`: one record per (VLAN, port) with the ntc ``ruckus_fastiron_show_vlan`` fields
  ``vlan_id vlan_name status stack_id slot port lag`` (``status`` = ``Untagged``/``Tagged``/
  ``DualMode``) plus ``interface`` (``1/1/4``, or ``lg7`` for a LAG).  Unlike the template, a
  ``(U1/M1)`` row is not reported a second time as a LAG named ``U1/M1``, names may hold spaces,
  and the 08.0.30 ``Spanning tree Off`` heading is understood.
* `show lldp neighbors`: ``local_interface chassis_id neighbor_port_id neighbor_interface
  neighbor_name`` (``neighbor_interface`` is the Port Description column, as in ntc's LLDP detail
  templates); the Cisco-like layout of ntc ``brocade_fastiron_show_lldp_neighbors`` adds
  ``holdtime capabilities`` and puts its Port ID column in ``neighbor_interface``, as that template does.
* `show spanning-tree` (`show span`): see `_fastiron_stp`.
* `show dot1x sessions all`, `show mac-authentication sessions all`, `show authentication
  sessions [all]`: see `_fastiron_sessions`.

Tables are read with one precompiled regex over the whole output (patterns start with ``\\n`` so the
regex engine jumps between line starts); lines that are not rows (headers, prompts, separators,
garbage) are skipped, never raised on.
"""

from __future__ import annotations

import re
from typing import Any

from engine.parsing import _fastiron_sessions as sessions
from engine.parsing._fastiron_stp import parse_show_span
from engine.parsing._fastiron_version import parse_show_version
from engine.parsing.registry import Parser

Record = dict[str, Any]


def _prepared(text: str) -> str:
    """Unify line ends the way `str.splitlines` (TextFSM) sees them and prefix the anchor newline."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n" + text


# ----------------------------------------------------------------------------------- interfaces brief

# Both templates' row rules: nine whitespace-separated columns, the MAC (or None), then an optional
# name (its first word is the templates' NAME).  Possessive quantifiers (a token can never give back
# characters to a match that needs a blank next) stop futile backtracking, notably over the long runs
# of blanks FastIron pads rows with.
_BRIEF_ROW = re.compile(
    r"\n(\S++)[ \t]++(\S++)[ \t]++(\S++)[ \t]++(\S++)[ \t]++(\S++)[ \t]++(\S++)[ \t]++(\S++)[ \t]++(\S++)[ \t]++"
    r"(\S++)[ \t]++([A-Fa-f0-9.]{14}|None)(?:[ \t]++((\S++)(?:[ \t]++\S++)*+))?"
)


def parse_show_interfaces_brief(text: str) -> list[Record]:
    """`show interfaces brief`: one record per port row (ports, LAGs, ve, mgmt)."""
    return [
        {"port": port, "link": link, "state": state, "duplex": duplex, "speed": speed, "trunk": trunk,
         "tag": tag, "vlan_id": pvid, "priority": pri, "mac_address": mac, "name": name,
         "interface": port, "linkstate": link, "portstate": state, "trunkid": trunk, "tagonly": tag,
         "pvid": pvid, "mac": mac, "description": description}
        for port, link, state, duplex, speed, trunk, tag, pvid, pri, mac, description, name
        in _BRIEF_ROW.findall(_prepared(text))
    ]


# ---------------------------------------------------------------------------------------- mac-address

_MAC14 = r"[A-Fa-f0-9.]{14}"
_MAC_FIRST_ROW = re.compile(rf"\n{_MAC14}[ \t]+\S+[ \t]+(\S+)[ \t]+(\S+)(?:[ \t]+(\d+))?")
# 08.0.x ICX (ruckus template): MAC-Address Port Type VLAN.
_MAC_RUCKUS = re.compile(rf"\n({_MAC14})[ \t]++(\S++)[ \t]++(\S++)[ \t]++(\d*)")
# 07.x/08.0.30 (brocade template): MAC Address Port Age VLAN [Type].
_MAC_BROCADE = re.compile(rf"\n({_MAC14})[ \t]++(\S++)[ \t]++(\d++)[ \t]++(\d++)(?:[ \t]++(\S++))?")
# FCX/ICX 07.x-08.0.x: MAC-Address Port Type Index VLAN.
_MAC_INDEX = re.compile(rf"\n({_MAC14})[ \t]++(\S++)[ \t]++(\S++)[ \t]++\d++[ \t]++(\d+)")


def parse_show_mac_address(text: str) -> list[Record]:
    """`show mac-address`: one record per MAC row, whichever of the three layouts the device prints."""
    text = _prepared(text)
    first = _MAC_FIRST_ROW.search(text)
    if first is None:
        return []
    third, fourth, fifth = first.groups()
    if third.isdigit() and fourth.isdigit():
        return [
            {"mac_address": mac, "port": port, "destination_port": port, "type": typ, "vlan_id": vlan, "age": age}
            for mac, port, age, vlan, typ in _MAC_BROCADE.findall(text)
        ]
    if fifth is not None and fourth.isdigit():
        return [
            {"mac_address": mac, "port": port, "destination_port": port, "type": typ, "vlan_id": vlan, "age": ""}
            for mac, port, typ, vlan in _MAC_INDEX.findall(text)
        ]
    return [
        {"mac_address": mac, "port": port, "destination_port": port, "type": typ, "vlan_id": vlan, "age": ""}
        for mac, port, typ, vlan in _MAC_RUCKUS.findall(text)
    ]


# ----------------------------------------------------------------------------------------------- vlan

_PORT_VLAN = re.compile(r"PORT-VLAN[ \t]+(\d+),[ \t]+Name[ \t]+(.+?),[ \t]+Priority")
_VLAN_PORTS = re.compile(r"[ \t]+(Untagged|Tagged|DualMode)[ \t]+Ports:[ \t]+\((?:U(\d+)/M(\d+)|([^)\s]+))\)(.*)")


def parse_show_vlan(text: str) -> list[Record]:
    """`show vlan`: one record per VLAN member port."""
    out: list[Record] = []
    vlan_id = vlan_name = ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for line in text.split("\n"):
        if m := _PORT_VLAN.match(line):
            vlan_id, vlan_name = m[1], m[2].strip()
            continue
        m = _VLAN_PORTS.match(line)
        if m is None or not vlan_id:
            continue
        status, stack, slot, lag, rest = m.groups()
        for port in rest.split():
            if not port.isdigit():
                break
            if lag is None:
                out.append({"vlan_id": vlan_id, "vlan_name": vlan_name, "status": status, "stack_id": stack,
                            "slot": slot, "port": port, "lag": "", "interface": f"{stack}/{slot}/{port}"})
            else:
                out.append({"vlan_id": vlan_id, "vlan_name": vlan_name, "status": status, "stack_id": "",
                            "slot": "", "port": port, "lag": lag, "interface": f"lg{port}"})
    return out


# -------------------------------------------------------------------------------------- lldp neighbors

_LLDP_HEADER = re.compile(r"[ \t]*Lcl[ \t]+Port[ \t]+Chassis[ \t]+ID[ \t]+Port[ \t]+ID[ \t]+Port[ \t]+Description")
_LLDP_CISCO_HEADER = re.compile(r"Device\s+ID\s+Local\s+Intf\s+Hold-time\s+Capability\s+Port\s+ID\s*$")
_LLDP_ROW = re.compile(r"[ \t]*(\d+(?:/\d+)*|mgmt\d+|lg\d+)[ \t]+(\S+)[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t]*$")
_LLDP_CISCO_ROW = re.compile(r"(\S+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)")
_GAP = re.compile(r"[ \t]{2,}")
_LLDP_FIELDS = ("local_interface", "chassis_id", "neighbor_port_id", "neighbor_interface", "neighbor_name",
                "holdtime", "capabilities")


def parse_show_lldp_neighbors(text: str) -> list[Record]:
    """`show lldp neighbors`: one record per neighbor row.

    Port Description and System Name may hold spaces, so the rest of a row is cut at the header's
    System Name column; without a header, at the last run of two or more blanks.
    """
    out: list[Record] = []
    name_col = -1
    cisco = False
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for line in text.split("\n"):
        if _LLDP_HEADER.match(line):
            name_col = line.find("System Name")
            cisco = False
            continue
        if _LLDP_CISCO_HEADER.match(line):
            cisco = True
            continue
        rec: Record = dict.fromkeys(_LLDP_FIELDS, "")
        if cisco:
            c = _LLDP_CISCO_ROW.match(line)
            if c is None:
                continue
            (rec["neighbor_name"], rec["local_interface"], rec["holdtime"], rec["capabilities"],
             rec["neighbor_interface"]) = c.groups()
            out.append(rec)
            continue
        m = _LLDP_ROW.match(line)
        if m is None:
            continue
        rec["local_interface"], rec["chassis_id"], rec["neighbor_port_id"] = m[1], m[2], m[3]
        rest = m[4] or ""
        if rest:
            rest_col = m.start(4)
            if name_col >= 0 and rest_col < name_col < len(line):
                rec["neighbor_interface"] = line[rest_col:name_col].strip()
                rec["neighbor_name"] = line[name_col:].strip()
            else:
                parts = _GAP.split(rest)
                rec["neighbor_interface"] = " ".join(parts[:-1]) if len(parts) > 1 else rest
                rec["neighbor_name"] = parts[-1] if len(parts) > 1 else ""
        out.append(rec)
    return out


# ------------------------------------------------------------------------------------------- sessions

def parse_show_dot1x_sessions_all(text: str) -> list[Record]:
    """`show dot1x sessions all`: 802.1X sessions (see `_fastiron_sessions` for the fields)."""
    return sessions.parse_sessions(text, sessions.DOT1X_LAYOUT, "")


def parse_show_mac_authentication_sessions_all(text: str) -> list[Record]:
    """`show mac-authentication sessions all`: MAC-authentication sessions."""
    return sessions.parse_sessions(text, sessions.MAC_AUTH_LAYOUT, "")


def parse_show_authentication_sessions(text: str) -> list[Record]:
    """`show authentication sessions all` (8.0.90+ unified table): 802.1X and MAC-auth sessions."""
    return sessions.parse_sessions(text, sessions.UNIFIED_LAYOUT, "")


PARSERS: dict[str, Parser] = {
    "show version": parse_show_version,
    "show interfaces brief": parse_show_interfaces_brief,
    "show mac-address": parse_show_mac_address,
    "show vlan": parse_show_vlan,
    "show lldp neighbors": parse_show_lldp_neighbors,
    "show spanning-tree": parse_show_span,
    "show dot1x sessions all": parse_show_dot1x_sessions_all,
    "show dot1x sessions": parse_show_dot1x_sessions_all,
    "show mac-authentication sessions all": parse_show_mac_authentication_sessions_all,
    "show mac-authentication sessions": parse_show_mac_authentication_sessions_all,
    "show authentication sessions": parse_show_authentication_sessions,
    "show authentication sessions all": parse_show_authentication_sessions,
}
