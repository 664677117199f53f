"""Brocade/Ruckus FastIron facts (legacy section 1.8): ports are stored as `Et<unit/module/port>`."""

from __future__ import annotations

import re
from functools import lru_cache

from engine.facts.cisco import _first, apply_location
from engine.facts.common import auth_mode_of, auth_state_of, vlan_number
from engine.facts.config import parse_running_config
from engine.facts.macs import mac_table
from engine.facts.span import parse_span_roots
from engine.model import DeviceFacts, PortFacts
from engine.parsing import parse_show

PLATFORM = "ruckus_fastiron"
_PORT = re.compile(r"^(?:ethernet|ethe|eth|et|e)?\s*(\d+/\d+/\d+|\d+/\d+|\d+)$", re.I)
_CFG_PORT = re.compile(r"^(?:ethernet|ethe|eth)\s+(\d+/\d+/\d+|\d+/\d+|\d+)$", re.I)
_PORT_LIST = re.compile(r"(?:ethernet|ethe|eth)\s+(\d+/\d+/\d+)(?:\s+to\s+(\d+/\d+/\d+))?", re.I)
_TRUNK_NAME = re.compile(r"uplink|trunk", re.I)
_ACCESS_NAME = re.compile(r"access|user|staff|voice|endpoint|printer", re.I)
_GLOBAL_AUTH = re.compile(r"^(?:auth-default-vlan|re-authentication|dot1x enable|dot1x port-control auto|"
                          r"mac-authentication enable|mac-authentication dot1x override|authentication|"
                          r"dot1x-enable|mac-authentication)", re.I)


@lru_cache(maxsize=65536)
def port_key(port: str) -> str:
    m = _PORT.match(port.strip())
    return "Et" + m.group(1) if m else port.strip()


def _expand(text: str) -> set[str]:
    """`ethe 1/1/1 to 1/1/4 ethe 1/1/9` -> {'Et1/1/1', ..., 'Et1/1/4', 'Et1/1/9'}."""
    ports: set[str] = set()
    for m in _PORT_LIST.finditer(text):
        first, last = m.group(1), m.group(2)
        if not last:
            ports.add("Et" + first)
            continue
        a, b = first.split("/"), last.split("/")
        if a[:2] == b[:2] and int(a[2]) <= int(b[2]) and int(b[2]) - int(a[2]) < 1024:
            for n in range(int(a[2]), int(b[2]) + 1):
                ports.add(f"Et{a[0]}/{a[1]}/{n}")
    return ports


def _sessions(blocks: dict[str, str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for command, mode in (("show authentication sessions", ""), ("show dot1x sessions all", "dot1x"),
                          ("show mac-authentication sessions all", "macauth")):
        text = blocks.get(command)
        if not text:
            continue
        try:
            rows = parse_show(PLATFORM, command, text)
        except LookupError:
            continue
        for row in rows:
            port = port_key(str(row.get("port") or row.get("interface") or ""))
            if port and port not in out:
                values = {k: str(v) for k, v in row.items()}
                values.setdefault("mode", mode)
                out[port] = values
    return out


def build(hostname: str, blocks: dict[str, str]) -> DeviceFacts:
    facts = DeviceFacts(hostname=hostname, vendor="Brocade")
    if "show version" in blocks:
        version = parse_show(PLATFORM, "show version", blocks["show version"])
        if version:
            v = version[0]
            facts.model = _first(v.get("hardware"))
            facts.version = _first(v.get("version"))
            facts.serial = _first(v.get("serial"))
            facts.uptime = _first(v.get("uptime"))
    cfg = parse_running_config(blocks.get("show running-config", ""), port_key=_CFG_PORT)
    apply_location(facts, cfg)
    facts.auth_default_vlan = cfg.auth_default_vlan
    facts.auth_block = list(dict.fromkeys(" ".join(line.split()) for line in cfg.global_lines
                                          if _GLOBAL_AUTH.match(line) and line.strip() != "authentication"))
    dot1x_ports: set[str] = set()
    mac_ports: set[str] = set()
    for line in facts.auth_block:
        if line.startswith("dot1x port-control auto"):
            dot1x_ports |= _expand(line)
        elif line.startswith("mac-authentication enable"):
            mac_ports |= _expand(line)
    macs = mac_table(PLATFORM, blocks.get("show mac-address", ""), "show mac-address", key=port_key)
    sessions = _sessions(blocks)
    rows = parse_show(PLATFORM, "show interfaces brief", blocks["show interfaces brief"]) \
        if "show interfaces brief" in blocks else []
    global_config = "AUTH BLOCK (GLOBAL)\n" + "\n".join(facts.auth_block) if facts.auth_block else ""
    seen: set[str] = set()
    for row in rows:
        port = port_key(str(row.get("port", "")))
        if not port or port in seen:
            continue
        seen.add(port)
        icfg = cfg.interfaces.get(port)
        body = icfg.text if icfg else ""
        if "dot1x port-control auto" in body:
            dot1x_ports.add(port)
        if "mac-authentication enable" in body:
            mac_ports.add(port)
        brief_name = str(row.get("description") or row.get("name") or "").strip()
        port_name = icfg.value("port-name") if icfg else ""
        # The brief table cuts long names: the configured port-name is the whole of it.
        name = (port_name if port_name and port_name.startswith(brief_name) else brief_name) or port_name or port
        learned = macs.get(port, [])
        dot1x, mab = port in dot1x_ports, port in mac_ports
        template = "flexible" if dot1x and mab else "dot1x" if dot1x else "macauth" if mab else "open"
        pf = PortFacts(
            port=port,
            name=name,
            status=str(row.get("link") or ""),
            vlan=vlan_number(str(row.get("vlan_id") or "")) or (learned[0][1] if learned else 0),
            duplex=str(row.get("duplex") or ""),
            speed=str(row.get("speed") or ""),
            type="Trunk" if _TRUNK_NAME.search(name) else "Access" if _ACCESS_NAME.search(name) else "",
            learned_macs=[mac for mac, _ in learned],
            auth_template=template,
            config=(icfg.text if icfg and icfg.text else global_config),
        )
        session = sessions.get(port)
        if session:
            pf.auth_mode = auth_mode_of(session.get("method") or session.get("mode", "")) \
                if (session.get("method") or session.get("mode")) else template
            pf.auth_state = auth_state_of(session.get("status") or session.get("state") or "")
            pf.auth_client_mac = session.get("mac_address", "")
        elif template == "open":
            pf.auth_state, pf.auth_mode = "Open", "open"
        else:
            pf.auth_mode = "dot1x" if dot1x else "macauth"
        facts.ports.append(pf)
    facts.spans = parse_span_roots(blocks.get("show spanning-tree", ""))
    return facts
