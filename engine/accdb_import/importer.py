"""`statetrace-cli import-accdb`: legacy StateTrace `.accdb` files into the site databases.

Reading: access-parser (pure Python; Linux and macOS) or ACE through pyodbc (Windows). `MSys*`
tables are never read. The header is checked first, so a password-protected, foreign or truncated
file gets a clear error instead of a parser traceback.

Site rules: legacy wrote a host into `Data/<file site>/<file site>.accdb` (text before the first
dash) but stored `DeviceSummary.Site` as the first 4 characters of the hostname (`SITE1-A01-AS-01` ->
file `SITE1`, column `SITE`). The import puts every host into the store of its hostname site (the
file rule, `engine.sites.site_of`) and rewrites the Site column to it; a legacy file holding several
sites (a `-DatabasePath` perf run) is split.

Idempotent: history rows are keyed (Hostname, RunDate[, Port | Vlan]) and inserted only when missing;
a host's current rows (DeviceSummary, Interfaces, SpanInfo) are replaced only when the target has no
newer run of that host. One file is one transaction per target store, committed only after every
store took its rows, so a failing file leaves nothing behind.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from engine.locks import LockTimeout, SiteWriteLock
from engine.sites import InvalidHostname, clean_hostname, site_of
from engine.store import StoreConfig, StoreError, open_site_store
from engine.store.accdb_file import AccessFileError, inspect_access_file
from engine.store.schema import PORT_VALUES, SPAN_VALUES, SUMMARY_VALUES
from engine.store.sql_store import RUN_DATE_FORMAT, SqlSiteStore
from engine.workspace import Workspace

IMPORTED = ("DeviceSummary", "Interfaces", "DeviceHistory", "InterfaceHistory", "SpanInfo", "SpanHistory")
Tables = dict[str, list[dict[str, Any]]]
_INT_COLUMNS = {"Ports", "VLAN"}
_SUMMARY = [c.name for c in SUMMARY_VALUES]
_PORT = [c.name for c in PORT_VALUES]
_SPAN = [c.name for c in SPAN_VALUES]


class ImportFailed(Exception):
    """This file cannot be imported; nothing of it was written."""


# -- reading ----------------------------------------------------------------------------------------
def read_with_access_parser(path: Path) -> Tables:
    check_file(path)
    import logging

    from access_parser import AccessParser

    logging.getLogger("access_parser").setLevel(logging.CRITICAL)
    try:
        db = AccessParser(str(path))
        names = [n for n in db.catalog if not n.startswith("MSys")]
        require_statetrace(path, names)
        tables: Tables = {}
        for name in IMPORTED:
            if name not in names:
                tables[name] = []
                continue
            columns = db.parse_table(name) or {}
            keys = list(columns)
            count = max((len(v) for v in columns.values()), default=0)
            tables[name] = [{k: columns[k][i] if i < len(columns[k]) else None for k in keys} for i in range(count)]
        return tables
    except ImportFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - access-parser reports damage as KeyError/ValueError/struct.error
        raise ImportFailed(f"{path} is corrupt or not readable as an Access database ({type(exc).__name__}: "
                           f"{exc})") from exc


def read_with_ace(path: Path, pyodbc_module: Any = None) -> Tables:
    from engine.store.access import ACE_DRIVER, access_conn_str, missing_driver_error
    from engine.store.odbc import load_pyodbc, translate_odbc_error

    check_file(path)
    pyodbc = pyodbc_module or load_pyodbc()
    if ACE_DRIVER not in pyodbc.drivers():
        raise ImportFailed(str(missing_driver_error(ACE_DRIVER, list(pyodbc.drivers()))))
    try:
        conn = pyodbc.connect(access_conn_str(path) + "ReadOnly=1;", autocommit=True)
    except pyodbc.Error as exc:
        raise ImportFailed(str(translate_odbc_error(exc, str(path), access_conn_str(path)))) from exc
    try:
        cur = conn.cursor()
        names = [str(r.table_name) for r in cur.tables(tableType="TABLE").fetchall()
                 if not str(r.table_name).startswith("MSys")]
        require_statetrace(path, names)
        tables: Tables = {}
        for name in IMPORTED:
            if name not in names:
                tables[name] = []
                continue
            cur.execute(f"SELECT * FROM [{name}]")
            cols = [d[0] for d in cur.description]
            tables[name] = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
        return tables
    finally:
        conn.close()


def check_file(path: Path) -> None:
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    try:
        inspect_access_file(path)
    except AccessFileError as exc:
        raise ImportFailed(str(exc)) from exc


def require_statetrace(path: Path, names: Iterable[str]) -> None:
    have = set(names)
    if not {"DeviceSummary", "Interfaces"} <= have:
        shown = ", ".join(sorted(have)[:8]) or "no user tables"
        raise ImportFailed(f"{path} is an Access database of another application, not StateTrace "
                           f"(no DeviceSummary/Interfaces tables; it has: {shown})")


def read_legacy(path: Path, reader: str = "auto") -> Tables:
    if reader == "ace" or (reader == "auto" and sys.platform == "win32" and _ace_installed()):
        return read_with_ace(path)
    return read_with_access_parser(path)


def _ace_installed() -> bool:
    try:
        from engine.store.access import ACE_DRIVER
        from engine.store.odbc import load_pyodbc

        return ACE_DRIVER in load_pyodbc().drivers()
    except Exception:  # noqa: BLE001
        return False


# -- mapping ----------------------------------------------------------------------------------------
def run_date_text(value: Any) -> str | None:
    """A legacy date (datetime from ACE, text from access-parser, maybe with float noise) to the
    store's 'YYYY-MM-DD HH:MM:SS', rounded to the second; None when empty."""
    if value is None or value == "" or (isinstance(value, str) and value.startswith("(")):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().replace("T", " ")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = datetime.strptime(text, "%m/%d/%Y %I:%M:%S %p")
    if moment.microsecond >= 500_000:
        moment += timedelta(seconds=1)
    return moment.replace(microsecond=0).strftime(RUN_DATE_FORMAT)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _int(value: Any) -> int:
    try:
        return int(value) if value not in (None, "") else 0
    except (TypeError, ValueError):
        return 0


def _values(row: dict[str, Any], columns: list[str]) -> tuple[Any, ...]:
    return tuple(_int(row.get(c)) if c in _INT_COLUMNS else _text(row.get(c)) for c in columns)


@dataclass(slots=True)
class SitePlan:
    """One target site's rows from one legacy file."""

    site: str
    summaries: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # host -> SUMMARY values
    ports: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)  # host -> [(Port, *PORT)]
    spans: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)  # host -> [(*SPAN, LastUpdated)]
    device_history: list[tuple[Any, ...]] = field(default_factory=list)  # (host, run, *SUMMARY)
    port_history: list[tuple[Any, ...]] = field(default_factory=list)  # (host, run, Port, *PORT)
    span_history: list[tuple[Any, ...]] = field(default_factory=list)  # (host, run, *SPAN)
    latest: dict[str, str] = field(default_factory=dict)  # host -> newest legacy RunDate

    @property
    def hosts(self) -> set[str]:
        return set(self.summaries) | set(self.ports) | set(self.spans) | set(self.latest)


@dataclass(slots=True)
class FilePlan:
    path: Path
    sites: dict[str, SitePlan] = field(default_factory=dict)
    column_sites: set[str] = field(default_factory=set)  # legacy DeviceSummary.Site values seen
    file_site: str = ""


def plan_import(path: Path, tables: Tables) -> FilePlan:
    """Map legacy rows to target sites; every bad hostname is reported at once, nothing is written."""
    plan = FilePlan(path, file_site=site_of(path.stem))
    bad: set[str] = set()

    def site_plan(raw: Any) -> tuple[str, SitePlan] | None:
        try:
            host = clean_hostname(_text(raw))
        except InvalidHostname:
            bad.add(_text(raw))
            return None
        site = site_of(host)
        return host, plan.sites.setdefault(site, SitePlan(site))

    for row in tables.get("DeviceSummary", []):
        hit = site_plan(row.get("Hostname"))
        if hit:
            host, sp = hit
            plan.column_sites.add(_text(row.get("Site")))
            values = list(_values(row, _SUMMARY))
            values[_SUMMARY.index("Site")] = sp.site
            sp.summaries[host] = tuple(values)
    for row in tables.get("Interfaces", []):
        hit = site_plan(row.get("Hostname"))
        if hit:
            host, sp = hit
            sp.ports.setdefault(host, []).append((_text(row.get("Port")).strip(), *_values(row, _PORT)))
    for row in tables.get("SpanInfo", []):
        hit = site_plan(row.get("Hostname"))
        if hit:
            host, sp = hit
            sp.spans.setdefault(host, []).append((*_values(row, _SPAN), run_date_text(row.get("LastUpdated"))))
    for table, target in (("DeviceHistory", "device_history"), ("InterfaceHistory", "port_history"),
                          ("SpanHistory", "span_history")):
        for row in tables.get(table, []):
            hit = site_plan(row.get("Hostname"))
            run = run_date_text(row.get("RunDate"))
            if not hit or run is None:
                continue
            host, sp = hit
            if table == "DeviceHistory":
                values = list(_values(row, _SUMMARY))
                values[_SUMMARY.index("Site")] = sp.site
                getattr(sp, target).append((host, run, *values))
                if run > sp.latest.get(host, ""):
                    sp.latest[host] = run
            elif table == "InterfaceHistory":
                getattr(sp, target).append((host, run, _text(row.get("Port")).strip(), *_values(row, _PORT)))
            else:
                getattr(sp, target).append((host, run, *_values(row, _SPAN)))
    if bad:
        raise ImportFailed(f"{path}: invalid hostnames {sorted(bad)[:10]}; fix them in Access or remove those rows")
    return plan


# -- writing ----------------------------------------------------------------------------------------
@dataclass(slots=True)
class SiteCounts:
    hosts: int = 0
    current_replaced: int = 0
    current_kept_newer: int = 0
    device_history: int = 0
    interface_history: int = 0
    span_history: int = 0

    def to_json(self) -> dict[str, int]:
        return {"hosts": self.hosts, "current_replaced": self.current_replaced,
                "current_kept_newer": self.current_kept_newer, "device_history": self.device_history,
                "interface_history": self.interface_history, "span_history": self.span_history}


def apply_site(store: SqlSiteStore, sp: SitePlan) -> SiteCounts:
    """Write one site's rows inside the store's open transaction (the caller commits)."""
    d, q, p = store.dialect, store.dialect.quote, store.dialect.param
    cur = store.conn.cursor()
    counts = SiteCounts(hosts=len(sp.hosts))
    date = store.date_param

    def newest(host: str) -> str | None:
        cur.execute(f"SELECT MAX({q('RunDate')}) FROM {q('DeviceHistory')} WHERE {q('Hostname')} = {p}", (host,))
        row = cur.fetchone()
        return run_date_text(row[0]) if row and row[0] is not None else None

    scols = ", ".join(q(c) for c in _SUMMARY)
    pcols = ", ".join(q(c) for c in _PORT)
    spcols = ", ".join(q(c) for c in _SPAN)
    for host in sorted(sp.hosts):
        target = newest(host)
        legacy = sp.latest.get(host)
        if target is not None and (legacy is None or legacy < target):
            counts.current_kept_newer += 1
            continue
        counts.current_replaced += 1
        if host in sp.summaries:
            summary = sp.summaries[host]
            cur.execute(f"UPDATE {q('DeviceSummary')} SET " + ", ".join(f"{q(c)} = {p}" for c in _SUMMARY)
                        + f" WHERE {q('Hostname')} = {p}", (*summary, host))
            if cur.rowcount == 0:
                cur.execute(f"INSERT INTO {q('DeviceSummary')} ({q('Hostname')}, {scols}) "
                            f"VALUES ({d.placeholders(len(_SUMMARY) + 1)})", (host, *summary))
        if host in sp.ports:
            cur.execute(f"DELETE FROM {q('Interfaces')} WHERE {q('Hostname')} = {p}", (host,))
            seen: set[str] = set()
            rows = []
            for port, *values in sp.ports[host]:
                if port.lower() not in seen:  # legacy had no unique (Hostname, Port): keep the first
                    seen.add(port.lower())
                    rows.append((host, port, *values))
            cur.executemany(f"INSERT INTO {q('Interfaces')} ({q('Hostname')}, {q('Port')}, {pcols}) "
                            f"VALUES ({d.placeholders(len(_PORT) + 2)})", rows)
        if host in sp.spans:
            cur.execute(f"DELETE FROM {q('SpanInfo')} WHERE {q('Hostname')} = {p}", (host,))
            cur.executemany(f"INSERT INTO {q('SpanInfo')} ({q('Hostname')}, {spcols}, {q('LastUpdated')}) "
                            f"VALUES ({d.placeholders(len(_SPAN) + 2)})",
                            [(host, *vals[:-1], date(vals[-1]) if vals[-1] else None) for vals in sp.spans[host]])
    counts.device_history = _insert_missing(store, "DeviceHistory", _SUMMARY, sp.device_history, 0)
    counts.interface_history = _insert_missing(store, "InterfaceHistory", ["Port", *_PORT], sp.port_history, 1)
    counts.span_history = _insert_missing(store, "SpanHistory", _SPAN, sp.span_history, 1)
    return counts


def _insert_missing(store: SqlSiteStore, table: str, columns: list[str], rows: list[tuple[Any, ...]],
                    extra_key: int) -> int:
    """Insert history rows whose (Hostname, RunDate[, first value]) the store does not have yet."""
    if not rows:
        return 0
    d, q, p = store.dialect, store.dialect.quote, store.dialect.param
    cur = store.conn.cursor()
    key_cols = [q("Hostname"), q("RunDate")] + ([q(columns[0])] if extra_key else [])
    have: set[tuple[str, ...]] = set()
    for host in sorted({r[0] for r in rows}):
        cur.execute(f"SELECT {', '.join(key_cols)} FROM {q(table)} WHERE {q('Hostname')} = {p}", (host,))
        for r in cur.fetchall():
            have.add((str(r[0]), run_date_text(r[1]) or "", *(str(v) for v in r[2:])))
    new = []
    for row in rows:
        key = (row[0], row[1], *(str(v) for v in row[2:2 + extra_key]))
        if key in have:
            continue
        have.add(key)
        new.append((row[0], store.date_param(row[1]), *row[2:]))
    if new:
        cols = ", ".join(q(c) for c in columns)
        cur.executemany(f"INSERT INTO {q(table)} ({q('Hostname')}, {q('RunDate')}, {cols}) "
                        f"VALUES ({d.placeholders(len(columns) + 2)})", new)
    return len(new)


@dataclass(slots=True)
class FileResult:
    path: str
    ok: bool
    error: str = ""
    file_site: str = ""
    column_sites: list[str] = field(default_factory=list)
    sites: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"file": self.path, "ok": self.ok, "error": self.error, "file_site": self.file_site,
                "column_sites": self.column_sites, "sites": self.sites}


def import_plan(plan: FilePlan, workspace: Workspace, config: StoreConfig) -> dict[str, SiteCounts]:
    """All target stores take their rows in open transactions; commit only when all succeeded."""
    opened: list[tuple[SqlSiteStore, SiteWriteLock | None]] = []
    counts: dict[str, SiteCounts] = {}
    try:
        for site in sorted(plan.sites):
            path = workspace.db_path(site, config.suffix) if config.suffix else None
            lock = SiteWriteLock(path) if path is not None else None
            if lock is not None:
                try:
                    lock.acquire(30)
                except LockTimeout as exc:
                    raise ImportFailed(f"site {site}: another StateTrace writer holds {path}") from exc
            try:
                store = open_site_store(config, site, path)
            except BaseException:
                if lock is not None:
                    lock.release()
                raise
            assert isinstance(store, SqlSiteStore)
            opened.append((store, lock))
            store.begin()
            counts[site] = apply_site(store, plan.sites[site])
        for store, _ in opened:
            store.conn.commit()
        return counts
    except BaseException:
        for store, _ in opened:
            store.rollback()
        raise
    finally:
        for store, lock in opened:
            store.close()
            if lock is not None:
                lock.release()


def import_file(path: Path, workspace: Workspace, config: StoreConfig, reader: str = "auto",
                tables: Tables | None = None) -> FileResult:
    result = FileResult(str(path), ok=False)
    try:
        plan = plan_import(path, tables if tables is not None else read_legacy(path, reader))
        result.file_site = plan.file_site
        result.column_sites = sorted(plan.column_sites)
        counts = import_plan(plan, workspace, config)
        result.sites = {s: c.to_json() for s, c in counts.items()}
        result.ok = True
    except (ImportFailed, StoreError, OSError) as exc:
        result.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - a driver error of any backend: this file failed, go on
        result.error = f"{path}: {type(exc).__name__}: {exc}"
    return result


def run_import_command(args: argparse.Namespace) -> int:
    from engine.cli_args import store_config, workspace_of

    workspace = workspace_of(args)
    workspace.ensure()
    config = store_config(args)
    results = [import_file(p, workspace, config, args.reader) for p in args.files]
    if args.json:
        print(json.dumps([r.to_json() for r in results], indent=2))
    else:
        for r in results:
            if not r.ok:
                print(f"{r.path}: NOT imported: {r.error}")
                continue
            rules = f"file site {r.file_site}, legacy Site column {', '.join(r.column_sites) or '-'}"
            print(f"{r.path}: imported ({rules})")
            for site, c in sorted(r.sites.items()):
                print(f"  -> site {site}: {c['hosts']} host(s), current rows of {c['current_replaced']} "
                      f"(kept newer: {c['current_kept_newer']}), history +{c['device_history']} device "
                      f"+{c['interface_history']} interface +{c['span_history']} span")
    return 0 if all(r.ok for r in results) else 1
