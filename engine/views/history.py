"""What changed, by capture time: a timeline per device and per port, and the changes between two
captures of a site or a device.

Read from the history tables the writer keeps in capture order: DeviceHistory (one row per capture),
InterfaceHistory (one row per port per change: a port's first row is when it first appeared) and
SpanHistory (the root set at each capture it changed). Because the writer files a late-ingested old
capture in its place in time, these views never need to know the order files arrived in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from engine.store.base import StoreError
from engine.store.read import SiteReader, StoreReader
from engine.store.schema import REMOVED_STATUS

# Columns whose change is news (Uptime moves every capture; colours and tooltips are derived display).
DEVICE_FIELDS = ("Make", "Model", "Version", "SerialNumber", "Location", "Ports", "AuthDefaultVLAN", "AuthBlock")
PORT_FIELDS = ("Name", "Status", "VLAN", "Duplex", "Speed", "Type", "LearnedMACs", "AuthState", "AuthMode",
               "AuthClientMAC", "AuthTemplate", "Config")
SPAN_FIELDS = ("Vlan", "RootSwitch", "RootPort", "Role", "Upstream")
FIELD_LABELS = {"Name": "description", "LearnedMACs": "learned MACs", "SerialNumber": "serial",
                "AuthDefaultVLAN": "auth default VLAN", "AuthBlock": "auth config", "AuthState": "auth state",
                "AuthMode": "auth mode", "AuthClientMAC": "auth client MAC", "AuthTemplate": "auth template"}


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that changed at one capture; `old` is "" for a first appearance."""

    capture: str  # 'YYYY-MM-DD HH:MM:SS', the device's capture time
    site: str
    hostname: str
    port: str  # "" for a device-level or spanning-tree change
    field: str  # the column ("Status", "VLAN", ...); "port" / "removed" / "returned" when a port comes or goes;
    # "span" for STP
    old: str
    new: str

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field.lower() if self.field not in ("VLAN",) else self.field)

    def describe(self) -> str:
        if self.field == "port":
            return f"{self.port} first seen ({self.new})" if self.new else f"{self.port} first seen"
        if self.field == "removed":
            return f"{self.port} removed (was {self.old})" if self.old else f"{self.port} removed"
        if self.field == "returned":
            return f"{self.port} back ({self.new})" if self.new else f"{self.port} back"
        if self.field == "LearnedMACs":
            old, new = set(filter(None, self.old.split(","))), set(filter(None, self.new.split(",")))
            parts = []
            if new - old:
                parts.append("+" + " +".join(sorted(new - old)))
            if old - new:
                parts.append("-" + " -".join(sorted(old - new)))
            return f"{self.port} learned MACs {' '.join(parts)}"
        where = f"{self.port} " if self.port else ""
        return f"{where}{self.label}: {_short(self.old)!r} -> {_short(self.new)!r}"


def _short(text: str, width: int = 60) -> str:
    one = " | ".join(line.strip() for line in text.splitlines() if line.strip())
    return one if len(one) <= width else one[: width - 1] + "…"


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def resolve_host(reader: SiteReader, name: str) -> str | None:
    """The host as the site stores it (names are matched without regard to case)."""
    rows = reader.rows('SELECT "Hostname" FROM "DeviceSummary" WHERE lower("Hostname") = ? LIMIT 1', (name.lower(),))
    return str(rows[0][0]) if rows else None


def locate_host(store: StoreReader, name: str) -> tuple[str, str] | None:
    """(site, stored host name) of the site holding `name`; the newest capture wins if several do."""
    best: tuple[str, str, str] | None = None
    for entry in store.sites():
        try:
            with store.site(entry.site) as reader:
                host = resolve_host(reader, name)
                if host is None:
                    continue
                newest = as_text(reader.scalar('SELECT MAX("RunDate") FROM "DeviceHistory" WHERE "Hostname" = ?',
                                             (host,)))
        except StoreError:
            continue
        if best is None or newest > best[2]:
            best = (entry.site, host, newest)
    return (best[0], best[1]) if best else None


def captures(reader: SiteReader, host: str) -> list[str]:
    """Every capture time of a host, oldest first."""
    return [as_text(r[0]) for r in reader.rows(
        'SELECT DISTINCT "RunDate" FROM "DeviceHistory" WHERE "Hostname" = ? ORDER BY "RunDate"', (host,))]


def _device_changes(reader: SiteReader, host: str) -> list[Change]:
    have = set(reader.columns("DeviceHistory"))
    fields = [f for f in DEVICE_FIELDS if f in have]
    rows = reader.rows(f'SELECT "RunDate", {", ".join(chr(34) + f + chr(34) for f in fields)} FROM "DeviceHistory" '
                       'WHERE "Hostname" = ? ORDER BY "RunDate", "ID"', (host,))
    out: list[Change] = []
    before: dict[str, str] | None = None
    for row in rows:
        now = {f: as_text(v) for f, v in zip(fields, row[1:], strict=True)}
        if before is not None:
            when = as_text(row[0])
            out += [Change(when, reader.site, host, "", f, before[f], now[f]) for f in fields if before[f] != now[f]]
        before = now
    return out


def _port_changes(reader: SiteReader, host: str, port: str | None = None) -> list[Change]:
    have = set(reader.columns("InterfaceHistory"))
    fields = [f for f in PORT_FIELDS if f in have]
    sql = (f'SELECT "Port", "RunDate", {", ".join(chr(34) + f + chr(34) for f in fields)} FROM "InterfaceHistory" '
           'WHERE "Hostname" = ?')
    params: list[Any] = [host]
    rows = reader.rows(sql + ' ORDER BY "RunDate", "ID"', params)
    out: list[Change] = []
    last: dict[str, dict[str, str]] = {}
    wanted = port.lower() if port else None
    for row in rows:
        name = str(row[0])
        key = name.strip().lower()
        if wanted is not None and key != wanted:
            continue
        when = as_text(row[1])
        now = {f: as_text(v) for f, v in zip(fields, row[2:], strict=True)}
        before = last.get(key)
        if now.get("Status") == REMOVED_STATUS:
            if before is not None and before.get("Status") != REMOVED_STATUS:
                out.append(Change(when, reader.site, host, name, "removed", before.get("Status", ""), ""))
        elif before is None:
            out.append(Change(when, reader.site, host, name, "port", "", now.get("Status", "")))
        elif before.get("Status") == REMOVED_STATUS:
            out.append(Change(when, reader.site, host, name, "returned", "", now.get("Status", "")))
            out += [Change(when, reader.site, host, name, f, before[f], now[f]) for f in fields
                    if f != "Status" and before[f] != now[f]]
        else:
            out += [Change(when, reader.site, host, name, f, before[f], now[f]) for f in fields if before[f] != now[f]]
        last[key] = now
    return out


def _span_changes(reader: SiteReader, host: str) -> list[Change]:
    if not reader.has_table("SpanHistory"):
        return []
    rows = reader.rows(f'SELECT "RunDate", {", ".join(chr(34) + f + chr(34) for f in SPAN_FIELDS)} FROM "SpanHistory" '
                       'WHERE "Hostname" = ? ORDER BY "RunDate", "ID"', (host,))
    sets: dict[str, list[str]] = {}
    for row in rows:
        sets.setdefault(as_text(row[0]), []).append(" ".join(as_text(v) for v in row[1:] if as_text(v)))
    out: list[Change] = []
    before: list[str] | None = None
    for when in sorted(sets):
        now = sorted(sets[when])
        if before is not None and now != before:
            out.append(Change(when, reader.site, host, "", "span", "; ".join(before), "; ".join(now)))
        before = now
    return out


def device_timeline(reader: SiteReader, host: str) -> list[Change]:
    """Everything that changed on a device, capture by capture (oldest first)."""
    changes = _device_changes(reader, host) + _port_changes(reader, host) + _span_changes(reader, host)
    return sorted(changes, key=lambda c: (c.capture, c.port.lower(), c.field))


def port_timeline(reader: SiteReader, host: str, port: str) -> list[Change]:
    """What changed on one port, capture by capture (its first row is when it first appeared)."""
    return _port_changes(reader, host, port)


def changes_between(reader: SiteReader, start: str, end: str = "9999-12-31 23:59:59",
                    hosts: Sequence[str] | None = None) -> list[Change]:
    """The site's (or these hosts') changes at captures after `start` up to and including `end`: what a
    capture at `end` shows that one at `start` did not. A date alone means the end of that day."""
    start, end = _moment(start), _moment(end)
    names = list(hosts) if hosts is not None else [str(r[0]) for r in reader.rows(
        'SELECT "Hostname" FROM "DeviceSummary" ORDER BY "Hostname"')]
    out: list[Change] = []
    for host in names:
        out += [c for c in device_timeline(reader, host) if start < c.capture <= end]
    return sorted(out, key=lambda c: (c.capture, c.hostname.lower(), c.port.lower(), c.field))


def _moment(text: str) -> str:
    text = text.strip().replace("T", " ")
    return text + " 23:59:59" if len(text) == 10 else text[:19]


__all__ = ["Change", "as_text", "captures", "changes_between", "device_timeline", "locate_host", "port_timeline",
           "resolve_host"]
