"""Site databases reached through pyodbc: any ODBC driver, with Access as the main customer.

`--backend odbc --odbc "Driver=SQLite3;Database={site_path}"` runs the same code path as Access on
every CI run, against Debian's real SQLite3 ODBC driver. Rules that keep ODBC drivers well-behaved:

* `pyodbc.pooling = False` before the first connect, so `close()` really releases the file (with
  pooling on, Access keeps its `.laccdb` lock file and the driver manager keeps the handle);
* autocommit off: one host is one transaction;
* never `fast_executemany` with the SQLite3 driver (MemoryError or a segfault inside the driver), and
  not with Access either until measured there (pyodbc's parameter arrays target SQL Server).
"""

from __future__ import annotations

import re
import struct
import uuid
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.store.base import SourceMap, SourceStamp, StoreBusy, StoreError
from engine.store.dialect import ACCESS, POSTGRES, SQLITE, Dialect
from engine.store.schema import BULK_SEED, PORT_VALUES
from engine.store.secrets import mask_odbc
from engine.store.site_reader import SiteReader
from engine.store.sql_store import RUN_DATE_FORMAT, PortPlan, SqlSiteStore

# A plain ANSI spelling for drivers we have no dialect for: sized varchar, no IF NOT EXISTS.
ANSI = Dialect("ansi", text_type="VARCHAR", sized_text=True, memo_type="VARCHAR(4000)", datetime_type="TIMESTAMP",
               counter_type="INTEGER PRIMARY KEY", if_not_exists=False, native_upsert=False)
_BUSY = re.compile(r"locked|busy|currently in use|already in use|could not update|3218|3260|3197|-1032|3045", re.I)
_PORT_COLUMNS = [c.name for c in PORT_VALUES]


def load_pyodbc() -> Any:
    """Import pyodbc with pooling off (it must be set before the first connection of the process)."""
    try:
        import pyodbc
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise StoreError(f"pyodbc is not installed ({exc}); install it with 'pip install pyodbc'") from exc
    if pyodbc.pooling:
        pyodbc.pooling = False
    return pyodbc


def python_bitness() -> int:
    return struct.calcsize("P") * 8


def driver_of(conn_str: str) -> str:
    m = re.search(r"(?:^|;)\s*driver\s*=\s*(\{[^}]*\}|[^;]*)", conn_str, re.I)
    return m.group(1).strip().strip("{}") if m else ""


def expand_template(template: str, site: str, site_path: Path | None) -> str:
    """Fill `{site_path}` / `{site}` without str.format: ODBC strings contain `{Driver name}` braces."""
    if "{site_path}" not in template and "{site}" not in template:
        raise StoreError("the ODBC connection string must contain {site_path} (or {site}) so that every site "
                         f"gets its own database: {template!r}")
    out = template.replace("{site}", site)
    if "{site_path}" in out:
        if site_path is None:
            raise StoreError("this ODBC connection string needs a file path ({site_path}) for the site")
        out = out.replace("{site_path}", str(site_path))
    return out


def redact(conn_str: str) -> str:
    return mask_odbc(conn_str)


def translate_odbc_error(exc: Exception, where: str, conn_str: str = "") -> StoreError:
    """pyodbc errors -> StoreBusy (retry later) / StoreError, naming a missing driver and our bitness."""
    text = " ".join(str(a) for a in getattr(exc, "args", ()) if a) or str(exc)
    sqlstate = str(exc.args[0]) if getattr(exc, "args", None) else ""
    if sqlstate == "IM002" or "Data source name not found" in text or "Can't open lib" in text \
            or ("file not found" in text.lower() and "driver" in text.lower()):
        driver = driver_of(conn_str) or "(no Driver= in the connection string)"
        try:
            installed = ", ".join(load_pyodbc().drivers()) or "none"
        except Exception:  # noqa: BLE001
            installed = "unknown"
        hint = ""
        if "access" in driver.lower():
            hint = (f" Install the Microsoft Access Database Engine (ACE) redistributable matching this "
                    f"{python_bitness()}-bit Python (a 32-bit Office needs a 32-bit Python and vice versa).")
        return StoreError(f"{where}: ODBC driver {driver!r} is not installed for this {python_bitness()}-bit "
                          f"Python (installed drivers: {installed}).{hint}")
    if _BUSY.search(text):
        return StoreBusy(f"{where} is locked by another program ({text})")
    return StoreError(f"{where}: {text}")


def dialect_for(dbms_name: str) -> Dialect:
    name = dbms_name.lower()
    if "sqlite" in name:
        return SQLITE
    if "access" in name:
        return ACCESS
    if "postgres" in name:
        return replace(POSTGRES, param="?")
    return ANSI


def catalog_tables(conn: Any) -> set[str]:
    """User tables through the driver's catalog (SQLTables), without Access's MSys* system tables."""
    cur = conn.cursor()
    return {str(r.table_name) for r in cur.tables(tableType="TABLE").fetchall()
            if not str(r.table_name).startswith("MSys")}


def catalog_indexes(conn: Any, tables: set[str]) -> set[tuple[str, tuple[str, ...]]]:
    """(table, lower-case columns in order) of every index, through SQLStatistics: the one index
    introspection of ODBC stores, for the writer's schema step and the maintenance audit alike."""
    out: set[tuple[str, tuple[str, ...]]] = set()
    for table in tables:
        cur = conn.cursor()
        columns: dict[str, list[tuple[int, str]]] = {}
        for r in cur.statistics(table).fetchall():
            if r.index_name is None or r.column_name is None:
                continue  # SQL_TABLE_STAT rows describe the table, not an index
            columns.setdefault(str(r.index_name), []).append((int(r.ordinal_position or 0), str(r.column_name)))
        for cols in columns.values():
            out.add((table, tuple(c.lower() for _, c in sorted(cols))))
    return out


def read_catalog(conn: Any) -> tuple[set[str], set[tuple[str, tuple[str, ...]]]]:
    """(tables, indexes) through the catalog functions, for the index audit; closes `conn`."""
    try:
        tables = catalog_tables(conn)
        return tables, catalog_indexes(conn, tables)
    finally:
        conn.close()


def connect_autocommit(template: str, site: str, path: Path | None, where: str) -> Any:
    """One autocommit connection for a maintenance call, with the driver's error in our words."""
    conn_str = expand_template(template, site, path)
    try:
        return load_pyodbc().connect(conn_str, autocommit=True)
    except Exception as exc:  # noqa: BLE001 - pyodbc.Error and driver-manager failures alike
        raise translate_odbc_error(exc, where, conn_str) from exc


class OdbcSiteStore(SqlSiteStore):
    """One site database through pyodbc; the dialect comes from the driver's SQL_DBMS_NAME.

    `bulk_threshold` > 0 switches the interface diff to the legacy staging path (section 3.2) when a
    host has at least that many new or changed ports: one INSERT per row into `InterfaceBulkSeed`, then
    set-based UPDATE/INSERT/history statements, instead of three row-wise statements per port.
    """

    def __init__(self, conn_str: str, location: str, max_interfaces_per_batch: int = 0, bulk_threshold: int = 0,
                 dialect: Dialect | None = None, pyodbc_module: Any = None) -> None:
        self.pyodbc: Any = pyodbc_module or load_pyodbc()
        self.pyodbc.pooling = False  # must precede the first connect; a no-op once set
        self.conn_str = conn_str
        try:
            conn = self.pyodbc.connect(conn_str, autocommit=False)
        except self.pyodbc.Error as exc:
            raise translate_odbc_error(exc, location, conn_str) from exc
        try:
            dbms = str(conn.getinfo(self.pyodbc.SQL_DBMS_NAME))
        except self.pyodbc.Error:
            dbms = ""
        self.dbms = dbms
        super().__init__(conn, dialect or dialect_for(dbms), location, max_interfaces_per_batch)
        self.bulk_threshold = bulk_threshold
        self.staged_batches = 0
        try:
            self.prepare_connection()
            self.ensure_schema()
        except self.pyodbc.Error as exc:
            self.rollback()
            self.close()
            raise translate_odbc_error(exc, location, conn_str) from exc

    def prepare_connection(self) -> None:
        """Driver-specific session settings (SQLite: WAL and synchronous=NORMAL like the stdlib store)."""
        if self.dialect.name == "sqlite":
            self.conn.autocommit = True
            try:
                cur = self.conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL").fetchall()
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA busy_timeout=5000")
            finally:
                self.conn.autocommit = False

    # -- introspection through the ODBC catalog functions ----------------------------------------
    def existing_tables(self) -> set[str]:
        return catalog_tables(self.conn)

    def table_columns(self, table: str) -> list[str]:
        cur = self.conn.cursor()
        return [str(r.column_name) for r in cur.columns(table=table).fetchall()]

    def existing_indexes(self) -> set[tuple[str, tuple[str, ...]]]:
        return catalog_indexes(self.conn, self.existing_tables())

    def date_param(self, text: str) -> Any:
        if self.dialect.datetime_type.upper() in ("DATETIME", "TIMESTAMP") and self.dialect.name != "sqlite":
            return datetime.strptime(text, RUN_DATE_FORMAT)
        return text

    # -- writes ------------------------------------------------------------------------------------
    def write_host(self, facts: Any, site: str, run_date: datetime, source: SourceStamp | None = None) -> Any:
        try:
            return super().write_host(facts, site, run_date, source)
        except self.pyodbc.Error as exc:
            raise translate_odbc_error(exc, self.location, self.conn_str) from exc

    def _apply_ports(self, cur: Any, plan: PortPlan) -> None:
        changed = len(plan.inserts) + len(plan.updates)
        if self.bulk_threshold <= 0 or changed < self.bulk_threshold:
            super()._apply_ports(cur, plan)
            return
        self._apply_ports_staged(cur, plan)

    def _apply_ports_staged(self, cur: Any, plan: PortPlan) -> None:
        """Legacy section 3.2 bulk path: stage new and changed ports under a BatchId, then one UPDATE
        (joined on Hostname + port key), one INSERT of the ports not yet stored and one history INSERT."""
        sql = staging_sql(self.dialect)
        batch = uuid.uuid4().hex
        if plan.deletes:
            cur.executemany(self._sql_delete_port, plan.deletes)
        rows = []
        for host, run_value, port, *values in plan.history:
            run_text = run_value.strftime(RUN_DATE_FORMAT) if isinstance(run_value, datetime) else str(run_value)
            rows.append((batch, host, run_text, run_value, port, *values))
        cur.executemany(sql.insert_seed, rows)
        if plan.updates:
            cur.execute(sql.update_from_seed, (batch,))
        if plan.inserts:
            cur.execute(sql.insert_from_seed, (batch,))
        cur.execute(sql.history_from_seed, (batch,))
        cur.execute(sql.clear_seed, (batch,))
        self.staged_batches += 1

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001 - closing a dead connection must not mask the real error
            pass


class StagingSql:
    """The statements of the staged diff for one dialect."""

    def __init__(self, insert_seed: str, update_from_seed: str, insert_from_seed: str, history_from_seed: str,
                 clear_seed: str) -> None:
        self.insert_seed = insert_seed
        self.update_from_seed = update_from_seed
        self.insert_from_seed = insert_from_seed
        self.history_from_seed = history_from_seed
        self.clear_seed = clear_seed


def staging_sql(d: Dialect) -> StagingSql:
    """Staged-diff SQL. Access spells UPDATE-with-join `UPDATE a INNER JOIN b ON ... SET ...`;
    SQLite (3.33+) and PostgreSQL use `UPDATE a SET ... FROM b WHERE ...`."""
    q, p = d.quote, d.param
    seed, itf, hist = q(BULK_SEED.name), q("Interfaces"), q("InterfaceHistory")
    seed_cols = [c.name for c in BULK_SEED.columns]
    insert_seed = (f"INSERT INTO {seed} ({', '.join(q(c) for c in seed_cols)}) "
                   f"VALUES ({d.placeholders(len(seed_cols))})")
    cols = ", ".join(q(c) for c in _PORT_COLUMNS)
    s_cols = ", ".join(f"s.{q(c)}" for c in _PORT_COLUMNS)
    if d.name == "access":
        # Access compares text case-insensitively, which is the legacy port-key rule.
        sets = ", ".join(f"i.{q(c)} = s.{q(c)}" for c in _PORT_COLUMNS)
        update = (f"UPDATE {itf} AS i INNER JOIN {seed} AS s ON (i.{q('Hostname')} = s.{q('Hostname')} "
                  f"AND i.{q('Port')} = s.{q('Port')}) SET {sets} WHERE s.{q('BatchId')} = {p}")
        match = f"i.{q('Hostname')} = s.{q('Hostname')} AND i.{q('Port')} = s.{q('Port')}"
    else:
        sets = ", ".join(f"{q(c)} = s.{q(c)}" for c in _PORT_COLUMNS)
        update = (f"UPDATE {itf} SET {sets} FROM {seed} AS s WHERE s.{q('BatchId')} = {p} "
                  f"AND lower(trim({itf}.{q('Port')})) = lower(trim(s.{q('Port')})) "
                  f"AND {itf}.{q('Hostname')} = s.{q('Hostname')}")
        match = (f"i.{q('Hostname')} = s.{q('Hostname')} "
                 f"AND lower(trim(i.{q('Port')})) = lower(trim(s.{q('Port')}))")
    insert = (f"INSERT INTO {itf} ({q('Hostname')}, {q('Port')}, {cols}) "
              f"SELECT s.{q('Hostname')}, s.{q('Port')}, {s_cols} FROM {seed} AS s "
              f"LEFT JOIN {itf} AS i ON ({match}) WHERE s.{q('BatchId')} = {p} AND i.{q('ID')} IS NULL")
    history = (f"INSERT INTO {hist} ({q('Hostname')}, {q('RunDate')}, {q('Port')}, {cols}) "
               f"SELECT s.{q('Hostname')}, s.{q('RunDate')}, s.{q('Port')}, {s_cols} FROM {seed} AS s "
               f"WHERE s.{q('BatchId')} = {p}")
    clear = f"DELETE FROM {seed} WHERE {q('BatchId')} = {p}"
    return StagingSql(insert_seed, update, insert, history, clear)


def open_odbc_store(template: str, site: str, path: Path | None, max_interfaces_per_batch: int = 0,
                    bulk_threshold: int = 0) -> OdbcSiteStore:
    conn_str = expand_template(template, site, path)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return OdbcSiteStore(conn_str, str(path) if path is not None else redact(conn_str), max_interfaces_per_batch,
                         bulk_threshold)


__all__ = [
    "OdbcSiteStore",
    "catalog_indexes",
    "catalog_tables",
    "connect_autocommit",
    "dialect_for",
    "expand_template",
    "load_pyodbc",
    "open_odbc_reader",
    "open_odbc_store",
    "python_bitness",
    "read_catalog",
    "staging_sql",
    "translate_odbc_error",
]


def read_sources(template: str, site: str, path: Path | None) -> SourceMap:
    """Recorded slices of one site's hosts through the driver; a missing file or table reads as empty."""
    if path is not None and not path.is_file():
        return {}
    try:
        pyodbc = load_pyodbc()
        conn = pyodbc.connect(expand_template(template, site, path), autocommit=True)
    except Exception:  # noqa: BLE001 - the writer reports what is wrong when it opens the site
        return {}
    try:
        cur = conn.cursor()
        q = dialect_for(str(conn.getinfo(pyodbc.SQL_DBMS_NAME))).quote
        rows = cur.execute(f"SELECT {q('Hostname')}, {q('FileHash')}, {q('SourceLength')} FROM {q('HostSource')}"
                           ).fetchall()
    except Exception:  # noqa: BLE001
        return {}
    finally:
        conn.close()
    return {str(h).lower(): (str(f or "").lower(), int(n or 0)) for h, f, n in rows}


def open_odbc_reader(template: str, site: str, path: Path | None, location: str = "") -> SiteReader:
    """A read-only reader on one site through the driver (`readonly=True`: no write lock is taken)."""
    if path is not None and not path.is_file():
        raise StoreError(f"site {site}: no database at {path}")
    conn_str = expand_template(template, site, path)
    pyodbc = load_pyodbc()
    try:
        conn = pyodbc.connect(conn_str, autocommit=True, readonly=True)
    except Exception as exc:  # noqa: BLE001 - pyodbc.Error and driver-manager failures alike
        raise translate_odbc_error(exc, str(path or site), conn_str) from exc
    dialect = dialect_for(str(conn.getinfo(pyodbc.SQL_DBMS_NAME)))
    return SiteReader(site, str(path) if path is not None else (location or redact(conn_str)), dialect, conn)
