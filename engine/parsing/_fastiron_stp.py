"""FastIron `show span` (`show spanning-tree`): one record per VLAN spanning-tree instance.

The VLAN-level fields are those of ntc-templates' ``brocade_fastiron_show_span``:

    mastervlan, vlan_id, rootbridgeid, rootpathcost, rootport, priorityhex, bridgemaxage,
    bridgehello, holdtime, bridgefwddly, lasttopochange, topochangecount, bridgeaddress

The template drops VLANs whose row is not indented (VLAN >= 1000), whose root port is a stack port
(``1/1/49``) or whose change counter runs into the previous column; those are kept here.  The port
table that follows each VLAN (which the template ignores) is attached as parallel lists, one entry
per port, so a consumer can find the root port's row:

    interfaces, port_priority, port_cost, port_state, port_role, designated_cost,
    designated_root, designated_bridge

``port_role`` is filled only by the RSTP layout (`VLAN 10 - RSTP instance 0`), which is read into
the same fields (its "Designated Root" block gives the root fields and its "Bridge Identifier" block
gives ``priorityhex`` and ``bridgeaddress``).
"""

from __future__ import annotations

import re
from typing import Any

Record = dict[str, Any]

_VLAN_FIELDS = ("mastervlan", "vlan_id", "rootbridgeid", "rootpathcost", "rootport", "priorityhex",
                "bridgemaxage", "bridgehello", "holdtime", "bridgefwddly", "lasttopochange", "topochangecount",
                "bridgeaddress")
_PORT_FIELDS = ("interfaces", "port_priority", "port_cost", "port_state", "port_role", "designated_cost",
                "designated_root", "designated_bridge")

_OWNER = re.compile(r"STP\s+instance\s+owned\s+by\s+VLAN\s+(\d+)")
_STP_ROW = re.compile(
    r"\s*(\d+)\s+([0-9a-f]+)\s+(\d+)\s+(\S+)\s+([0-9a-f]+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)"
    r"(?:\s+(\d+))?\s+([0-9a-f]+)\s*$"
)
# 08.0.x adds the configured timers: Prio, Old Age, Max Age, Hello, Max Age, Hold, Fwd dly, Hello
# Time, Fwd Dly (the template misreads this layout, shifting every value by one column).
_STP_ROW_WIDE = re.compile(
    r"\s*(\d+)\s+([0-9a-f]+)\s+(\d+)\s+(\S+)\s+([0-9a-f]+)\s+\d+\s+(\d+)\s+(\d+)\s+\d+\s+(\d+)\s+(\d+)\s+\d+\s+\d+"
    r"\s+(\d+)\s+(\d+)\s+([0-9a-f]+)\s*$"
)
_STP_PORT = re.compile(r"(\S+)\s+([0-9a-f]+)\s+(\d+)\s+([A-Z]+)\s+\d+\s+(\d+)\s+([0-9a-f]{16})\s+([0-9a-f]{16})\s*$")
_RSTP_VLAN = re.compile(r"VLAN\s+(\d+)\s+-\s+RSTP")
_RSTP_BRIDGE = re.compile(r"([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+(\d+)\s+[A-Za-z]\S*\s+(\d+)\s*$")
_RSTP_ROOT = re.compile(r"([0-9a-f]{16})\s+(\d+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$")
_RSTP_PORT = re.compile(
    r"(\S+)\s+(\d+)\s+(\d+)\s+[TF]\s+[TF]\s+([A-Z]+)\s+([A-Z]+)\s+(\d+)\s+([0-9a-f]{16})\s*$"
)


def _new(master: str, vlan: str) -> Record:
    rec: Record = dict.fromkeys(_VLAN_FIELDS, "")
    rec["mastervlan"] = master
    rec["vlan_id"] = vlan
    for name in _PORT_FIELDS:
        rec[name] = []
    return rec


def _add_port(rec: Record, *values: str) -> None:
    for name, value in zip(_PORT_FIELDS, values, strict=True):
        rec[name].append(value)


def parse_show_span(text: str) -> list[Record]:
    out: list[Record] = []
    master = ""
    cur: Record | None = None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for line in text.split("\n"):
        if m := _OWNER.match(line):
            master = m[1]
        elif m := _STP_ROW.match(line):
            cur = _new(master, m[1])
            (cur["rootbridgeid"], cur["rootpathcost"], cur["rootport"], cur["priorityhex"], cur["bridgemaxage"],
             cur["bridgehello"], cur["holdtime"], cur["bridgefwddly"], cur["lasttopochange"]) = m.groups()[1:10]
            cur["topochangecount"] = m[11] or ""
            cur["bridgeaddress"] = m[12]
            out.append(cur)
        elif m := _STP_ROW_WIDE.match(line):
            cur = _new(master, m[1])
            (cur["rootbridgeid"], cur["rootpathcost"], cur["rootport"], cur["priorityhex"], cur["bridgemaxage"],
             cur["bridgehello"], cur["holdtime"], cur["bridgefwddly"], cur["lasttopochange"], cur["topochangecount"],
             cur["bridgeaddress"]) = m.groups()[1:]
            out.append(cur)
        elif m := _RSTP_VLAN.match(line):
            master = m[1]
            cur = _new(master, m[1])
            out.append(cur)
        elif cur is None:
            continue
        elif m := _STP_PORT.match(line):
            _add_port(cur, m[1], m[2], m[3], m[4], "", m[5], m[6], m[7])
        elif m := _RSTP_PORT.match(line):
            _add_port(cur, m[1], m[2], m[3], m[5], m[4], m[6], "", m[7])
        elif m := _RSTP_BRIDGE.match(line):
            cur["priorityhex"], cur["bridgeaddress"] = m[1][:4], m[1][4:]
            cur["bridgemaxage"], cur["bridgehello"], cur["bridgefwddly"], cur["holdtime"] = m[2], m[3], m[4], m[5]
        elif m := _RSTP_ROOT.match(line):
            cur["rootbridgeid"], cur["rootpathcost"], cur["rootport"] = m[1], m[2], m[3]
    return out
