"""Cisco ports read from `show interfaces` when a capture has no `show interfaces status` table.

Routers (and captures that skipped the status table) still list every interface in `show interfaces`;
its header line, duplex/speed line and media type give the same columns the status table would.
Logical interfaces (SVIs, loopbacks, tunnels, sub-interfaces, ...) are not ports and are left out.
"""

from __future__ import annotations

import re

from engine.facts.common import short_port
from engine.facts.config import RunningConfig
from engine.parsing.registry import Record

_NOT_PORTS = re.compile(r"(?:Vlan|Loopback|Null|Tunnel|Virtual|NVI|BDI|nve|pseudowire|Dialer|Embedded-Service"
                        r"|Control Plane|LISP|VoIP-Null|Async|Cellular-?\d+/\d+/\d+\.)", re.I)
_SPEED = re.compile(r"(\d+)\s*([MG])b", re.I)


def is_port(interface: str) -> bool:
    return bool(interface) and "." not in interface and " " not in interface and not _NOT_PORTS.match(interface)


def status_of(link: str, protocol: str) -> str:
    """The status-table word for an interface's "<link>, line protocol is <protocol>" states."""
    link, protocol = link.lower(), protocol.lower()
    if "administratively" in link:
        return "disabled"
    if "err-disabled" in link or "err-disabled" in protocol:
        return "err-disabled"
    if link == "up" and protocol.startswith("up"):
        return "connected"
    if "monitoring" in protocol:
        return "monitoring"
    return "notconnect"


def duplex_of(text: str) -> str:
    """"Full-duplex" / "Full Duplex" -> "full", "Auto-duplex" -> "auto"."""
    word = text.strip().split("-")[0].split(" ")[0].lower()
    return word if word in ("full", "half", "auto") else ""


def speed_of(text: str) -> str:
    """"1000Mb/s" / "1000Mbps" -> "1000", "10Gb/s" -> "10G", "Auto-speed" -> "auto"."""
    m = _SPEED.search(text)
    if m is not None:
        return m.group(1) if m.group(2).upper() == "M" else f"{m.group(1)}G"
    return "auto" if text.strip().lower().startswith("auto") else ""


def vlan_of(port: str, cfg: RunningConfig) -> str:
    """The access VLAN from the port's configuration; "trunk" or "routed" as the status table says."""
    icfg = cfg.interfaces.get(port)
    if icfg is None:
        return ""
    if "switchport mode trunk" in icfg.stripped():
        return "trunk"
    access = icfg.value("switchport access vlan")
    if access:
        return access
    return "1" if "switchport" in icfg.text and "no switchport" not in icfg.stripped() else "routed"


def status_rows(records: list[Record], cfg: RunningConfig) -> list[Record]:
    """`show interfaces` records as `show interfaces status` rows (port, name, status, vlan_id, ...)."""
    rows: list[Record] = []
    for r in records:
        name = str(r.get("interface") or "")
        if not is_port(name):
            continue
        rows.append({"port": name, "name": str(r.get("description") or ""),
                     "status": status_of(str(r.get("link_status") or ""), str(r.get("protocol_status") or "")),
                     "vlan_id": vlan_of(short_port(name), cfg), "duplex": duplex_of(str(r.get("duplex") or "")),
                     "speed": speed_of(str(r.get("speed") or "")), "type": str(r.get("media_type") or "").strip()})
    return rows
