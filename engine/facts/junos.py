"""Juniper Junos facts: ports from `show interfaces` (or `terse`), VLANs and 802.1X from the configuration.

The serial comes from `show version` or the Chassis line of `show chassis hardware`, the uptime from
`show system uptime` ("173 days, 15:36"), spanning-tree roots from `show spanning-tree bridge`.

Ports are the physical Ethernet interfaces under their Junos names (`ge-0/0/1`, `xe-0/1/0`, `ae0`); a
logical unit's MACs (`ge-0/0/1.0`) belong to its port.  Statuses use the words the other vendors store:
administratively down -> disabled, link up -> connected, down -> notconnect.  A VLAN named in the MAC
table or the configuration (`STAFF`) is stored as its `vlan-id` from the `vlans` stanza; a port's VLAN is
its configured access VLAN, else the VLAN its first learned MAC was seen in.

Auth state comes from `show dot1x interface`: a port's first supplicant with a MAC (else its first row)
gives the state (Authenticated -> Authorized, Held -> Unauthorized: the supplicant failed or the server
fail action holds it, others -> Unknown) and the client MAC; the mode is macauth when the user name is the
client's MAC (MAC RADIUS logs in as the MAC), else dot1x.
"""

from __future__ import annotations

import re

from engine.facts.aruba import dotted_mac
from engine.facts.common import auth_state_of, location_details
from engine.facts.span_junos import parse_span_roots
from engine.model import DeviceFacts, PortFacts
from engine.parsing import parse_show
from engine.parsing._junos_config import leaves, set_lines

PLATFORM = "juniper_junos"
_PORT = re.compile(r"^(?:ge|xe|et|mge|fe|ae|gr-|xle|fte)[-\d]")
_UPTIME = re.compile(r"^[ \t]*\d+:\d+[AP]M[ \t]+up[ \t]+(.+?),[ \t]+\d+[ \t]+users?,", re.M)
_BOOTED = re.compile(r"^System booted:.*\(([^)]*?)(?: ago)?\)", re.M)
_CHASSIS = re.compile(r"^Chassis[ \t]+(\S+)[ \t]+\S", re.M)
_PHYSICAL = re.compile(r"^(?:[gx]e|et|mge|fe|xle|fte)-\d+/\d+/\d+(?::\d+)?$|^ae\d+$")


def _unit_port(name: str) -> str:
    """`ge-0/0/1.0` -> `ge-0/0/1`."""
    return name.split(".", 1)[0]


class _Config:
    """What the facts need from the configuration, read from its set lines once."""

    def __init__(self, text: str) -> None:
        lines = set_lines(text)
        self.hostname = next((r[0] for r in leaves(lines, "system", "host-name")), "")
        self.location = next((" ".join(r) for r in leaves(lines, "snmp", "location")), "")
        self.vlan_ids: dict[str, int] = {}
        for rest in leaves(lines, "vlans"):
            if len(rest) >= 3 and rest[1] == "vlan-id" and rest[2].isdigit():
                self.vlan_ids[rest[0]] = int(rest[2])
        self.description: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.mode: dict[str, str] = {}
        self.body: dict[str, list[str]] = {}
        for rest in leaves(lines, "interfaces"):
            if len(rest) < 2:
                continue
            port = rest[0]
            self.body.setdefault(port, []).append(" ".join(rest[1:]))
            if rest[1] == "description" and len(rest) > 2:
                self.description[port] = " ".join(rest[2:])
            tail = rest[3:] if rest[1] == "unit" else []
            if tail[:2] == ["family", "ethernet-switching"]:
                if tail[2:4] == ["vlan", "members"]:
                    self.members.setdefault(port, []).extend(w for w in tail[4:] if w not in "[]")
                elif tail[2:3] in (["interface-mode"], ["port-mode"]) and len(tail) > 3:
                    self.mode[port] = tail[3]
        self.dot1x: set[str] = set()
        self.mac_radius: set[str] = set()
        for rest in leaves(lines, "protocols", "dot1x", "authenticator", "interface"):
            port = _unit_port(rest[0])
            self.dot1x.add(port)
            if "mac-radius" in rest[1:]:
                self.mac_radius.add(port)
        self.auth_lines = [" ".join(r) for r in lines if r[:2] == ["protocols", "dot1x"] or r[:1] == ["access"]]

    def vlan_of(self, name: str) -> int:
        if name.isdigit():
            return int(name)
        return self.vlan_ids.get(name, 0)


def _macs(text: str, cfg: _Config) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {}
    if not text:
        return out
    for row in parse_show(PLATFORM, "show ethernet-switching table", text):
        port = _unit_port(str(row["logical_interface"]))
        vlan = cfg.vlan_of(str(row["vlan_id"])) or cfg.vlan_of(str(row["vlan_name"]))
        out.setdefault(port, []).append((dotted_mac(str(row["mac_address"])), vlan))
    return out


def _sessions(text: str) -> dict[str, dict[str, str]]:
    """Port -> its first supplicant row with a MAC, else its first row."""
    out: dict[str, dict[str, str]] = {}
    if not text:
        return out
    for row in parse_show(PLATFORM, "show dot1x interface", text):
        port = _unit_port(str(row["interface"]))
        if port not in out or (row["mac_address"] and not out[port]["mac_address"]):
            out[port] = {k: str(v) for k, v in row.items()}
    return out


def _apply_session(pf: PortFacts, session: dict[str, str]) -> None:
    state = session["state"]
    pf.auth_state = "Unauthorized" if state.lower() == "held" else auth_state_of(state)
    mac = dotted_mac(session["mac_address"]) if session["mac_address"] else ""
    pf.auth_client_mac = mac
    user = session["user"].lower().replace(":", "").replace("-", "").replace(".", "")
    pf.auth_mode = "macauth" if mac and user == mac.replace(".", "") else "dot1x"


def _status(admin: str, link: str) -> str:
    if admin.lower() not in ("enabled", "up"):
        return "disabled"
    return "connected" if link.lower() == "up" else "notconnect"


def _duplex(text: str) -> str:
    low = text.lower()
    return "full" if "full" in low else "half" if "half" in low else "auto" if "auto" in low else ""


def build(hostname: str, blocks: dict[str, str]) -> DeviceFacts:
    facts = DeviceFacts(hostname=hostname, vendor="Juniper")
    if "show version" in blocks:
        version = parse_show(PLATFORM, "show version", blocks["show version"])
        if version:
            v = version[0]
            facts.model = str(v.get("model") or "")
            facts.version = str(v.get("junos_version") or "")
            facts.serial = str(v.get("serial_number") or "")
    if not facts.serial and (chassis := _CHASSIS.search(blocks.get("show chassis hardware", ""))):
        facts.serial = chassis.group(1)
    uptime_text = blocks.get("show system uptime", "")
    if uptime := _UPTIME.search(uptime_text) or _BOOTED.search(uptime_text):
        facts.uptime = uptime.group(1)
    facts.spans = parse_span_roots(blocks.get("show spanning-tree bridge", ""))
    cfg = _Config(blocks.get("show running-config", ""))
    if cfg.location:
        facts.location = cfg.location
        details = location_details(cfg.location)
        facts.building, facts.room = details.get("building", ""), details.get("room", "")
    facts.auth_block = cfg.auth_lines
    macs = _macs(blocks.get("show ethernet-switching table", ""), cfg)
    sessions = _sessions(blocks.get("show dot1x interface", ""))
    rows: list[dict[str, str]] = []
    if "show interfaces" in blocks:
        rows = [{k: str(v) for k, v in r.items()} for r in parse_show(PLATFORM, "show interfaces",
                                                                        blocks["show interfaces"])]
    elif "show interfaces terse" in blocks:
        rows = [{k: str(v) for k, v in r.items()} for r in parse_show(PLATFORM, "show interfaces terse",
                                                                        blocks["show interfaces terse"])]
    seen: set[str] = set()
    for row in rows:
        port = row["interface"]
        if port in seen or not _PHYSICAL.match(port):
            continue
        seen.add(port)
        learned = macs.get(port, [])
        members = cfg.members.get(port) or cfg.members.get(port + ".0") or []
        mode = cfg.mode.get(port, "")
        vlan = cfg.vlan_of(members[0]) if len(members) == 1 and mode != "trunk" else 0
        dot1x, mab = port in cfg.dot1x, port in cfg.mac_radius
        template = "flexible" if dot1x and mab else "dot1x" if dot1x else "open"
        body = cfg.body.get(port, [])
        pf = PortFacts(
            port=port,
            name=cfg.description.get(port) or row.get("description", "") or port,
            status=_status(row.get("admin_state", ""), row.get("link_status", "")),
            vlan=vlan or (learned[0][1] if learned and mode != "trunk" else 0),
            duplex=_duplex(row.get("duplex", "")),
            speed=row.get("speed", ""),
            type="Trunk" if mode == "trunk" else "Access" if members else "",
            learned_macs=[mac for mac, _ in learned],
            auth_template=template,
            config="\n".join(f"set interfaces {port} {line}" for line in body),
        )
        if (session := sessions.get(port)) is not None:
            _apply_session(pf, session)
        elif template == "open":
            pf.auth_state, pf.auth_mode = "Open", "open"
        else:
            pf.auth_mode = "dot1x"
        facts.ports.append(pf)
    return facts
