"""Aruba AOS-CX facts: `show system` (or `show version`), the port tables, the MAC table, the configuration.

Ports are named as the switch prints them (`1/1/1`, `lag1`); VLAN interfaces, loopbacks and tunnels are
not ports.  Statuses take the Cisco words the reports group by (legacy rule for Aruba: up -> connected):
administratively down -> disabled, up -> connected, down -> notconnect.  Learned MACs are stored dotted
(`b8ca.3a10.224f`), as for the other vendors.
"""

from __future__ import annotations

import re
from typing import Any

from engine.facts.common import auth_mode_of, auth_state_of, location_details, vlan_number
from engine.facts.span_aruba import aoscx_span_roots
from engine.model import DeviceFacts, PortFacts
from engine.parsing import parse_show

PLATFORM = "aruba_aoscx"
CLIENT_STATUS = "show aaa authentication port-access interface all client-status"
Record = dict[str, Any]
_HEX = re.compile(r"[^0-9a-fA-F]")
_HEX12 = re.compile(r"[0-9a-f]{12}")
_NOT_PORTS = ("vlan", "loopback", "tunnel", "mgmt")
_SPEED = re.compile(r"^(\d+(?:\.\d+)?)\s*([GMK]?)", re.I)


def dotted_mac(mac: str) -> str:
    """`b8:ca:3a:10:22:4f` / `b8ca3a-10224f` -> `b8ca.3a10.224f`; other text passes through."""
    if len(mac) == 13 and mac[6] == "-":  # ProCurve, the common case: slices, no regex
        digits = (mac[:6] + mac[7:]).lower()
    else:
        digits = mac.replace(":", "").replace("-", "").replace(".", "").lower()
    if not _HEX12.fullmatch(digits):
        digits = _HEX.sub("", mac).lower()
        if len(digits) != 12:
            return mac
    return f"{digits[0:4]}.{digits[4:8]}.{digits[8:12]}"


def port_status(admin_up: bool, link_up: bool, reason: str = "") -> str:
    """Cisco's words; a port the switch shut (`Disabled by bpdu-guard`, `... loop-protect`) is err-disabled."""
    if not admin_up:
        return "disabled"
    if link_up:
        return "connected"
    return "err-disabled" if reason.startswith("Disabled by") else "notconnect"


def learned_macs(platform: str, command: str, text: str) -> dict[str, list[tuple[str, int]]]:
    """Port -> [(dotted mac, vlan)] from a MAC table whose rows have a numeric VLAN."""
    out: dict[str, list[tuple[str, int]]] = {}
    if not text:
        return out
    for row in parse_show(platform, command, text):
        vlan = str(row.get("vlan_id") or "")
        port = str(row.get("port") or "")
        if port and vlan.isdigit():
            out.setdefault(port, []).append((dotted_mac(str(row.get("mac_address") or "")), int(vlan)))
    return out


def _speed(text: str) -> str:
    """Mb/s as digits: `1000`, `1000 Mb/s`, `2.5G` -> `2500`; `--` and `0` (no link) -> ``."""
    m = _SPEED.match(text.strip())
    if m is None:
        return ""
    scale = {"G": 1000.0, "K": 0.001}.get(m.group(2).upper(), 1.0)
    mbps = float(m.group(1)) * scale
    return str(int(mbps)) if mbps >= 1 else ""


def _auth(body: str) -> str:
    dot1x = "port-access dot1x authenticator" in body
    mab = "port-access mac-auth" in body
    return "flexible" if dot1x and mab else "dot1x" if dot1x else "macauth" if mab else "open"


def build(hostname: str, blocks: dict[str, str]) -> DeviceFacts:
    facts = DeviceFacts(hostname=hostname, vendor="Aruba")
    system = parse_show(PLATFORM, "show system", blocks["show system"]) if "show system" in blocks else []
    version = parse_show(PLATFORM, "show version", blocks["show version"]) if "show version" in blocks else []
    config = parse_show(PLATFORM, "show running-config", blocks.get("show running-config", ""))
    sys_cfg = next((r for r in config if not r["interface"]), {})
    if system:
        s = system[0]
        facts.model, facts.serial, facts.uptime = s["product"], s["serial"], s["uptime"]
        facts.version = s["version"]
        facts.location = s["location"] or sys_cfg.get("location", "") or "Unspecified"
    else:
        facts.location = sys_cfg.get("location", "") or "Unspecified"
    if not facts.version and version:
        facts.version = version[0]["version"]
    details = location_details(facts.location)
    facts.building, facts.room = details.get("building", ""), details.get("room", "")
    interfaces = {r["interface"]: r for r in config if r["interface"]}
    facts.auth_block = [line for line in blocks.get("show running-config", "").splitlines()
                        if line.startswith(("aaa ", "radius-server ", "port-access "))]

    brief = (parse_show(PLATFORM, "show interface brief", blocks["show interfaces brief"])
             if "show interfaces brief" in blocks else [])
    detail = {r["interface"]: r for r in parse_show(PLATFORM, "show interface", blocks["show interfaces"])} \
        if "show interfaces" in blocks else {}
    macs = learned_macs(PLATFORM, "show mac-address-table", blocks.get("show mac address-table", ""))
    sessions: dict[str, Record] = {}
    if CLIENT_STATUS in blocks:
        for row in parse_show(PLATFORM, CLIENT_STATUS, blocks[CLIENT_STATUS]):
            sessions.setdefault(row["session_port"], row)
    names = [r["port"] for r in brief] or list(detail)
    by_brief = {r["port"]: r for r in brief}
    seen: set[str] = set()
    for port in names:
        if not port or port in seen or port.lower().startswith(_NOT_PORTS):
            continue
        seen.add(port)
        b, d, c = by_brief.get(port, {}), detail.get(port, {}), interfaces.get(port, {})
        if b:
            status = port_status(b["enabled"].lower() == "yes", b["status"].lower() == "up", b["reason"])
            vlan = vlan_number(b["vlan_id"])
            speed, media, description = _speed(b["speed"]), b["type"], b["description"]
        else:
            status = port_status(d.get("link_admin", "up") == "up", d.get("link_status") == "up")
            vlan = vlan_number(d.get("vlan_access") or d.get("vlan_native") or "")
            speed, media, description = _speed(d.get("speed", "")), d.get("if_type", ""), d.get("interface_desc", "")
        if not vlan and c:
            vlan = vlan_number(c.get("vlan_access") or c.get("vlan_native") or "")
        description = c.get("description") or (description.strip() if description.strip() != "--" else "")
        body = c.get("config", "")
        template = _auth(body)
        learned = macs.get(port, [])
        pf = PortFacts(
            port=port,
            name=description or port,
            status=status,
            vlan=vlan or (learned[0][1] if learned else 0),
            duplex=str(d.get("duplex") or "").lower(),
            speed=speed,
            type="" if media == "--" else media,
            learned_macs=[mac for mac, _ in learned],
            auth_template=template,
            config=body,
        )
        session = sessions.get(port)
        if session is not None:
            pf.auth_state = auth_state_of(session["auth_status"])
            pf.auth_mode = auth_mode_of(session["auth_status"])
            pf.auth_client_mac = dotted_mac(session["client_mac"])
        elif template == "open":
            pf.auth_state, pf.auth_mode = "Open", "open"
        else:
            pf.auth_mode = "macauth" if template == "macauth" else "dot1x"
        facts.ports.append(pf)
    facts.spans = aoscx_span_roots(blocks.get("show spanning-tree", ""))
    return facts
