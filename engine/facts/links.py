"""What ties a device to the rest of the network: its CDP/LLDP neighbours and its interface addresses.

Both are vendor-neutral steps after the vendor builder. Neighbours come from the ntc-style records of
`show cdp neighbors detail`, `show lldp neighbors [detail]` and AOS-CX `show lldp neighbor-info detail`
(one field mapping for all of them, since the templates share field names); addresses from the
running configuration's `ip address` lines and from `show ip interface brief`. A capture holding none
of a kind's commands yields None (the store keeps what it had); one that holds them yields a list,
possibly empty (the neighbours really went away).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from engine.facts.common import short_port
from engine.model import AddressFacts, NeighborFacts
from engine.parsing.registry import UnsupportedCommand, parse_show

NEIGHBOR_COMMANDS = (
    ("show cdp neighbors detail", "CDP"),
    ("show lldp neighbors detail", "LLDP"),
    ("show lldp neighbors", "LLDP"),
    ("show lldp neighbor-info detail", "LLDP"),
)
ADDRESS_COMMANDS = ("show running-config", "show ip interface brief")
# Platforms whose neighbour output has the IOS layout though their own parser table lacks the command.
_PARSED_AS = {("cisco_nxos", "show lldp neighbors detail"): "cisco_ios",
              ("arista_eos", "show lldp neighbors detail"): "cisco_ios"}


def neighbors(platform: str, blocks: Mapping[str, str]) -> list[NeighborFacts] | None:
    """Every adjacency the captured neighbour commands show, once each (CDP and LLDP may both list one)."""
    captured = [(cmd, proto) for cmd, proto in NEIGHBOR_COMMANDS if cmd in blocks]
    if not captured:
        return None
    out: list[NeighborFacts] = []
    seen: set[tuple[str, str, str, str]] = set()
    for command, protocol in captured:
        text = blocks[command]
        records = _cdp_detail(text) if command == "show cdp neighbors detail" else _records(platform, command, text)
        if records is None and command == "show lldp neighbors":
            records = _lldp_table(text)
        for rec in records or ():
            port = short_port(_text(rec, "local_interface"))
            name = _text(rec, "neighbor_name") or _text(rec, "chassis_id")
            far_port = _text(rec, "neighbor_port_id") or _text(rec, "neighbor_interface")
            if not port or not (name or far_port):
                continue
            key = (protocol, port.lower(), name.lower(), far_port.lower())
            if key in seen:
                continue
            seen.add(key)
            platform = _text(rec, "platform") or _text(rec, "neighbor_description")
            out.append(NeighborFacts(port, protocol, name[:255], far_port[:128], platform[:255],
                                     _text(rec, "mgmt_address")[:64]))  # the column sizes
    return out


# `show cdp neighbors detail` (every platform) read directly: a few searches per entry instead of the template's state
# machine over every line (this is on every Cisco host's ingest path). Same fields as the template's
# records (tests/engine/facts/test_links.py compares them), the first address of the entry.
_CDP_ENTRY = re.compile(r"^[ \t]*Device ID:[ \t]*(?P<name>\S+)", re.MULTILINE)
_CDP_ADDRESS = re.compile(r"IP(?:v4)? address:[ \t]*(?P<ip>\d+\.\d+\.\d+\.\d+|\w+\.\w+\.\w+)")
_CDP_PLATFORM = re.compile(r"^[ \t]*Platform[ \t]*:[ \t]*(?P<platform>[^\n]*?)[ \t]*(?:,[ \t]*Capabilities[^\n]*)?$",
                           re.MULTILINE)
_CDP_PORTS = re.compile(r"^[ \t]*Interface:[ \t]*(?P<local>[^\n,]*?)[ \t]*,[ \t]+Port ID \(outgoing port\):[ \t]?"
                        r"(?P<far>[^\n]*?)[ \t]*$", re.MULTILINE)


def _cdp_detail(text: str) -> list[dict[str, object]]:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    starts = list(_CDP_ENTRY.finditer(text))
    out: list[dict[str, object]] = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        ports = _CDP_PORTS.search(text, m.end(), end)
        if ports is None:
            continue
        platform = _CDP_PLATFORM.search(text, m.end(), end)
        address = _CDP_ADDRESS.search(text, m.end(), end)
        out.append({"neighbor_name": m.group("name"), "local_interface": ports.group("local"),
                    "neighbor_interface": ports.group("far"), "platform": platform.group("platform") if platform else "",
                    "mgmt_address": address.group("ip") if address else ""})
    return out


def _records(platform: str, command: str, text: str) -> list[dict[str, object]] | None:
    try:
        return parse_show(_PARSED_AS.get((platform, command), platform), command, text)
    except UnsupportedCommand:
        return None


def _text(rec: Mapping[str, object], key: str) -> str:
    value = rec.get(key)
    if isinstance(value, list):
        value = value[0] if value else ""
    text = str(value or "")
    return " ".join(text.split()) if "  " in text or "\t" in text or text[:1].isspace() or text[-1:].isspace() \
        else text


# EOS and other `Port  Neighbor Device ID  Neighbor Port ID  TTL` tables (no parser of their own).
_LLDP_TABLE_HEADER = re.compile(r"^\s*Port\s+Neighbor\s+Device\s+ID\s+Neighbor\s+Port\s+ID\s+TTL\s*$", re.IGNORECASE)


def _lldp_table(text: str) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    inside = False
    for line in text.splitlines():
        if _LLDP_TABLE_HEADER.match(line):
            inside = True
            continue
        tokens = line.split()
        if not inside or len(tokens) < 4 or set(line.strip()) <= {"-", " "} or not tokens[-1].isdecimal():
            continue
        out.append({"local_interface": tokens[0], "neighbor_name": tokens[1],
                    "neighbor_port_id": " ".join(tokens[2:-1])})
    return out


_IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}"
# `ip address 10.1.1.1 255.255.255.0 [secondary]`, `ip address 10.1.1.1/24` (EOS, NX-OS, AOS-CX, FastIron),
# Junos `set interfaces irb unit 10 family inet address 10.1.1.1/24`.
_CONFIG_ADDRESS = re.compile(rf"^[ \t]+ip(?:v4)? address[ \t]+(?P<ip>{_IPV4})(?:/(?P<len>\d{{1,2}})|[ \t]+(?P<mask>{_IPV4}))?",
                             re.MULTILINE)
_JUNOS_ADDRESS = re.compile(rf"^set interfaces (?P<ifname>\S+)(?: unit (?P<unit>\d+))? family inet address "
                            rf"(?P<ip>{_IPV4})(?:/(?P<len>\d{{1,2}}))?", re.MULTILINE)
_BLOCK_HEADER = re.compile(r"(?:interface|vlan)[ \t]+\S[^\n]*?(?=[ \t]*$)", re.MULTILINE)
_BRIEF_HEADER = re.compile(r"^\s*Interface\s+IP[- ]Address", re.IGNORECASE | re.MULTILINE)
_BRIEF_ROW = re.compile(rf"^(?P<ifname>\S+)\s+(?P<ip>{_IPV4})(?:/(?P<len>\d{{1,2}}))?\s", re.MULTILINE)


def addresses(blocks: Mapping[str, str]) -> list[AddressFacts] | None:
    """Interface IPv4 addresses from the configuration and the brief table, once per (interface, address)."""
    if not any(cmd in blocks for cmd in ADDRESS_COMMANDS):
        return None
    found: dict[tuple[str, str], AddressFacts] = {}
    config = blocks.get("show running-config", "")
    at = config.find("ip address ")
    known = (-1, "")  # the last address line resolved and its block's header: walks back stop there
    while at >= 0:
        # Only lines inside a block count; the block is the nearest `interface`/`vlan` header above.
        line_start = config.rfind("\n", 0, at) + 1
        m = _CONFIG_ADDRESS.match(config, line_start) if config[line_start:at].isspace() and at > line_start else None
        if m is not None:
            known = (line_start, _block_head(config, line_start, known))
            if known[1]:
                _add(found, _interface_name(known[1]), m.group("ip"), m.group("len"), m.group("mask"))
        at = config.find("ip address ", at + 11)
    if "family inet address" in config:
        for m in _JUNOS_ADDRESS.finditer(config):
            name = m.group("ifname") + (f".{m.group('unit')}" if m.group("unit") else "")
            _add(found, name, m.group("ip"), m.group("len"), None)
    brief = blocks.get("show ip interface brief", "")
    if brief and _BRIEF_HEADER.search(brief):
        for m in _BRIEF_ROW.finditer(brief):
            _add(found, short_port(m.group("ifname")), m.group("ip"), m.group("len"), None)
    return list(found.values())


def _block_head(config: str, line_start: int, known: tuple[int, str] = (-1, "")) -> str:
    """The header of the block holding the line at `line_start`: the nearest unindented line above it,
    when that is an `interface ...` or `vlan ...` line. `known` is an earlier indented line and its
    header: reaching it ends the walk, so a block of many address lines is walked once, not once each."""
    at = line_start
    while at > 0:
        prev = config.rfind("\n", 0, at - 1) + 1
        if prev == known[0]:
            return known[1]
        if config[prev:prev + 1] not in (" ", "\t", "\n", "!", ""):
            m = _BLOCK_HEADER.match(config, prev)
            return m.group(0) if m else ""
        at = prev
    return ""


def _interface_name(head: str) -> str:
    """`interface Vlan10` -> Vl10 (the stored port spelling); `vlan 10` (ProCurve) -> vlan 10."""
    if head.lower().startswith("interface"):
        return short_port(head.split(None, 1)[1].strip())
    return " ".join(head.split())


def _add(found: dict[tuple[str, str], AddressFacts], interface: str, ip: str, length: str | None,
         mask: str | None) -> None:
    if not all(0 <= int(part) <= 255 for part in ip.split(".")) or ip.startswith("0."):
        return
    prefix = int(length) if length and int(length) <= 32 else _mask_length(mask)
    key = (interface.lower(), ip)
    if key not in found or (prefix and not found[key].prefix_length):
        found[key] = AddressFacts(interface, ip, prefix)


def _mask_length(mask: str | None) -> int:
    """255.255.255.0 -> 24; 0 for no mask or a wildcard/non-contiguous one."""
    if not mask:
        return 0
    try:
        value = sum(int(p) << (24 - 8 * i) for i, p in enumerate(mask.split(".")))
    except ValueError:
        return 0
    bits = bin(value)[2:].rjust(32, "0")
    return bits.count("1") if "01" not in bits and value < 1 << 32 else 0


__all__ = ["ADDRESS_COMMANDS", "NEIGHBOR_COMMANDS", "addresses", "neighbors"]
