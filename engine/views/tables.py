"""A site's current tables as analysts export them (devices, interfaces, neighbours, addresses), with the
capture times."""

from __future__ import annotations

from typing import Any

from engine.store.read import SiteReader

DEVICE_COLUMNS = ("Hostname", "Make", "Model", "Version", "SerialNumber", "Uptime", "Location", "Building", "Room",
                  "Ports", "AuthDefaultVLAN")
INTERFACE_COLUMNS = ("Hostname", "Port", "Name", "Status", "VLAN", "Duplex", "Speed", "Type", "LearnedMACs",
                     "AuthState", "AuthMode", "AuthClientMAC", "AuthTemplate")
NEIGHBOR_COLUMNS = ("Hostname", "Port", "Protocol", "NeighborName", "NeighborPort", "Platform", "Address")
ADDRESS_COLUMNS = ("Hostname", "Interface", "Address", "PrefixLength")
TABLES = {"devices": ("DeviceSummary", DEVICE_COLUMNS, '"Hostname"'),
          "interfaces": ("Interfaces", INTERFACE_COLUMNS, '"Hostname", "ID"'),
          "neighbors": ("DeviceNeighbor", NEIGHBOR_COLUMNS, '"Hostname", "Port", "NeighborName"'),
          "addresses": ("DeviceAddress", ADDRESS_COLUMNS, '"Hostname", "Interface", "Address"')}


def capture_span(reader: SiteReader) -> tuple[str, str]:
    """The oldest and newest capture the site's current rows come from."""
    if reader.has_table("HostSource"):
        row = reader.rows('SELECT MIN("CaptureTime"), MAX("CaptureTime") FROM "HostSource"')
    else:
        row = reader.rows('SELECT MIN("RunDate"), MAX("RunDate") FROM "DeviceHistory"')
    first, last = row[0] if row else (None, None)
    return (str(first or "")[:19], str(last or "")[:19])


def site_table(reader: SiteReader, table: str) -> tuple[list[str], list[tuple[Any, ...]], dict[str, str]]:
    """(columns, rows, meta) of `table` (a key of TABLES) as the site holds it now."""
    name, wanted, order = TABLES[table]
    have = set(reader.columns(name)) if reader.has_table(name) else set()
    columns = [c for c in wanted if c in have]
    rows = reader.rows(f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{name}" ORDER BY {order}') \
        if columns else []
    first, last = capture_span(reader)
    meta = {"query": f"{table} of site {reader.site}", "site": reader.site, "store": reader.location,
            "captures": f"{first} to {last}" if first else "none"}
    return columns, rows, meta


__all__ = ["ADDRESS_COLUMNS", "DEVICE_COLUMNS", "INTERFACE_COLUMNS", "NEIGHBOR_COLUMNS", "TABLES", "capture_span",
           "site_table"]
