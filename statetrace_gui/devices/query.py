"""Read-only queries for the Devices tab (run on a pool thread; never on the GUI thread).

The search matches host, port, description (Interfaces.Name), VLAN (exact number) and MAC
addresses in any notation (0011.2233.4455, 00:11:22:33:44:55, 00-11-...), by comparing hex
digits only, against the learned MACs and the authenticated client MAC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from engine.store.base import StoreConfig
from engine.store.read import SiteReader, open_store_reader
from engine.workspace import Workspace

DEVICE_COLUMNS = ("Hostname", "Make", "Model", "Version", "Ports", "Uptime", "Location")
INTERFACE_COLUMNS = ("Hostname", "Port", "Name", "Status", "VLAN", "Duplex", "Speed", "Type", "LearnedMACs",
                     "AuthState", "AuthMode", "AuthClientMAC")
ROW_LIMIT = 5000
_MAC_CHARS = re.compile(r"^[0-9a-fA-F.:\-]+$")
_HEX_ONLY = re.compile(r"[^0-9a-f]")


@dataclass(slots=True)
class DevicesResult:
    site: str
    search: str
    host: str
    device_columns: list[str] = field(default_factory=list)
    interface_columns: list[str] = field(default_factory=list)
    devices: list[tuple[Any, ...]] = field(default_factory=list)
    interfaces: list[tuple[Any, ...]] = field(default_factory=list)
    truncated: bool = False
    generation: int = 0


def _mac_digits(text: str) -> str:
    """Hex digits of a MAC-looking search (at least 4 of them), else ''."""
    if not _MAC_CHARS.match(text):
        return ""
    digits = _HEX_ONLY.sub("", text.lower())
    return digits if len(digits) >= 4 else ""


def query_devices(workspace: Workspace, store: StoreConfig, site: str, search: str = "", host: str = "",
                  generation: int = 0, limit: int = ROW_LIMIT) -> DevicesResult:
    """Devices of the site (all of them, or those matching) and the interfaces that match, read through
    the workspace's store (SQLite, ODBC, Access or PostgreSQL alike)."""
    reader = open_store_reader(store, workspace)
    result = DevicesResult(site, search, host, generation=generation)
    try:
        if not site or not reader.exists(site):
            return result
        with reader.site(site) as conn:
            return _query(conn, result, search, host, limit)
    finally:
        reader.close()


def _query(conn: SiteReader, result: DevicesResult, search: str, host: str, limit: int) -> DevicesResult:
    dev_cols = [c for c in DEVICE_COLUMNS if c in set(conn.columns("DeviceSummary"))]
    if_cols = [c for c in INTERFACE_COLUMNS if c in set(conn.columns("Interfaces"))]
    if not dev_cols or not if_cols:
        return result
    result.device_columns, result.interface_columns = dev_cols, if_cols
    like = "ILIKE" if conn.dialect.name == "postgresql" else "LIKE"  # SQLite's and Access's LIKE ignore case
    needle = search.strip()
    where: list[str] = []
    params: list[Any] = []
    if host:
        where.append('"Hostname" = ?')
        params.append(host)
    if needle:
        pattern = f"%{needle.replace('%', '').replace('_', '')}%"
        alts = [f'"Hostname" {like} ?', f'"Port" {like} ?', f'"Name" {like} ?']
        alt_params: list[Any] = [pattern, pattern, pattern]
        if needle.isdigit():
            alts.append('"VLAN" = ?')
            alt_params.append(int(needle))
        digits = _mac_digits(needle)
        if digits:
            for col in ("LearnedMACs", "AuthClientMAC"):
                if col in if_cols:
                    alts.append(f"replace(replace(replace(lower(\"{col}\"), '.', ''), ':', ''), '-', '') LIKE ?")
                    alt_params.append(f"%{digits}%")
        where.append("(" + " OR ".join(alts) + ")")
        params.extend(alt_params)
    quoted = ", ".join(f'"{c}"' for c in if_cols)
    sql = (f'SELECT {quoted} FROM "Interfaces"' + (f" WHERE {' AND '.join(where)}" if where else "")
           + ' ORDER BY "Hostname", "ID" LIMIT ?')
    rows = conn.rows(sql, [*params, limit + 1])
    result.truncated = len(rows) > limit
    result.interfaces = rows[:limit]
    dev_sql = f'SELECT {", ".join(chr(34) + c + chr(34) for c in dev_cols)} FROM "DeviceSummary"'
    if needle:
        hosts = sorted({r[0] for r in result.interfaces})
        dev_rows = conn.rows(dev_sql + f' WHERE "Hostname" {like} ? ORDER BY "Hostname"', [f"%{needle}%"])
        seen = {r[0] for r in dev_rows}
        for chunk in range(0, len(hosts), 500):
            part = [h for h in hosts[chunk:chunk + 500] if h not in seen]
            if part:
                dev_rows += conn.rows(dev_sql + f' WHERE "Hostname" IN ({",".join("?" * len(part))})', part)
        result.devices = sorted(dev_rows, key=lambda r: str(r[0]).lower())
    else:
        result.devices = conn.rows(dev_sql + ' ORDER BY "Hostname" LIMIT ?', [limit])
    return result
