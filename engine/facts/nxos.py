"""Cisco NX-OS facts: ports from `show interface status` (else `show interface`), as NX-OS names them.

Ports are stored as the status table prints them (`Eth1/1`, `Po20`, `mgmt0`); the running-config's
`interface Ethernet1/1` and the MAC table's ports are mapped to those names.  The status table's cut
words are stored whole (`notconnec` -> `notconnect`, `xcvrAbsen` -> `xcvrAbsent`), so every vendor's
ports share one status vocabulary.

Auth: an interface's `dot1x port-control auto` makes it dot1x (flexible with `dot1x mac-auth-bypass`), and
`show dot1x all summary` gives its state (AUTHORIZED / UNAUTHORIZED) and client MAC (the first client row
with a MAC, else the first row; ``none`` is no client).
"""

from __future__ import annotations

import re
from functools import lru_cache

from engine.facts.aruba import dotted_mac
from engine.facts.cisco import apply_location, auth_template
from engine.facts.common import auth_state_of, vlan_number
from engine.facts.config import InterfaceConfig, parse_running_config
from engine.facts.span import parse_span_roots
from engine.model import DeviceFacts, PortFacts
from engine.parsing import parse_show

PLATFORM = "cisco_nxos"
_NAME = re.compile(r"^(ethernet|eth|port-channel|po|vlan|mgmt|loopback|lo|nve|tunnel)\s*(\d\S*)$", re.I)
_SHORT = {"ethernet": "Eth", "eth": "Eth", "port-channel": "Po", "po": "Po", "vlan": "Vlan", "mgmt": "mgmt",
          "loopback": "Lo", "lo": "Lo", "nve": "nve", "tunnel": "Tunnel"}
_WHOLE = {"notconnec": "notconnect", "xcvrAbsen": "xcvrAbsent", "channelDo": "channelDown",
          "noOperMem": "noOperMembers"}


@lru_cache(maxsize=65536)
def port_key(name: str) -> str:
    """`Ethernet1/1` / `Eth1/1` -> `Eth1/1`, `port-channel20` -> `Po20`; others pass through."""
    m = _NAME.match(name.strip())
    return _SHORT[m.group(1).lower()] + m.group(2) if m else name.strip()


def _macs(text: str) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {}
    if not text:
        return out
    for row in parse_show(PLATFORM, "show mac address-table", text):
        vlan = str(row["vlan_id"])
        if vlan.isdigit():
            out.setdefault(port_key(str(row["ports"])), []).append((str(row["mac_address"]), int(vlan)))
    return out


def _auth_template(body: str) -> str:
    """NX-OS spells 802.1X `dot1x port-control auto` (MAB: `dot1x mac-auth-bypass`); IOS spellings also count."""
    stripped = {line.strip() for line in body.split("\n")}
    dot1x = "dot1x port-control auto" in stripped
    mab = any(s.startswith("dot1x mac-auth-bypass") for s in stripped)
    if dot1x:
        return "flexible" if mab else "dot1x"
    return auth_template(body)[0]


def _sessions(text: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    if not text:
        return out
    for row in parse_show(PLATFORM, "show dot1x all summary", text):
        port = port_key(str(row["interface"]))
        client = str(row["client"])
        has_mac = client.lower() not in ("", "none")
        if port not in out or (has_mac and not out[port]["mac"]):
            out[port] = {"status": str(row["status"]), "mac": dotted_mac(client) if has_mac else ""}
    return out


def _rows(blocks: dict[str, str]) -> list[dict[str, str]]:
    """Status rows, or rows made from `show interface` when the capture has no status table."""
    if "show interfaces status" in blocks:
        return [{k: str(v) for k, v in r.items()}
                for r in parse_show(PLATFORM, "show interface status", blocks["show interfaces status"])]
    if "show interfaces" not in blocks:
        return []
    rows = []
    for r in parse_show(PLATFORM, "show interface", blocks["show interfaces"]):
        link, admin = str(r["link_status"]), str(r["admin_state"])
        status = ("disabled" if admin.startswith("down") else "connected" if link.startswith("up") else "notconnect")
        duplex = str(r["duplex"]).replace("-duplex", "")
        rows.append({"port": port_key(str(r["interface"])), "name": str(r["description"]), "status": status,
                     "vlan_id": "trunk" if r["mode"] == "trunk" else "", "duplex": duplex,
                     "speed": str(r["speed"]), "type": ""})
    return rows


def build(hostname: str, blocks: dict[str, str]) -> DeviceFacts:
    facts = DeviceFacts(hostname=hostname, vendor="Cisco")
    if "show version" in blocks:
        version = parse_show(PLATFORM, "show version", blocks["show version"])
        if version:
            v = version[0]
            facts.model, facts.version = str(v.get("platform") or ""), str(v.get("os") or "")
            facts.serial, facts.uptime = str(v.get("serial") or ""), str(v.get("uptime") or "")
    cfg = parse_running_config(blocks.get("show running-config", ""))
    interfaces: dict[str, InterfaceConfig] = {port_key(ic.name): ic for ic in cfg.interfaces.values()}
    apply_location(facts, cfg)
    facts.auth_block = [line for line in cfg.global_lines if line.startswith(("aaa ", "dot1x ", "radius-server "))]
    macs = _macs(blocks.get("show mac address-table", ""))
    sessions = _sessions(blocks.get("show dot1x all summary", ""))
    seen: set[str] = set()
    for row in _rows(blocks):
        port = port_key(row["port"])
        if not port or port in seen:
            continue
        seen.add(port)
        icfg = interfaces.get(port)
        description = icfg.value("description") if icfg else ""
        template = _auth_template(icfg.text if icfg else "")
        learned = macs.get(port, [])
        name = description or (row["name"] if row["name"] != "--" else "") or port
        vlan_id = row["vlan_id"]
        pf = PortFacts(
            port=port,
            name=name,
            status=_WHOLE.get(row["status"], row["status"]),
            vlan=vlan_number(vlan_id) or (learned[0][1] if learned and not vlan_id else 0),
            duplex=row["duplex"],
            speed=row["speed"],
            type="Trunk" if vlan_id == "trunk" else "Access" if vlan_id.isdigit() else "",
            learned_macs=[mac for mac, _ in learned],
            auth_template=template,
            config=icfg.text if icfg else "",
        )
        if (session := sessions.get(port)) is not None:
            pf.auth_state = auth_state_of(session["status"])
            pf.auth_client_mac = session["mac"]
            pf.auth_mode = "macauth" if template == "macauth" else "dot1x"
        elif template == "open":
            pf.auth_state, pf.auth_mode = "Open", "open"
        elif template in ("dot1x", "flexible"):
            pf.auth_mode = "dot1x"
        facts.ports.append(pf)
    facts.spans = parse_span_roots(blocks.get("show spanning-tree", ""))
    return facts
