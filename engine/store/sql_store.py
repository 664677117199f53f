"""The per-host write path shared by every DB-API store (SQLite stdlib, ODBC/Access, PostgreSQL).

One host is one transaction: DeviceSummary upsert + DeviceHistory row, a per-port diff against the
stored rows (the legacy 15-value signature) with targeted inserts, updates and deletes, an
InterfaceHistory row for each new or changed port only, and SpanInfo replaced when it changed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from engine.model import DeviceFacts, PortFacts, SpanFacts
from engine.store.base import SourceMap, SourceStamp, WriteResult
from engine.store.dialect import Dialect
from engine.store.schema import (
    INDEXES,
    MIGRATIONS,
    PORT_VALUES,
    REMOVED_STATUS,
    SCHEMA_VERSION,
    SPAN_VALUES,
    SUMMARY_VALUES,
    TABLES,
    indexes_for,
)

PORT_COLUMNS = [c.name for c in PORT_VALUES]
SUMMARY_COLUMNS = [c.name for c in SUMMARY_VALUES]
SPAN_COLUMNS = [c.name for c in SPAN_VALUES]
RUN_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


_STATUS_AT = PORT_COLUMNS.index("Status")


def removed_values(values: Sequence[Any]) -> tuple[Any, ...]:
    out = list(values)
    out[_STATUS_AT] = REMOVED_STATUS
    return tuple(out)


def _is_removal(values: Sequence[Any]) -> bool:
    """Whether a stored (Port, *PORT_COLUMNS) history tuple is a removal marker."""
    return len(values) > _STATUS_AT + 1 and values[_STATUS_AT + 1] == REMOVED_STATUS


def port_row(p: PortFacts) -> tuple[Any, ...]:
    """Values in PORT_COLUMNS order; VLAN stays an integer."""
    return (p.name, p.status, p.vlan, p.duplex, p.speed, p.type, ",".join(p.learned_macs), p.auth_state,
            p.auth_mode, p.auth_client_mac, p.auth_template, p.config, p.port_color, p.config_status, p.tooltip)


def _signature(row: Sequence[Any]) -> tuple[str, ...]:
    """The legacy change signature: the 15 values compared as text (NULL reads as empty)."""
    return tuple("" if v is None else str(v) for v in row)


def _when(value: Any) -> str:
    """A RunDate as the drivers return it (text or datetime), as comparable 'YYYY-MM-DD HH:MM:SS' text."""
    if isinstance(value, datetime):
        return value.strftime(RUN_DATE_FORMAT)
    return str(value)[:19].replace("T", " ")


SHRINK_RATIO = 0.5  # a capture with fewer than half the stored ports ...
MIN_PORTS_FOR_SHRINK_CHECK = 8  # ... of a device with at least this many is taken as partial (unless it reloaded)
_UPTIME_UNITS = {"year": 365 * 86400, "week": 7 * 86400, "day": 86400, "hour": 3600, "minute": 60, "second": 1}


def uptime_seconds(text: str) -> int | None:
    """`12 weeks, 3 days, 4 hours, 12 minutes` (Cisco), `2 days 03:04:05` style parts; None if unreadable."""
    total, found = 0, False
    for number, unit in re.findall(r"(\d+)\s*(year|week|day|hour|minute|second)s?", text.lower()):
        total += int(number) * _UPTIME_UNITS[unit]
        found = True
    return total if found else None


def reloaded(old_uptime: str, new_uptime: str) -> bool:
    """A sign of a reload between two captures: the uptime went down (a smaller device is then real)."""
    old, new = uptime_seconds(old_uptime), uptime_seconds(new_uptime)
    return old is not None and new is not None and new < old


_NOT_HEX = re.compile(r"[^0-9a-f]")


_HEX12 = re.compile(r"[0-9a-f]{12}").fullmatch


def mac_key(text: str) -> str:
    """A MAC in any notation (0011.2233.4455, 00:11:22:33:44:55, 00-11-...) as its 12 lower-case hex
    digits; "" when it is not one. The dotted notation every MAC table prints takes a short path (this
    runs for every MAC of every capture)."""
    if len(text) == 14 and text[4] == "." and text[9] == ".":
        digits = (text[:4] + text[5:9] + text[10:]).lower()
        if _HEX12(digits):
            return digits
    digits = _NOT_HEX.sub("", text.lower())
    return digits if len(digits) == 12 else ""


_DOTTED_KEYS = re.compile(r"[0-9a-f]{12}(?:,[0-9a-f]{12})*").fullmatch


def port_sightings(ports: Sequence[PortFacts]) -> list[tuple[str, str, int]]:
    """(MAC, port, VLAN) of every MAC a capture saw: learned on the port, or authenticated on it. The
    VLAN is the port's (MAC tables of trunks list several; the facts keep the port's). A port's learned
    MACs in the dotted notation are keyed in one pass (one check of them all); others one by one."""
    seen: dict[tuple[str, str, int], None] = {}
    for p in ports:
        vlan = int(p.vlan or 0)
        port = p.port
        learned = p.learned_macs
        if learned:
            joined = ",".join(learned).lower().replace(".", "")
            keys = joined.split(",") if _DOTTED_KEYS(joined) else [mac_key(m) for m in learned]
            for key in keys:
                if key:
                    seen[(key, port, vlan)] = None
        if p.auth_client_mac:
            key = mac_key(p.auth_client_mac)
            if key:
                seen[(key, port, vlan)] = None
    return list(seen)


def summary_row(facts: DeviceFacts, site: str, ports: int | None = None) -> tuple[Any, ...]:
    return (facts.make, facts.model, facts.uptime, site, facts.building, facts.room,
            len(facts.ports) if ports is None else ports,
            facts.auth_default_vlan, "\n".join(facts.auth_block), facts.version, facts.serial, facts.location)


def span_row(s: SpanFacts) -> tuple[str, ...]:
    return (s.vlan, s.root_switch, s.root_port, s.role, s.upstream)


@dataclass(slots=True)
class PortPlan:
    """One host's interface diff: rows in the order the row-wise statements take them."""

    inserts: list[tuple[Any, ...]] = field(default_factory=list)  # (Hostname, Port, *PORT_COLUMNS)
    updates: list[tuple[Any, ...]] = field(default_factory=list)  # (*PORT_COLUMNS, ID)
    deletes: list[tuple[Any, ...]] = field(default_factory=list)  # (ID,)
    history: list[tuple[Any, ...]] = field(default_factory=list)  # (Hostname, RunDate, Port, *PORT_COLUMNS)
    update_ports: list[str] = field(default_factory=list)  # stored spelling of each updated port
    removals: list[tuple[Any, ...]] = field(default_factory=list)  # history rows marking deleted ports
    unchanged: int = 0


class SqlSiteStore:
    """A site database reached through a DB-API 2 connection in manual-commit mode."""

    location: str

    def __init__(self, conn: Any, dialect: Dialect, location: str, max_interfaces_per_batch: int = 0,
                 app_name: str = "statetrace-ingest") -> None:
        self.conn = conn
        self.dialect = dialect
        self.location = location
        self.max_batch = max_interfaces_per_batch
        self.app_name = app_name
        q, p = dialect.quote, dialect.param
        cols = ", ".join(q(c) for c in PORT_COLUMNS)
        self._sql_select_ports = f"SELECT {q('ID')}, {q('Port')}, {cols} FROM {q('Interfaces')} WHERE {q('Hostname')} = {p}"
        self._sql_insert_port = (f"INSERT INTO {q('Interfaces')} ({q('Hostname')}, {q('Port')}, {cols}) "
                                 f"VALUES ({dialect.placeholders(len(PORT_COLUMNS) + 2)})")
        self._sql_update_port = (f"UPDATE {q('Interfaces')} SET "
                                 + ", ".join(f"{q(c)} = {p}" for c in PORT_COLUMNS) + f" WHERE {q('ID')} = {p}")
        self._sql_delete_port = f"DELETE FROM {q('Interfaces')} WHERE {q('ID')} = {p}"
        self._sql_port_history = (f"INSERT INTO {q('InterfaceHistory')} ({q('Hostname')}, {q('RunDate')}, {q('Port')}, "
                                  f"{cols}) VALUES ({dialect.placeholders(len(PORT_COLUMNS) + 3)})")
        scols = ", ".join(q(c) for c in SUMMARY_COLUMNS)
        self._sql_update_summary = (f"UPDATE {q('DeviceSummary')} SET "
                                    + ", ".join(f"{q(c)} = {p}" for c in SUMMARY_COLUMNS)
                                    + f" WHERE {q('Hostname')} = {p}")
        self._sql_insert_summary = (f"INSERT INTO {q('DeviceSummary')} ({q('Hostname')}, {scols}) "
                                    f"VALUES ({dialect.placeholders(len(SUMMARY_COLUMNS) + 1)})")
        self._sql_device_history = (f"INSERT INTO {q('DeviceHistory')} ({q('Hostname')}, {q('RunDate')}, {scols}) "
                                    f"VALUES ({dialect.placeholders(len(SUMMARY_COLUMNS) + 2)})")
        spcols = ", ".join(q(c) for c in SPAN_COLUMNS)
        self._sql_select_span = f"SELECT {spcols} FROM {q('SpanInfo')} WHERE {q('Hostname')} = {p}"
        self._sql_touch_span = f"UPDATE {q('SpanInfo')} SET {q('LastUpdated')} = {p} WHERE {q('Hostname')} = {p}"
        self._sql_delete_span = f"DELETE FROM {q('SpanInfo')} WHERE {q('Hostname')} = {p}"
        self._sql_insert_span = (f"INSERT INTO {q('SpanInfo')} ({q('Hostname')}, {spcols}, {q('LastUpdated')}) "
                                 f"VALUES ({dialect.placeholders(len(SPAN_COLUMNS) + 2)})")
        self._sql_update_source = (f"UPDATE {q('HostSource')} SET {q('FileHash')} = {p}, {q('SourceLength')} = {p}, "
                                   f"{q('SourceFile')} = {p}, {q('IngestedAt')} = {p}, {q('CaptureTime')} = {p}, "
                                   f"{q('CaptureSource')} = {p} WHERE {q('Hostname')} = {p}")
        self._sql_insert_source = (f"INSERT INTO {q('HostSource')} ({q('FileHash')}, {q('SourceLength')}, "
                                   f"{q('SourceFile')}, {q('IngestedAt')}, {q('CaptureTime')}, {q('CaptureSource')}, "
                                   f"{q('Hostname')}) VALUES ({dialect.placeholders(7)})")
        self._sql_device_history_at = (f"SELECT {q('ID')} FROM {q('DeviceHistory')} WHERE {q('Hostname')} = {p} "
                                       f"AND {q('RunDate')} = {p}")
        self._sql_next_capture = (f"SELECT MIN({q('RunDate')}) FROM {q('DeviceHistory')} WHERE {q('Hostname')} = {p} "
                                  f"AND {q('RunDate')} > {p}")
        self._sql_stored_summary = (f"SELECT {q('Uptime')}, {q('Ports')} FROM {q('DeviceSummary')} "
                                    f"WHERE {q('Hostname')} = {p}")
        self._sql_capture_of = f"SELECT {q('CaptureTime')} FROM {q('HostSource')} WHERE {q('Hostname')} = {p}"
        self._sql_port_history_of = (f"SELECT {q('ID')}, {q('Port')}, {q('RunDate')}, {cols} FROM {q('InterfaceHistory')} "
                                     f"WHERE {q('Hostname')} = {p}")
        self._sql_delete_port_history = f"DELETE FROM {q('InterfaceHistory')} WHERE {q('ID')} = {p}"
        self._sql_span_history_of = (f"SELECT {q('ID')}, {q('RunDate')}, {spcols} FROM {q('SpanHistory')} "
                                     f"WHERE {q('Hostname')} = {p}")
        self._sql_delete_span_history = f"DELETE FROM {q('SpanHistory')} WHERE {q('ID')} = {p}"
        self._sql_select_sources = (f"SELECT {q('Hostname')}, {q('FileHash')}, {q('SourceLength')} "
                                    f"FROM {q('HostSource')}")
        self._sql_sightings_of = (f"SELECT {q('ID')}, {q('MAC')}, {q('Port')}, {q('VLAN')}, {q('FirstSeen')}, "
                                  f"{q('LastSeen')} FROM {q('MacSighting')} WHERE {q('Hostname')} = {p}")
        self._sql_insert_sighting = (f"INSERT INTO {q('MacSighting')} ({q('MAC')}, {q('Hostname')}, {q('Port')}, "
                                     f"{q('VLAN')}, {q('FirstSeen')}, {q('LastSeen')}) VALUES ({dialect.placeholders(6)})")
        self._sql_update_sighting = (f"UPDATE {q('MacSighting')} SET {q('FirstSeen')} = {p}, {q('LastSeen')} = {p} "
                                     f"WHERE {q('ID')} = {p}")
        self._sql_links_at = (f"SELECT {q('NeighborsAt')}, {q('AddressesAt')} FROM {q('HostSource')} "
                              f"WHERE {q('Hostname')} = {p}")
        self._sql_set_links_at = (f"UPDATE {q('HostSource')} SET {q('NeighborsAt')} = {p}, {q('AddressesAt')} = {p} "
                                  f"WHERE {q('Hostname')} = {p}")
        self._sql_insert_links_at = (f"INSERT INTO {q('HostSource')} ({q('NeighborsAt')}, {q('AddressesAt')}, "
                                     f"{q('Hostname')}) VALUES ({dialect.placeholders(3)})")
        self._sql_delete_neighbors = f"DELETE FROM {q('DeviceNeighbor')} WHERE {q('Hostname')} = {p}"
        self._sql_insert_neighbor = (f"INSERT INTO {q('DeviceNeighbor')} ({q('Hostname')}, {q('Port')}, "
                                     f"{q('Protocol')}, {q('NeighborName')}, {q('NeighborPort')}, {q('Platform')}, "
                                     f"{q('Address')}) VALUES ({dialect.placeholders(7)})")
        self._sql_delete_addresses = f"DELETE FROM {q('DeviceAddress')} WHERE {q('Hostname')} = {p}"
        self._sql_insert_address = (f"INSERT INTO {q('DeviceAddress')} ({q('Hostname')}, {q('Interface')}, "
                                    f"{q('Address')}, {q('PrefixLength')}) VALUES ({dialect.placeholders(4)})")
        self._sql_span_history = (f"INSERT INTO {q('SpanHistory')} ({q('Hostname')}, {q('RunDate')}, {spcols}) "
                                  f"VALUES ({dialect.placeholders(len(SPAN_COLUMNS) + 2)})")

    # -- schema -------------------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create missing tables, additive columns and indexes; record the schema version."""
        cur = self.conn.cursor()
        existing = self.existing_tables()
        backfill = "Interfaces" in existing and "MacSighting" not in existing
        for table in TABLES:
            if table.name not in existing:
                cur.execute(self.dialect.create_table(table))
            else:
                have = {c.lower() for c in self.table_columns(table.name)}
                for column in table.columns:
                    if column.name.lower() not in have:
                        cur.execute(f"ALTER TABLE {self.dialect.quote(table.name)} ADD COLUMN "
                                     f"{self.dialect.column_ddl(column, table)}")
        have_indexes = self.existing_indexes()
        wanted = indexes_for(self.dialect.name)
        for index in INDEXES:
            key = (index.table, tuple(c.lower() for c in index.columns))
            if index not in wanted and key in have_indexes and index.table in existing:
                # Schema 7 on SQLite: an index measured to cost more on write than it saves on read.
                cur.execute(f"DROP INDEX IF EXISTS {self.dialect.quote(index.name)}")
        for index in wanted:
            if (index.table, tuple(c.lower() for c in index.columns)) not in have_indexes:
                try:
                    cur.execute(self.dialect.create_index(index))
                except Exception:  # noqa: BLE001 - a legacy DB with duplicate ports cannot take UNIQUE
                    if not index.unique:
                        raise
                    cur.execute(self.dialect.create_index(type(index)(index.name, index.table, index.columns)))
        if backfill:
            self._backfill_sightings(cur)
        q, p = self.dialect.quote, self.dialect.param
        cur.execute(f"SELECT MAX({q('Version')}) FROM {q('SchemaVersion')}")
        row = cur.fetchone()
        current = int(row[0]) if row and row[0] is not None else 0
        now = datetime.now().strftime(RUN_DATE_FORMAT)
        for version, name in MIGRATIONS:
            if version > current:
                cur.execute(f"INSERT INTO {q('SchemaVersion')} ({q('Version')}, {q('MigrationName')}, "
                            f"{q('AppliedAt')}, {q('AppliedBy')}) VALUES ({p}, {p}, {p}, {p})",
                            (version, name, self.date_param(now), self.app_name))
        self.conn.commit()
        assert MIGRATIONS[-1][0] == SCHEMA_VERSION

    def _backfill_sightings(self, cur: Any) -> None:
        """Schema 5 on a database written before it: each host's current MACs become sightings at its
        current capture (earlier stays are not in the legacy history's comma lists reliably enough)."""
        q = self.dialect.quote
        cur.execute(f"SELECT {q('Hostname')}, MAX({q('RunDate')}) FROM {q('DeviceHistory')} GROUP BY {q('Hostname')}")
        captured = {str(h): _when(r) for h, r in cur.fetchall() if r is not None}
        cur.execute(f"SELECT {q('Hostname')}, {q('Port')}, {q('VLAN')}, {q('LearnedMACs')}, {q('AuthClientMAC')} "
                    f"FROM {q('Interfaces')}")
        by_host: dict[str, list[PortFacts]] = {}
        for host, port, vlan, learned, client in cur.fetchall():
            macs = [m for m in str(learned or "").split(",") if m]
            by_host.setdefault(str(host), []).append(
                PortFacts(str(port), vlan=int(vlan or 0), learned_macs=macs, auth_client_mac=str(client or "")))
        for host, ports in by_host.items():
            when = captured.get(host)
            if when:
                self.write_sightings(cur, host, datetime.strptime(when, RUN_DATE_FORMAT), ports)

    def existing_tables(self) -> set[str]:
        raise NotImplementedError

    def table_columns(self, table: str) -> list[str]:
        raise NotImplementedError

    def existing_indexes(self) -> set[tuple[str, tuple[str, ...]]]:
        """(table, lower-case columns) of every index, so the audit matches by columns, not names."""
        raise NotImplementedError

    def date_param(self, text: str) -> Any:
        """Dates travel as 'YYYY-MM-DD HH:MM:SS' text; drivers with a native type convert here."""
        return text

    def commit_host(self) -> None:
        """End the host's transaction (a store writing a group of hosts releases its savepoint instead)."""
        self.conn.commit()

    def begin(self) -> None:
        """Start the host's transaction (drivers in manual-commit mode start one implicitly)."""

    # -- writes -------------------------------------------------------------------------------------
    def write_host(self, facts: DeviceFacts, site: str, run_date: datetime,
                   source: SourceStamp | None = None) -> WriteResult:
        result = WriteResult()
        run = self.date_param(run_date.strftime(RUN_DATE_FORMAT))
        host = facts.hostname
        t0 = time.perf_counter()
        try:
            self.begin()
            cur = self.conn.cursor()
            if self.older_than_stored(cur, (source.host if source else "") or host, run_date):
                self._write_history_only(cur, facts, site, run_date, result, source)
                self.write_sightings(cur, host, run_date, facts.ports)
                self.write_links(cur, facts, run_date, source)
                self.commit_host()
                result.latency_ms = (time.perf_counter() - t0) * 1000.0
                return result
            summary = summary_row(facts, site, self.decide_partial(cur, facts, source, result))
            cur.execute(self._sql_update_summary, (*summary, host))
            if cur.rowcount == 0:
                cur.execute(self._sql_insert_summary, (host, *summary))
            cur.execute(self._sql_device_history, (host, run, *summary))
            t1 = time.perf_counter()
            self._write_ports(cur, host, run, facts.ports, result)
            t2 = time.perf_counter()
            result.span_rows = self._write_spans(cur, host, run, facts.spans)
            self.write_sightings(cur, host, run_date, facts.ports)
            self.write_source(cur, host, source)
            self.write_links(cur, facts, run_date, source)
            t3 = time.perf_counter()
            self.commit_host()
        except BaseException:
            self.rollback()
            raise
        t4 = time.perf_counter()
        result.latency_ms = (t4 - t0) * 1000.0
        result.phases_ms = {"SummaryDurationMs": (t1 - t0) * 1000, "InterfaceCallDurationMs": (t2 - t1) * 1000,
                            "SpanDurationMs": (t3 - t2) * 1000, "CommitDurationMs": (t4 - t3) * 1000}
        return result

    _keep_missing = False  # the host being written is a partial capture: its missing ports stay

    def decide_partial(self, cur: Any, facts: DeviceFacts, source: SourceStamp | None, result: WriteResult) -> int:
        """A truncated capture, or one with far fewer ports than stored and no sign of a reload, never
        shrinks the device: its missing ports are kept. Returns the port count to store."""
        self._keep_missing = False
        cur.execute(self._sql_stored_summary, (facts.hostname,))
        row = cur.fetchone()
        if row is None:
            return len(facts.ports)
        stored_ports = int(row[1] or 0)
        seen = len(facts.ports)
        if seen >= stored_ports:
            return seen
        truncated = bool(source and source.truncated)
        shrunk = stored_ports >= MIN_PORTS_FOR_SHRINK_CHECK and seen < stored_ports * SHRINK_RATIO \
            and not reloaded(str(row[0] or ""), facts.uptime)
        if not (truncated or shrunk):
            return seen
        self._keep_missing = True
        why = "the transcript ends inside its output" if truncated else "far fewer ports than the last capture"
        result.partial = (f"partial capture ({why}): {seen} of {stored_ports} ports seen, "
                          f"the other {stored_ports - seen} kept as last captured")
        return stored_ports

    def write_source(self, cur: Any, host: str, source: SourceStamp | None) -> None:
        """Record which slice the host's rows now reflect, inside the host's transaction: a host is
        skipped later only when its store holds it at that hash (the history JSON is a cache)."""
        if source is None:
            return
        values = (source.file_hash, source.length, source.file[:4000],
                  self.date_param(datetime.now().strftime(RUN_DATE_FORMAT)), self._run_param,
                  source.capture_source, source.host or host)
        cur.execute(self._sql_update_source, values)
        if cur.rowcount == 0:
            cur.execute(self._sql_insert_source, values)

    def write_sightings(self, cur: Any, host: str, run_date: datetime, ports: Sequence[PortFacts]) -> None:
        """Widen each (MAC, port, VLAN) stay to include this capture, or start one: the MAC sightings
        views read, kept on write rather than recomputed from history on every query. Only min/max
        of capture times, so the rows do not depend on the order captures arrive in."""
        seen = port_sightings(ports)
        if not seen:
            return
        when = run_date.strftime(RUN_DATE_FORMAT)
        cur.execute(self._sql_sightings_of, (host,))
        existing = {(str(mac), str(port), int(vlan or 0)): (rowid, _when(first), _when(last))
                    for rowid, mac, port, vlan, first, last in cur.fetchall()}
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        run = self.date_param(when)
        for mac, port, vlan in seen:
            old = existing.get((mac, port, vlan))
            if old is None:
                inserts.append((mac, host, port, vlan, run, run))
            elif when < old[1] or when > old[2]:
                first, last = min(old[1], when), max(old[2], when)
                updates.append((self.date_param(first), self.date_param(last), old[0]))
        if updates:
            cur.executemany(self._sql_update_sighting, updates)
        if inserts:
            cur.executemany(self._sql_insert_sighting, inserts)

    def write_links(self, cur: Any, facts: DeviceFacts, run_date: datetime, source: SourceStamp | None = None) -> None:
        """Replace the host's neighbours and addresses with the capture's, for each kind it captured, when no
        newer capture of that kind is stored (a capture without neighbour commands says nothing about
        neighbours, so the stored ones stay; an older one ingested late changes nothing)."""
        if facts.neighbors is None and facts.addresses is None:
            return
        host = facts.hostname
        key = (source.host if source else "") or host  # the HostSource row write_source keeps
        when = run_date.strftime(RUN_DATE_FORMAT)
        cur.execute(self._sql_links_at, (key,))
        row = cur.fetchone()
        stored = ("" if row is None or row[0] is None else _when(row[0]),
                  "" if row is None or row[1] is None else _when(row[1]))
        take_neighbors = facts.neighbors is not None and when >= stored[0]
        take_addresses = facts.addresses is not None and when >= stored[1]
        if not (take_neighbors or take_addresses):
            return
        marks = tuple(self.date_param(at) if at else None for at in
                      (when if take_neighbors else stored[0], when if take_addresses else stored[1]))
        cur.execute(self._sql_set_links_at if row is not None else self._sql_insert_links_at, (*marks, key))
        if take_neighbors and facts.neighbors is not None:
            cur.execute(self._sql_delete_neighbors, (host,))
            if facts.neighbors:
                cur.executemany(self._sql_insert_neighbor, [
                    (host, n.port, n.protocol, n.name, n.neighbor_port, n.platform, n.address)
                    for n in facts.neighbors])
        if take_addresses and facts.addresses is not None:
            cur.execute(self._sql_delete_addresses, (host,))
            if facts.addresses:
                cur.executemany(self._sql_insert_address, [
                    (host, a.interface, a.address, a.prefix_length) for a in facts.addresses])

    _run_param: Any = None  # the RunDate of the host being written (set by write_host)

    def older_than_stored(self, cur: Any, key: str, run_date: datetime) -> bool:
        """Whether the store's current state of this host comes from a later capture."""
        self._run_param = self.date_param(run_date.strftime(RUN_DATE_FORMAT))
        cur.execute(self._sql_capture_of, (key,))
        row = cur.fetchone()
        return bool(row and row[0] is not None and _when(row[0]) > run_date.strftime(RUN_DATE_FORMAT))

    def _write_history_only(self, cur: Any, facts: DeviceFacts, site: str, run_date: datetime,
                            result: WriteResult, source: SourceStamp | None = None) -> None:
        """A capture older than the stored state: current rows stay; its DeviceHistory row is added and
        InterfaceHistory/SpanHistory stay "one row per change" in capture order (the next capture's
        rows that are no longer changes are removed)."""
        result.history_only = True
        host = facts.hostname
        when = run_date.strftime(RUN_DATE_FORMAT)
        run = self.date_param(when)
        cur.execute(self._sql_device_history_at, (host, run))
        if cur.fetchone() is None:  # the same old capture again adds nothing
            cur.execute(self._sql_device_history, (host, run, *summary_row(facts, site)))
        cur.execute(self._sql_next_capture, (host, run))
        row = cur.fetchone()
        nxt = _when(row[0]) if row and row[0] is not None else ""  # the next capture already stored
        by_port: dict[str, list[tuple[str, int, tuple[str, ...], tuple[Any, ...]]]] = {}
        cur.execute(self._sql_port_history_of, (host,))
        for row in cur.fetchall():
            by_port.setdefault(str(row[1]).strip().lower(), []).append(
                (_when(row[2]), row[0], _signature(row[3:]), (row[1], *row[3:])))
        for rows in by_port.values():
            rows.sort(key=lambda r: r[0])
        inserts: list[tuple[Any, ...]] = []
        deletes: list[tuple[Any, ...]] = []
        seen: set[str] = set()
        for p in facts.ports:
            key = p.port.strip().lower()
            if key in seen:
                continue
            seen.add(key)
            values = port_row(p)
            sig = _signature(values)
            rows = by_port.get(key, [])
            before = [r for r in rows if r[0] <= when]
            changed = not before or before[-1][2] != sig
            if changed:
                inserts.append((host, run, p.port, *values))
            else:
                result.unchanged += 1
            if not nxt:
                continue
            at_next = [r for r in rows if r[0] == nxt]
            if at_next and at_next[0][2] == sig:
                deletes.append((at_next[0][1],))  # the next capture is no longer a change
            elif not at_next and changed and before and not _is_removal(before[-1][3]):
                # The next capture kept the earlier value: against this capture that is a change back.
                inserts.append((host, self.date_param(nxt), *before[-1][3]))
            elif not at_next and (not before or _is_removal(before[-1][3])):
                # The port was not there at the next capture: it went away then, not at this one.
                inserts.append((host, self.date_param(nxt), p.port, *removed_values(values)))
        last_before = {k: [r for r in rows if r[0] <= when][-1:] for k, rows in by_port.items()}
        present = {k: last[0] for k, last in last_before.items() if last and not _is_removal(last[0][3])}
        truncated = bool(source and source.truncated)
        shrunk = len(present) >= MIN_PORTS_FOR_SHRINK_CHECK and len(seen) < len(present) * SHRINK_RATIO
        for key, last in ({} if truncated or shrunk else present).items():
            if key in seen:
                continue
            # There before, missing from this capture: removed at this capture (what writing in capture
            # order records), and back at the next one unless that one already says otherwise.
            inserts.append((host, run, last[3][0], *removed_values(last[3][1:])))
            at_next = [r for r in by_port[key] if r[0] == nxt] if nxt else []
            if nxt and not at_next:
                inserts.append((host, self.date_param(nxt), *last[3]))
            elif at_next and _is_removal(at_next[0][3]):
                deletes.append((at_next[0][1],))
        if deletes:
            cur.executemany(self._sql_delete_port_history, deletes)
        if inserts:
            cur.executemany(self._sql_port_history, inserts)
        result.inserted, result.deleted = len(inserts), len(deletes)
        # Spans: the set at each capture, compared with the set before and at the next capture.
        groups: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        cur.execute(self._sql_span_history_of, (host,))
        for row in cur.fetchall():
            groups.setdefault(_when(row[1]), []).append((row[0], tuple("" if v is None else str(v) for v in row[2:])))
        new = sorted(span_row(s) for s in facts.spans)
        earlier = [k for k in groups if k <= when]
        prev = sorted(r for _, r in groups[max(earlier)]) if earlier else []
        if new and new != prev:
            cur.executemany(self._sql_span_history, [(host, run, *row) for row in new])
            result.span_rows = len(new)
        if nxt:
            if nxt in groups and sorted(r for _, r in groups[nxt]) == new:
                cur.executemany(self._sql_delete_span_history, [(i,) for i, _ in groups[nxt]])
            elif nxt not in groups and prev and new != prev:
                cur.executemany(self._sql_span_history, [(host, self.date_param(nxt), *r) for r in prev])

    def source_hashes(self) -> SourceMap:
        """Every host's recorded slice (empty for a database written before schema version 3)."""
        cur = self.conn.cursor()
        cur.execute(self._sql_select_sources)
        out: SourceMap = {str(h).lower(): (str(f or "").lower(), int(n or 0)) for h, f, n in cur.fetchall()}
        self.conn.commit()
        return out

    def rollback(self) -> None:
        try:
            self.conn.rollback()
        except Exception:  # noqa: BLE001 - the original error matters more than a failed rollback
            pass

    def _write_ports(self, cur: Any, host: str, run: Any, ports: list[PortFacts], result: WriteResult) -> None:
        plan = self._plan_ports(cur, host, run, ports)
        self._apply_ports(cur, plan)
        self.write_removals(cur, plan)
        result.inserted, result.updated, result.deleted = len(plan.inserts), len(plan.updates), len(plan.deletes)
        result.unchanged += plan.unchanged

    def _plan_ports(self, cur: Any, host: str, run: Any, ports: list[PortFacts]) -> PortPlan:
        """The per-port diff against the stored rows; backends differ only in how they apply it."""
        cur.execute(self._sql_select_ports, (host,))
        # Stored values as the driver returns them; the legacy text signature is only built when the
        # raw tuples differ (a NULL or a VLAN read back as text), which keeps unchanged hosts cheap.
        existing: dict[str, tuple[int, str, tuple[Any, ...]]] = {}
        for row in cur.fetchall():
            existing[str(row[1]).strip().lower()] = (row[0], row[1], tuple(row[2:]))
        plan = PortPlan()
        seen: set[str] = set()
        for p in ports:
            key = p.port.strip().lower()
            if key in seen:
                continue
            seen.add(key)
            values = port_row(p)
            old = existing.get(key)
            if old is None:
                plan.inserts.append((host, p.port, *values))
            elif old[2] != values and _signature(old[2]) != _signature(values):
                plan.updates.append((*values, old[0]))
                plan.update_ports.append(old[1])
            else:
                plan.unchanged += 1
                continue
            plan.history.append((host, run, p.port, *values))
        if not self._keep_missing:
            gone = [(rowid, port, values) for key, (rowid, port, values) in existing.items() if key not in seen]
            plan.deletes = [(rowid,) for rowid, _port, _values in gone]
            plan.removals = [(host, run, port, *removed_values(values)) for _rowid, port, values in gone]
        return plan

    def write_removals(self, cur: Any, plan: PortPlan) -> None:
        """One InterfaceHistory row per deleted port, its last values with Status `(removed)`: without it
        a timeline could not tell at which capture a port went away (history rows are written on change)."""
        if plan.removals:
            cur.executemany(self._sql_port_history, plan.removals)

    def _apply_ports(self, cur: Any, plan: PortPlan) -> None:
        """Row-wise apply: deletes, updates, inserts, then the history of new and changed ports."""
        if plan.deletes:
            cur.executemany(self._sql_delete_port, plan.deletes)
        if plan.updates:
            cur.executemany(self._sql_update_port, plan.updates)
        if plan.inserts:
            cur.executemany(self._sql_insert_port, plan.inserts)
        if plan.history:
            cur.executemany(self._sql_port_history, plan.history)

    def _write_spans(self, cur: Any, host: str, run: Any, spans: list[SpanFacts]) -> int:
        new = [span_row(s) for s in spans]
        cur.execute(self._sql_select_span, (host,))
        old = sorted(tuple("" if v is None else str(v) for v in row) for row in cur.fetchall())
        if old == sorted(new):
            if old:  # LastUpdated is the capture the current spans were last seen in (the newest)
                cur.execute(self._sql_touch_span, (run, host))
            return 0
        cur.execute(self._sql_delete_span, (host,))
        if new:
            cur.executemany(self._sql_insert_span, [(host, *row, run) for row in new])
            cur.executemany(self._sql_span_history, [(host, run, *row) for row in new])
        return len(new)

    def settle(self) -> None:
        """Nothing is deferred by the generic store (SQLite defers its search index to the end of a run)."""

    def close(self) -> None:
        self.conn.close()
