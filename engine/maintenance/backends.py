"""What maintenance needs from a database backend, and the SQLite and PostgreSQL implementations.

A backend answers a handful of questions (size and reclaimable space, integrity, indexes) and does a
handful of things (copy, compact, create an index). The step modules only talk to this interface, so
the Access backend (`engine.maintenance.access`) and a PostgreSQL connection supplied by the stores
code plug in without the steps knowing about DAO or psycopg. A backend raises `Unsupported` for what
it cannot do; the step then reports "skipped" with that reason. The shared types live in
`engine.store.backend` (re-exported here for the steps).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from engine.store.backend import (
    IndexKey,
    MaintenanceBackend,
    SiteTarget,
    SpaceInfo,
    StoreBackend,
    Unsupported,
)
from engine.store.base import StoreBusy, StoreConfig, StoreError
from engine.store.dialect import POSTGRES, SQLITE
from engine.store.read import file_bytes
from engine.store.schema import Index
from engine.store.sqlite import table_indexes, translate_sqlite_error
from engine.store.sqlite_file import sqlite_header_problems

__all__ = ["IndexKey", "MaintenanceBackend", "PostgresBackend", "SiteTarget", "SpaceInfo", "SqliteBackend", "StoreBackend",
           "Unsupported", "backends_for_store", "register_backend", "registered_backends", "unregister_backend"]


# -- SQLite -------------------------------------------------------------------------------------------

@contextlib.contextmanager
def _connect(path: Path, timeout: float = 5.0) -> Iterator[sqlite3.Connection]:
    if not path.is_file():
        raise StoreError(f"{path} does not exist")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=timeout)
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, path) from exc
    try:
        yield conn
    finally:
        conn.close()


SLACK_RECLAIMED = 0.25  # of dbstat's in-page unused bytes, what VACUUM gave back on churned sites


class SqliteBackend:
    name = "sqlite"
    suffix = ".sqlite"
    dialect = SQLITE

    def __init__(self, busy_timeout: float = 5.0) -> None:
        self.busy_timeout = busy_timeout

    def sites(self) -> Iterable[str]:
        return ()

    @staticmethod
    def _path(target: SiteTarget) -> Path:
        assert target.path is not None
        return target.path

    def space(self, target: SiteTarget, thorough: bool = False) -> SpaceInfo:
        """Size of the file plus its WAL (`engine.store.read.file_bytes`, the size every view shows);
        reclaimable = free-list pages, plus (thorough) the share of the unused bytes inside b-tree pages
        (dbstat) that VACUUM gives back. VACUUM repacks pages but leaves most in-page slack (rebuilt
        b-trees are not full either): counting all of it predicted 8-14 % where VACUUM gave 1-3 %, so
        SLACK_RECLAIMED, measured on churned loadgen sites, scales it (docs/performance.md)."""
        path = self._path(target)
        size = file_bytes(path)
        try:
            with _connect(path, self.busy_timeout) as conn:
                page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
                free = int(conn.execute("PRAGMA freelist_count").fetchone()[0]) * page_size
                reclaimable = free
                if thorough:
                    with contextlib.suppress(sqlite3.OperationalError):  # no dbstat in this build
                        row = conn.execute("SELECT SUM(unused) FROM dbstat WHERE aggregate = 1").fetchone()
                        reclaimable += int(int(row[0] or 0) * SLACK_RECLAIMED)
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, path) from exc
        return SpaceInfo(size, reclaimable, free)

    def backup(self, target: SiteTarget, dest: Path) -> None:
        """The online backup API: a consistent copy page by page, even while readers are active."""
        path = self._path(target)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            with _connect(path, self.busy_timeout) as src:
                out = sqlite3.connect(str(dest))
                try:
                    src.backup(out, pages=4096)
                    out.execute("PRAGMA journal_mode=DELETE")
                finally:
                    out.close()
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, path) from exc

    def restore_in_place(self, target: SiteTarget, backup: Path) -> None:
        """Copy `backup` into the live file through the backup API, so connections other processes
        keep open (an idle ingestion writer) see the restored content instead of writing on into a
        renamed file. Fails on a file SQLite cannot open at all; the caller then swaps files."""
        path = self._path(target)
        try:
            with _connect(backup, self.busy_timeout) as src, _connect(path, self.busy_timeout) as dst:
                src.backup(dst, pages=4096)
                dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, path) from exc

    def verify_copy(self, path: Path) -> list[str]:
        return self._check(path, quick=False)

    def integrity(self, target: SiteTarget, quick: bool = False) -> list[str]:
        return self._check(self._path(target), quick)

    def _check(self, path: Path, quick: bool) -> list[str]:
        problems = sqlite_header_problems(path)
        if problems:
            return problems
        pragma = "quick_check" if quick else "integrity_check"
        try:
            with _connect(path, self.busy_timeout) as conn:
                rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}(100)").fetchall()]
        except sqlite3.Error as exc:
            error = translate_sqlite_error(exc, path)
            if isinstance(error, StoreBusy):
                raise error from exc
            return [str(error)]
        return [] if rows == ["ok"] else rows

    def compact_unavailable(self) -> str:
        return ""

    def compact(self, target: SiteTarget, backup: Path | None) -> None:
        """VACUUM, then ANALYZE for the planner, then a truncating checkpoint so the file really shrinks
        (in WAL mode the rewritten pages sit in the -wal file until then)."""
        path = self._path(target)
        try:
            with _connect(path, self.busy_timeout) as conn:
                conn.execute("VACUUM")
                conn.execute("ANALYZE")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, path) from exc

    def indexes(self, target: SiteTarget) -> tuple[set[str], set[IndexKey]]:
        path = self._path(target)
        tables: set[str] = set()
        found: set[IndexKey] = set()
        try:
            with _connect(path, self.busy_timeout) as conn:
                for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                    tables.add(str(table))
                found = table_indexes(conn)
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, path) from exc
        return tables, found

    def create_index(self, target: SiteTarget, index: Index) -> None:
        path = self._path(target)
        try:
            with _connect(path, self.busy_timeout) as conn:
                conn.execute(self.dialect.create_index(index))
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, path) from exc


# -- PostgreSQL ---------------------------------------------------------------------------------------

Execute = Callable[[str, str], Sequence[Sequence[Any]]]


class PostgresBackend:
    """Maintenance of PostgreSQL site databases through a callable the stores code supplies.

    `execute(site, sql)` runs one statement in autocommit mode (VACUUM refuses a transaction) with the
    site's schema/database selected, and returns the rows (empty for statements without any).
    `list_sites()` names the sites the server holds. With the server's `dsn`: backups are `pg_dump` of
    the site's schema (a COPY export when no client can dump this server), restorable with `restore`;
    integrity runs amcheck's `bt_index_check` where the extension can be used. Compaction is
    `VACUUM (ANALYZE)`, which does not block writers, then `REINDEX CONCURRENTLY` of the indexes
    pgstattuple finds bloated (leaf pages under half full).
    """

    name = "postgresql"
    suffix = ""
    dialect = POSTGRES

    def __init__(self, execute: Execute, list_sites: Callable[[], Iterable[str]], dsn: str = "") -> None:
        self.execute = execute
        self.list_sites = list_sites
        self.dsn = dsn
        self.reindexed: list[str] = []  # by the last compaction

    def sites(self) -> Iterable[str]:
        return list(self.list_sites())

    def space(self, target: SiteTarget, thorough: bool = False) -> SpaceInfo:
        rows = self.execute(target.site, (
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0), "
            "COALESCE(SUM(s.n_dead_tup::float8 / NULLIF(s.n_live_tup + s.n_dead_tup, 0) "
            "* pg_relation_size(c.oid)), 0) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'"))
        size, dead = (int(rows[0][0] or 0), int(rows[0][1] or 0)) if rows else (0, 0)
        return SpaceInfo(size, dead, dead)

    def backup_suffix(self) -> str:
        from engine.store.postgres_backup import COPY_SUFFIX, DUMP_SUFFIX, client_tool

        if not self.dsn:
            raise Unsupported("no server connection string to back up from (Store.Dsn)")
        return DUMP_SUFFIX if client_tool("pg_dump") else COPY_SUFFIX

    def backup(self, target: SiteTarget, dest: Path) -> str:
        """Dump the site's schema to `dest`; returns the suffix of the format written."""
        from engine.store.postgres import site_schema
        from engine.store.postgres_backup import dump_site

        if not self.dsn:
            raise Unsupported("no server connection string to back up from (Store.Dsn)")
        dest.parent.mkdir(parents=True, exist_ok=True)
        return dump_site(self.dsn, site_schema(target.site), dest)

    def verify_copy(self, path: Path) -> list[str]:
        from engine.store.postgres_backup import verify_backup

        return verify_backup(path)

    def restore(self, target: SiteTarget, backup: Path) -> None:
        from engine.store.postgres import site_schema
        from engine.store.postgres_backup import restore_backup

        if not self.dsn:
            raise Unsupported("no server connection string to restore into (Store.Dsn)")
        restore_backup(self.dsn, site_schema(target.site), backup)

    def integrity(self, target: SiteTarget, quick: bool = False) -> list[str]:
        from engine.store.postgres_backup import amcheck_findings

        try:
            self.execute(target.site, "SELECT COUNT(*) FROM \"DeviceSummary\"")
        except Exception as exc:  # noqa: BLE001 - any driver error is the finding
            return [f"{target.label}: {exc}"]
        if quick or not self.dsn:
            return []
        findings = amcheck_findings(self.execute, target.site)
        return [f"{target.label}: {f}" for f in findings or []]

    def compact_unavailable(self) -> str:
        return ""

    def compact(self, target: SiteTarget, backup: Path | None) -> None:
        from engine.store.postgres_backup import bloated_indexes

        self.execute(target.site, "VACUUM (ANALYZE)")
        self.reindexed = bloated_indexes(self.execute, target.site) if self.dsn else []
        for name in self.reindexed:
            self.execute(target.site, f'REINDEX INDEX CONCURRENTLY "{name}"')

    def indexes(self, target: SiteTarget) -> tuple[set[str], set[IndexKey]]:
        tables = {str(r[0]) for r in self.execute(
            target.site, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
        found: set[IndexKey] = set()
        rows = self.execute(target.site, (
            "SELECT t.relname, array_to_string(ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o) "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o), ',') "
            "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace "
            "WHERE s.nspname = current_schema()"))
        for table, cols in rows:
            found.add((str(table), tuple(c.lower() for c in str(cols).split(",") if c)))
        return tables, found

    def create_index(self, target: SiteTarget, index: Index) -> None:
        self.execute(target.site, self.dialect.create_index(index))


# -- registry -----------------------------------------------------------------------------------------

_REGISTRY: dict[str, MaintenanceBackend] = {}


def register_backend(backend: MaintenanceBackend) -> None:
    """Plug in (or replace) a backend, e.g. `register_backend(PostgresBackend(execute, list_sites))`."""
    _REGISTRY[backend.name] = backend


def unregister_backend(name: str) -> None:
    _REGISTRY.pop(name, None)


def backends_for_store(config: StoreConfig) -> dict[str, MaintenanceBackend]:
    """The workspace store's maintenance: the file backends always (site files of either kind found in
    data/), plus the server the store names, so `maintain` and the Maintenance tab reach PostgreSQL sites."""
    backends = registered_backends()
    if config.backend == "postgresql" and config.dsn and "postgresql" not in backends:
        from engine.store.postgres import MaintenanceSession

        session = MaintenanceSession(config.dsn)
        backends["postgresql"] = PostgresBackend(session.execute, session.sites, config.dsn)
    return backends


def registered_backends() -> dict[str, MaintenanceBackend]:
    if "sqlite" not in _REGISTRY:
        _REGISTRY["sqlite"] = SqliteBackend()
    if "access" not in _REGISTRY:
        from engine.maintenance.access import AccessBackend

        _REGISTRY["access"] = AccessBackend()
    return dict(_REGISTRY)
