"""Cisco IOS/IOS-XE facts (legacy section 1.8, without its defects)."""

from __future__ import annotations

import re

from engine.facts import cisco_interfaces, macs
from engine.facts.common import auth_mode_of, auth_state_of, location_details, short_port, vlan_number
from engine.facts.config import RunningConfig, parse_running_config
from engine.facts.span import parse_span_roots
from engine.model import DeviceFacts, PortFacts
from engine.parsing import parse_show

PLATFORM = "cisco_ios"
_AUTH_TEMPLATE_COMMANDS = ("authentication port-control auto", "dot1x pae authenticator", "mab",
                           "authentication host-mode multi-auth", "authentication order dot1x mab",
                           "authentication priority dot1x mab")


def _first(value: object) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def auth_template(body: str) -> tuple[str, list[str]]:
    """dot1x + mab -> flexible (with the template commands it lacks), dot1x, macauth, else open."""
    if "dot1x" not in body and "mab" not in body:
        return "open", []
    stripped = {line.strip() for line in body.split("\n")}
    dot1x = "dot1x pae authenticator" in stripped
    mab = "mab" in stripped or any(s.startswith("mab ") for s in stripped)
    if dot1x and mab:
        missing = [c for c in _AUTH_TEMPLATE_COMMANDS if c not in stripped and not
                   (c == "mab" and mab)]
        return "flexible", missing
    if dot1x:
        return "dot1x", []
    if mab:
        return "macauth", []
    return "open", []


def build(hostname: str, blocks: dict[str, str], platform: str = PLATFORM, make: str = "Cisco") -> DeviceFacts:
    facts = DeviceFacts(hostname=hostname, vendor=make)
    version = parse_show(platform, "show version", blocks["show version"]) if "show version" in blocks else []
    if version:
        v = version[0]
        facts.model = _first(v.get("hardware") or v.get("model"))
        facts.version = str(v.get("version") or v.get("image") or "")
        facts.serial = _first(v.get("serial") or v.get("serial_number"))
        facts.uptime = str(v.get("uptime") or "")
    cfg = parse_running_config(blocks.get("show running-config", ""))
    apply_location(facts, cfg)
    facts.auth_default_vlan = cfg.auth_default_vlan
    facts.auth_block = [line for line in cfg.global_lines if line.startswith(("aaa ", "dot1x ", "authentication ",
                                                                              "radius-server ", "access-session "))]
    macs = mac_table(platform, blocks.get("show mac address-table", ""))
    sessions = auth_sessions(platform, blocks.get("show authentication sessions", ""))
    status_rows = (parse_show(platform, "show interfaces status", blocks["show interfaces status"])
                   if "show interfaces status" in blocks else [])
    if not status_rows and platform == PLATFORM and "show interfaces" in blocks:
        # No status table (a router, or a capture without it): the ports come from `show interfaces`.
        records = parse_show(platform, "show interfaces", blocks["show interfaces"])
        status_rows = cisco_interfaces.status_rows(records, cfg)
    status_text = blocks.get("show interfaces status", "")
    by_column = status_by_column(status_text) if status_text and status_rows and platform == PLATFORM else {}
    seen: set[str] = set()
    for row in status_rows:
        port = short_port(str(row.get("port", "")))
        if not port or port.lower() in seen:
            continue
        seen.add(port.lower())
        columns = by_column.get(str(row.get("port", "")))
        if columns is not None:
            row = {**row, "name": columns[0], "status": columns[1]}
        facts.ports.append(port_facts(port, row, cfg, macs, sessions))
    facts.spans = parse_span_roots(blocks.get("show spanning-tree", ""))
    return facts


_STATUS_WORDS = frozenset({"err-disabled", "disabled", "connected", "notconnect", "inactive", "up", "down",
                           "monitoring", "suspended"})
_STATUS_HEADER = re.compile(r"^Port\s+Name\s+Status\s+Vlan\b")


def status_by_column(text: str) -> dict[str, tuple[str, str]]:
    """Port -> (name, status) read from the header's columns, where the Status column holds a status word.

    IOS cuts names to the Name column, so the columns are fixed; the template instead takes the first
    status word after the port, which turns a description like "spare disabled" on a notconnect port
    into "disabled". The parsed records keep the template's reading (they must match ntc-templates);
    the stored status comes from here whenever the column holds a status word.
    """
    out: dict[str, tuple[str, str]] = {}
    name_at = start = end = -1
    for line in text.split("\n"):
        if _STATUS_HEADER.match(line):
            name_at, start, end = line.index("Name"), line.index("Status"), line.index("Vlan")
            continue
        if start < 0 or len(line) <= start:
            continue
        words = line[start:end].split()
        if len(words) == 1 and words[0] in _STATUS_WORDS and line[start - 1:start] == " ":
            port = line.split(None, 1)[0]
            out.setdefault(port, (line[name_at:start].strip(), words[0]))
    return out


def apply_location(facts: DeviceFacts, cfg: RunningConfig) -> None:
    facts.location = cfg.location
    details = location_details(cfg.location)
    facts.building = details.get("building", "")
    facts.room = details.get("room", "")


def mac_table(platform: str, text: str, command: str = "show mac address-table") -> dict[str, list[tuple[str, int]]]:
    return macs.mac_table(platform, text, command)


def auth_sessions(platform: str, text: str) -> dict[str, dict[str, str]]:
    """Port -> its first authentication session (interface, mac, method, status)."""
    out: dict[str, dict[str, str]] = {}
    if not text:
        return out
    try:
        rows = parse_show(platform, "show authentication sessions", text)
    except LookupError:
        return out
    for row in rows:
        port = short_port(str(row.get("interface") or row.get("port") or ""))
        if port and port not in out:
            out[port] = {k: str(v) for k, v in row.items()}
    return out


_TRUNK_NAME = re.compile(r"uplink|trunk", re.I)


def port_facts(port: str, row: dict[str, object], cfg: RunningConfig, macs: dict[str, list[tuple[str, int]]],
               sessions: dict[str, dict[str, str]]) -> PortFacts:
    icfg = cfg.interfaces.get(port)
    description = icfg.value("description") if icfg else ""
    template, _missing = auth_template(icfg.text if icfg else "")
    learned = macs.get(port, [])
    pf = PortFacts(
        port=port,
        name=description or str(row.get("name") or "").strip() or port,
        status=str(row.get("status") or ""),
        vlan=vlan_number(str(row.get("vlan_id") or row.get("vlan") or "")),
        duplex=str(row.get("duplex") or ""),
        speed=str(row.get("speed") or ""),
        type=str(row.get("type") or ""),
        learned_macs=[mac for mac, _ in learned],
        auth_template=template,
        config=icfg.text if icfg else "",
    )
    session = sessions.get(port)
    if session:
        pf.auth_state = auth_state_of(session.get("status", ""))
        pf.auth_mode = auth_mode_of(session.get("method", ""))
        mac = session.get("mac_address", "")
        pf.auth_client_mac = mac if mac and mac != "(unknown)" else ""
    elif template == "open":
        pf.auth_state, pf.auth_mode = "Open", "open"
    return pf
