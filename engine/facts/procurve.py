"""HP ProCurve / Aruba AOS-S facts: `show system`, `show version`, `show interfaces brief`, the MAC table and
the configuration, whose `vlan N` blocks are the only place a port's VLAN is printed.

Ports are named as the switch prints them (`1`, `A1`, `1/1`); a trunk member `24-Trk1` is port `24`.  The
Mode column gives speed and duplex (`1000FDx` -> 1000 full, `10GigFD` -> 10000 full, `100HDx` -> 100 half).
Statuses take the Cisco words (Enabled No -> disabled, Up -> connected, Down -> notconnect); 802.1X and
MAC authentication come from the global `aaa port-access authenticator|mac-based <ports>` lines, a port's
state, mode and client MAC from its first row of `show port-access clients`.
"""

from __future__ import annotations

import re

from engine.facts.aruba import dotted_mac, port_status
from engine.facts.common import auth_mode_of, auth_state_of, location_details, vlan_number
from engine.facts.span_aruba import procurve_span_roots
from engine.model import DeviceFacts, PortFacts
from engine.parsing import parse_show
from engine.parsing.hp_procurve import expand_ports

PLATFORM = "hp_procurve"
_MODE = re.compile(r"^(\d+)(Gig)?(FD|HD)", re.I)
_MODEL = re.compile(r"^;\s*(\S+)\s+Configuration Editor", re.M)
_PORT_ACCESS = re.compile(r"^aaa port-access (authenticator|mac-based)\s+([\w/,\-]+)\s*$", re.M)


def speed_duplex(mode: str) -> tuple[str, str]:
    m = _MODE.match(mode.strip())
    if m is None:
        return "", ""
    speed = int(m.group(1)) * (1000 if m.group(2) else 1)
    return str(speed), "full" if m.group(3).upper() == "FD" else "half"


def build(hostname: str, blocks: dict[str, str]) -> DeviceFacts:
    facts = DeviceFacts(hostname=hostname, vendor="HP")
    config_text = blocks.get("show running-config", "")
    system = parse_show(PLATFORM, "show system", blocks["show system"]) if "show system" in blocks else []
    version = parse_show(PLATFORM, "show version", blocks["show version"]) if "show version" in blocks else []
    config = parse_show(PLATFORM, "show running-config", config_text)
    sys_cfg = next((r for r in config if not r["interface"]), {})
    ports_cfg = {r["interface"]: r for r in config if r["interface"]}
    location = sys_cfg.get("location", "")
    if system:
        s = system[0]
        facts.serial, facts.uptime, facts.version = s["serial"], s["uptime"], s["software_version"]
        location = s["location"].strip() or location
    if version and version[0]["version"]:
        facts.version = version[0]["version"]
    model = _MODEL.search(config_text[:4096])
    facts.model = model.group(1) if model else (version[0]["model"] if version else "")
    facts.location = location or "Unspecified"
    details = location_details(facts.location)
    facts.building, facts.room = details.get("building", ""), details.get("room", "")

    dot1x: set[str] = set()
    mab: set[str] = set()
    for kind, ports in _PORT_ACCESS.findall(config_text):
        (dot1x if kind == "authenticator" else mab).update(expand_ports(ports))
    facts.auth_block = [line.strip() for line in config_text.splitlines()
                        if line.startswith(("aaa ", "radius-server "))]
    macs: dict[str, list[tuple[str, int]]] = {}
    if "show mac-address" in blocks:
        for row in parse_show(PLATFORM, "show mac-address", blocks["show mac-address"]):
            if row["vlan_id"].isdigit():
                macs.setdefault(row["port"], []).append((dotted_mac(row["mac_address"]), int(row["vlan_id"])))
    sessions: dict[str, dict[str, str]] = {}
    if "show port-access clients" in blocks:
        for client in parse_show(PLATFORM, "show port-access clients", blocks["show port-access clients"]):
            sessions.setdefault(client["port"], client)
    rows = parse_show(PLATFORM, "show interfaces brief", blocks["show interfaces brief"]) \
        if "show interfaces brief" in blocks else []
    seen: set[str] = set()
    for row in rows:
        port = row["port"].split("-", 1)[0] if "-Trk" in row["port"] else row["port"]
        if not port or port in seen:
            continue
        seen.add(port)
        c = ports_cfg.get(port, {})
        speed, duplex = speed_duplex(row["mode"])
        learned = macs.get(port, [])
        template = "flexible" if port in dot1x and port in mab else "dot1x" if port in dot1x else \
            "macauth" if port in mab else "open"
        pf = PortFacts(
            port=port,
            name=c.get("name") or port,
            status=port_status(row["enabled"] == "Yes", row["status"] == "Up"),
            vlan=vlan_number(c.get("untagged_vlan", "")) or (learned[0][1] if learned else 0),
            duplex=duplex,
            speed=speed,
            type=row["type"],
            learned_macs=[mac for mac, _ in learned],
            auth_template=template,
            config=c.get("config", ""),
        )
        session = sessions.get(port)
        if session is not None:
            pf.auth_state = auth_state_of(session["status"])
            pf.auth_mode = auth_mode_of(session["method"]) if session["method"] else pf.auth_mode
            pf.auth_client_mac = dotted_mac(session["mac_address"])
        elif template == "open":
            pf.auth_state, pf.auth_mode = "Open", "open"
        else:
            pf.auth_mode = "macauth" if template == "macauth" else "dot1x"
        facts.ports.append(pf)
    facts.spans = procurve_span_roots(blocks.get("show spanning-tree", ""))
    return facts
