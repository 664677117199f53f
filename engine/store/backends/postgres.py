"""PostgreSQL: one schema per site (`site_<name>`) on the workspace's server (`Store.Dsn`).

One autocommit session serves reading and maintenance (VACUUM refuses a transaction); each statement
runs with the site's schema on the search path. Writers open their own connection per site
(`PostgresSiteStore`), so a long view query never holds up a commit. Backups are `pg_dump` of the
site's schema (a COPY export when no client can dump this server), restorable with `restore`;
integrity runs amcheck's `bt_index_check` where the extension can be used; compaction is
`VACUUM (ANALYZE)`, which does not block writers, then `REINDEX CONCURRENTLY` of the indexes
pgstattuple finds bloated (leaf pages under half full).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine.store.backends.base import IndexKey, SiteTarget, SpaceInfo, Unsupported
from engine.store.base import SiteStore, SourceMap, StoreConfig, StoreError
from engine.store.dialect import POSTGRES
from engine.store.schema import Index
from engine.store.site_reader import SiteEntry, SiteReader
from engine.workspace import Workspace

_SITES = (
    "SELECT t.table_schema, COALESCE((SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = t.table_schema AND c.relkind = 'r'), 0) "
    "FROM information_schema.tables t WHERE t.table_name = 'DeviceSummary' "
    "AND t.table_schema LIKE 'site\\_%' ORDER BY 1")
_SPACE = (
    "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0), "
    "COALESCE(SUM(s.n_dead_tup::float8 / NULLIF(s.n_live_tup + s.n_dead_tup, 0) * pg_relation_size(c.oid)), 0) "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
    "WHERE n.nspname = current_schema() AND c.relkind = 'r'")


class PostgresBackend:
    name = "postgresql"
    suffix = ""
    keeps_readers = False
    dialect = POSTGRES

    def __init__(self, config: StoreConfig) -> None:
        if not config.dsn:
            raise StoreError("the postgresql store needs a DSN (Store.Dsn in the settings, or --dsn)")
        self.config = config
        self.dsn = config.dsn
        self._conn: Any = None
        self.reindexed: list[str] = []  # by the last compaction

    def _connection(self) -> Any:
        if self._conn is None or self._conn.closed or getattr(self._conn, "broken", False):
            from engine.store.postgres import connect

            self._conn = connect(self.dsn, autocommit=True, connect_timeout=5, application_name="statetrace session")
        return self._conn

    def execute(self, site: str, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """One statement in the site's schema, autocommit; the rows (empty for statements without any)."""
        from engine.store.postgres import site_schema

        with self._connection().cursor() as cur:
            cur.execute(f'SET search_path TO "{site_schema(site)}"')
            cur.execute(statement, tuple(params) or None)
            return [tuple(r) for r in cur.fetchall()] if cur.description else []

    # -- sites and reading -------------------------------------------------------------------------
    def sites(self, workspace: Workspace | None = None) -> list[SiteEntry]:
        """Schemas holding a DeviceSummary, named by its Site column (as the writer stored it), with the
        size of their tables and indexes."""
        from engine.store.postgres import site_schema

        conn = self._connection()
        out: list[SiteEntry] = []
        where = self.config.describe()
        for schema, size in conn.execute(_SITES).fetchall():
            named = conn.execute(f'SELECT "Site" FROM "{schema}"."DeviceSummary" WHERE "Site" <> \'\' LIMIT 1'
                                 ).fetchone()
            if named and site_schema(str(named[0])) == schema:
                out.append(SiteEntry(str(named[0]), f"{where} schema {schema}", None, int(size or 0)))
        return sorted(out, key=lambda e: e.site.lower())

    def open_reader(self, site: str, path: Path | None = None) -> SiteReader:
        from engine.store.postgres import site_schema

        schema = site_schema(site)
        conn = self._connection()
        if conn.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s",
                        (schema,)).fetchone() is None:
            raise StoreError(f"site {site}: {self.config.describe()} has no schema {schema}")
        return SiteReader(site, f"{self.config.describe()} schema {schema}", POSTGRES, conn,
                          owns_connection=False, schema=schema)

    def stored_sources(self, site: str, path: Path | None = None) -> SourceMap:
        from engine.store.postgres import read_sources

        return read_sources(self.dsn, site)

    def all_stored_sources(self, site_files: dict[str, Path]) -> SourceMap:
        """Every schema's, on one connection."""
        from engine.store.postgres import read_sources

        return read_sources(self.dsn)

    # -- writing -----------------------------------------------------------------------------------
    def open_site(self, site: str, path: Path | None = None) -> SiteStore:
        from engine.store.postgres import PostgresSiteStore

        return PostgresSiteStore(self.dsn, site, self.config.max_interfaces_per_batch, job_id=self.config.job_id)

    # -- maintenance -------------------------------------------------------------------------------
    def space(self, target: SiteTarget, thorough: bool = False) -> SpaceInfo:
        rows = self.execute(target.site, _SPACE)
        size, dead = (int(rows[0][0] or 0), int(rows[0][1] or 0)) if rows else (0, 0)
        return SpaceInfo(size, dead, dead)

    def backup_suffix(self) -> str:
        from engine.store.postgres_backup import COPY_SUFFIX, DUMP_SUFFIX, client_tool

        return DUMP_SUFFIX if client_tool("pg_dump") else COPY_SUFFIX

    def backup(self, target: SiteTarget, dest: Path) -> str:
        """Dump the site's schema to `dest`; returns the suffix of the format written."""
        from engine.store.postgres import site_schema
        from engine.store.postgres_backup import dump_site

        dest.parent.mkdir(parents=True, exist_ok=True)
        return dump_site(self.dsn, site_schema(target.site), dest)

    def verify_copy(self, path: Path) -> list[str]:
        from engine.store.postgres_backup import verify_backup

        return verify_backup(path)

    def restore(self, target: SiteTarget, backup: Path) -> None:
        from engine.store.postgres import site_schema
        from engine.store.postgres_backup import restore_backup

        restore_backup(self.dsn, site_schema(target.site), backup)

    def integrity(self, target: SiteTarget, quick: bool = False) -> list[str]:
        from engine.store.postgres_backup import amcheck_findings

        try:
            self.execute(target.site, 'SELECT COUNT(*) FROM "DeviceSummary"')
        except Exception as exc:  # noqa: BLE001 - any driver error is the finding
            return [f"{target.label}: {exc}"]
        if quick:
            return []
        findings = amcheck_findings(self.execute, target.site)
        return [f"{target.label}: {f}" for f in findings or []]

    def compact_unavailable(self) -> str:
        return ""

    def compact(self, target: SiteTarget, backup: Path | None) -> None:
        from engine.store.postgres_backup import bloated_indexes

        self.execute(target.site, "VACUUM (ANALYZE)")
        self.reindexed = bloated_indexes(self.execute, target.site)
        for name in self.reindexed:
            self.execute(target.site, f'REINDEX INDEX CONCURRENTLY "{name}"')

    def indexes(self, target: SiteTarget) -> tuple[set[str], set[IndexKey]]:
        """The writer's own introspection (`table_names`, `index_keys`), on the session."""
        from engine.store.postgres import INDEX_KEYS_SQL, TABLE_NAMES_SQL, site_schema

        schema = site_schema(target.site)
        tables = {str(r[0]) for r in self.execute(target.site, TABLE_NAMES_SQL, (schema,))}
        found = {(str(t), tuple(str(c).lower() for c in cols))
                 for t, cols in self.execute(target.site, INDEX_KEYS_SQL, (schema,))}
        return tables, found

    def create_index(self, target: SiteTarget, index: Index) -> None:
        self.execute(target.site, self.dialect.create_index(index))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


__all__ = ["PostgresBackend", "Unsupported"]
