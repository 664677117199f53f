"""Read-only queries for the Devices tab (run on a pool thread; never on the GUI thread).

The search matches host, port, description (Interfaces.Name), VLAN (exact number) and MAC
addresses in any notation (0011.2233.4455, 00:11:22:33:44:55, 00-11-...), by comparing hex
digits only, against the learned MACs and the authenticated client MAC.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statetrace_gui.sites.scan import read_only

DEVICE_COLUMNS = ("Hostname", "Make", "Model", "Version", "Ports", "Uptime", "Location")
INTERFACE_COLUMNS = ("Hostname", "Port", "Name", "Status", "VLAN", "Duplex", "Speed", "Type", "LearnedMACs",
                     "AuthState", "AuthMode", "AuthClientMAC")
ROW_LIMIT = 5000
_MAC_CHARS = re.compile(r"^[0-9a-fA-F.:\-]+$")
_HEX_ONLY = re.compile(r"[^0-9a-f]")


@dataclass(slots=True)
class DevicesResult:
    db_path: str
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


def _existing_columns(conn: sqlite3.Connection, table: str, wanted: tuple[str, ...]) -> list[str]:
    have = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
    return [c for c in wanted if c in have]


def query_devices(db_path: str, search: str = "", host: str = "", generation: int = 0,
                  limit: int = ROW_LIMIT) -> DevicesResult:
    """Devices of the site (all of them, or those matching) and the interfaces that match."""
    result = DevicesResult(db_path, search, host, generation=generation)
    if not db_path or not Path(db_path).is_file():
        return result
    conn = read_only(Path(db_path))
    try:
        dev_cols = _existing_columns(conn, "DeviceSummary", DEVICE_COLUMNS)
        if_cols = _existing_columns(conn, "Interfaces", INTERFACE_COLUMNS)
        if not dev_cols or not if_cols:
            return result
        result.device_columns, result.interface_columns = dev_cols, if_cols
        needle = search.strip()
        where: list[str] = []
        params: list[Any] = []
        if host:
            where.append("Hostname = ?")
            params.append(host)
        if needle:
            like = f"%{needle.replace('%', '').replace('_', '')}%"
            alts = ["Hostname LIKE ?", "Port LIKE ?", "Name LIKE ?"]
            alt_params: list[Any] = [like, like, like]
            if needle.isdigit():
                alts.append("VLAN = ?")
                alt_params.append(int(needle))
            digits = _mac_digits(needle)
            if digits:
                for col in ("LearnedMACs", "AuthClientMAC"):
                    if col in if_cols:
                        alts.append(f"replace(replace(replace(lower({col}), '.', ''), ':', ''), '-', '') LIKE ?")
                        alt_params.append(f"%{digits}%")
            where.append("(" + " OR ".join(alts) + ")")
            params.extend(alt_params)
        sql = (f"SELECT {', '.join(if_cols)} FROM Interfaces"
               + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY Hostname, ID LIMIT ?")
        rows = conn.execute(sql, [*params, limit + 1]).fetchall()
        result.truncated = len(rows) > limit
        result.interfaces = rows[:limit]
        dev_sql = f"SELECT {', '.join(dev_cols)} FROM DeviceSummary"
        if needle:
            hosts = sorted({r[0] for r in result.interfaces})
            dev_rows = conn.execute(dev_sql + " WHERE Hostname LIKE ? ORDER BY Hostname", [f"%{needle}%"]).fetchall()
            seen = {r[0] for r in dev_rows}
            for chunk in range(0, len(hosts), 500):
                part = [h for h in hosts[chunk:chunk + 500] if h not in seen]
                if part:
                    dev_rows += conn.execute(dev_sql + f" WHERE Hostname IN ({','.join('?' * len(part))})",
                                             part).fetchall()
            result.devices = sorted(dev_rows, key=lambda r: str(r[0]).lower())
        else:
            result.devices = conn.execute(dev_sql + " ORDER BY Hostname LIMIT ?", [limit]).fetchall()
    finally:
        conn.close()
    return result

