"""One device as its latest capture shows it: summary, ports, VLANs, spanning tree, authentication
sessions, CDP/LLDP neighbours, interface addresses and the interface configuration, plus where the
capture came from.

Neighbours and addresses come from the newest capture that held their commands (`show cdp neighbors
detail`, `show lldp neighbors`, `show running-config`, `show ip interface brief`), which may be older
than the rest of the page; the page says which capture that was, or that none held them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from engine.store.read import SiteReader, StoreReader
from engine.views.find import format_mac
from engine.views.history import as_text, captures, locate_host

SUMMARY_FIELDS = ("Hostname", "Make", "Model", "Version", "SerialNumber", "Uptime", "Location", "Site", "Building",
                  "Room", "Ports", "AuthDefaultVLAN")
PORT_FIELDS = ("Port", "Name", "Status", "VLAN", "Speed", "Duplex", "Type", "AuthState", "AuthMode", "AuthClientMAC",
               "AuthTemplate", "LearnedMACs")
SPAN_FIELDS = ("Vlan", "RootSwitch", "RootPort", "Role", "Upstream", "LastUpdated")
NEIGHBOR_COLUMNS = ("Port", "Protocol", "Neighbor", "Neighbor port", "Platform", "Address")
ADDRESS_COLUMNS = ("Interface", "Address", "Prefix")


@dataclass(slots=True)
class DevicePage:
    site: str
    hostname: str
    summary: dict[str, str] = field(default_factory=dict)
    capture_time: str = ""
    capture_source: str = ""  # clock | log-header | file-name | mtime
    source_file: str = ""
    captures: list[str] = field(default_factory=list)
    port_columns: list[str] = field(default_factory=list)
    ports: list[tuple[Any, ...]] = field(default_factory=list)
    vlans: list[tuple[int, int]] = field(default_factory=list)  # (VLAN, ports in it)
    span_columns: list[str] = field(default_factory=list)
    spans: list[tuple[Any, ...]] = field(default_factory=list)
    sessions: list[tuple[str, str, str, str]] = field(default_factory=list)  # (port, state, mode, client MAC)
    config: list[tuple[str, str]] = field(default_factory=list)  # (port, its configuration)
    neighbors: list[tuple[str, ...]] = field(default_factory=list)  # NEIGHBOR_COLUMNS
    neighbors_at: str = ""  # the capture they come from; "" when no capture held a neighbour command
    addresses: list[tuple[str, str, str]] = field(default_factory=list)  # ADDRESS_COLUMNS ("10.1.1.1", "/24")
    addresses_at: str = ""

    @property
    def neighbours_note(self) -> str:
        if not self.neighbors_at:
            return "no capture of this device holds show cdp neighbors detail or show lldp neighbors"
        count = f"{len(self.neighbors)} neighbour(s)" if self.neighbors else "no neighbours"
        return f"{count} as captured {self.neighbors_at}"


def device_page(reader: SiteReader, host: str) -> DevicePage | None:
    """The page of `host` (as stored), or None when the site does not hold it."""
    have = set(reader.columns("DeviceSummary"))
    cols = [c for c in SUMMARY_FIELDS if c in have]
    rows = reader.rows(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "DeviceSummary" '
                       'WHERE "Hostname" = ?', (host,))
    if not rows:
        return None
    page = DevicePage(reader.site, host, {c: as_text(v) for c, v in zip(cols, rows[0], strict=True)})
    if reader.has_table("HostSource"):
        src = reader.rows('SELECT "CaptureTime", "CaptureSource", "SourceFile" FROM "HostSource" WHERE "Hostname" = ?',
                          (host,))
        if src:
            page.capture_time, page.capture_source, page.source_file = (as_text(v) for v in src[0])
    page.captures = captures(reader, host)
    if not page.capture_time and page.captures:
        page.capture_time = page.captures[-1]
    port_have = set(reader.columns("Interfaces"))
    page.port_columns = [c for c in PORT_FIELDS if c in port_have]
    select = ", ".join(f'"{c}"' for c in page.port_columns)
    config_col = ', "Config"' if "Config" in port_have else ""
    raw = reader.rows(f'SELECT {select}{config_col} FROM "Interfaces" WHERE "Hostname" = ? ORDER BY "ID"', (host,))
    macs_at = page.port_columns.index("LearnedMACs") if "LearnedMACs" in page.port_columns else -1
    vlan_at = page.port_columns.index("VLAN") if "VLAN" in page.port_columns else -1
    counts: Counter[int] = Counter()
    for row in raw:
        values = list(row[: len(page.port_columns)])
        if macs_at >= 0:
            values[macs_at] = " ".join(format_mac(m.replace(".", "")) if len(m.replace(".", "")) == 12 else m
                                       for m in str(values[macs_at] or "").split(",") if m)
        page.ports.append(tuple(values))
        if vlan_at >= 0 and values[vlan_at]:
            counts[int(values[vlan_at])] += 1
        as_dict = dict(zip(page.port_columns, values, strict=True))
        state = str(as_dict.get("AuthState") or "")
        if state and state not in ("Unknown", "Open", "open"):
            page.sessions.append((str(as_dict["Port"]), state, str(as_dict.get("AuthMode") or ""),
                                  str(as_dict.get("AuthClientMAC") or "")))
        if config_col and row[-1]:
            page.config.append((str(as_dict["Port"]), str(row[-1])))
    page.vlans = sorted(counts.items())
    _links(reader, host, page)
    if reader.has_table("SpanInfo"):
        span_have = set(reader.columns("SpanInfo"))
        page.span_columns = [c for c in SPAN_FIELDS if c in span_have]
        page.spans = reader.rows(f'SELECT {", ".join(chr(34) + c + chr(34) for c in page.span_columns)} '
                                 'FROM "SpanInfo" WHERE "Hostname" = ? ORDER BY "Vlan"', (host,))
    return page


def _links(reader: SiteReader, host: str, page: DevicePage) -> None:
    if not reader.has_table("DeviceNeighbor") or "NeighborsAt" not in set(reader.columns("HostSource")):
        return
    at = reader.rows('SELECT "NeighborsAt", "AddressesAt" FROM "HostSource" WHERE "Hostname" = ?', (host,))
    if at:
        page.neighbors_at, page.addresses_at = (as_text(v) if v is not None else "" for v in at[0])
    page.neighbors = [tuple(as_text(v) for v in row) for row in reader.rows(
        'SELECT "Port", "Protocol", "NeighborName", "NeighborPort", "Platform", "Address" FROM "DeviceNeighbor" '
        'WHERE "Hostname" = ? ORDER BY "Port", "NeighborName"', (host,))]
    page.addresses = [(as_text(i), as_text(a), f"/{n}" if n else "") for i, a, n in reader.rows(
        'SELECT "Interface", "Address", "PrefixLength" FROM "DeviceAddress" WHERE "Hostname" = ? '
        'ORDER BY "Interface", "Address"', (host,))]


def neighbor_device(store: StoreReader, name: str) -> tuple[str, str] | None:
    """(site, host) of a neighbour that is itself in the workspace: CDP device IDs often carry the domain
    (`core-01.example.net`) or a serial in brackets, the stored host name does not."""
    base = name.split("(")[0].strip()
    for candidate in dict.fromkeys((name, base, base.split(".")[0])):
        if candidate:
            found = locate_host(store, candidate)
            if found is not None:
                return found
    return None


__all__ = ["ADDRESS_COLUMNS", "NEIGHBOR_COLUMNS", "DevicePage", "device_page", "neighbor_device"]
