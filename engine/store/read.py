"""Reading a workspace's store, whichever backend it is: its sites, their sizes, and SQL on one site.

Everything that shows data (site tree, Devices tab, Maintenance tab, analyst views, CLI queries) reads
through `open_store_reader(config, workspace)`, so none of it knows whether the sites are SQLite files,
Access files through ACE, any ODBC driver, or schemas on a PostgreSQL server.

Queries are written once, in the SQLite spelling: "double-quoted" identifiers and `?` parameters. The
reader rewrites them for the backend (`%s` for psycopg, `[brackets]` for Access). Literals always go in
parameters, so the rewrite never meets a quote or question mark inside a string. File databases are
opened read-only, so a reader never takes the write lock and ingestion never waits for a view.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from engine.store.base import StoreConfig, StoreError
from engine.store.dialect import ACCESS, POSTGRES, SQLITE, Dialect
from engine.workspace import Workspace

Row = tuple[Any, ...]
_IDENT = re.compile(r'"((?:[^"]|"")*)"')


@dataclass(frozen=True, slots=True)
class SiteEntry:
    """One site as the store holds it; `path` is None on server backends, `size_bytes` None when unknown."""

    site: str
    location: str
    path: Path | None = None
    size_bytes: int | None = None


def file_bytes(path: Path) -> int:
    """A site file's size as users see it grow: the database plus its write-ahead log (SQLite WAL mode
    keeps recent commits there until a checkpoint). The one size function of file stores."""
    total = 0
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            total += part.stat().st_size
        except OSError:
            pass
    return total


class _Connection(Protocol):
    def close(self) -> None: ...


class SiteReader:
    """Read-only SQL on one site's database. Not shared between threads (each view opens its own)."""

    def __init__(self, site: str, location: str, dialect: Dialect, conn: Any, *, owns_connection: bool = True,
                 schema: str = "") -> None:
        self.site = site
        self.location = location
        self.dialect = dialect
        self._conn = conn
        self._owns = owns_connection
        self._schema = schema
        self._columns: dict[str, list[str]] = {}

    def sql(self, statement: str) -> str:
        """The statement in this backend's spelling (identifiers and parameter marks)."""
        if self.dialect.name == "access":
            statement = _IDENT.sub(lambda m: ACCESS.quote(m.group(1).replace('""', '"')), statement)
        if self.dialect.param != "?":
            statement = statement.replace("?", self.dialect.param)
        return statement

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        """All rows of a query; a missing table reads as no rows only through `has_table` first."""
        cur = self._conn.cursor()
        try:
            if self._schema:
                cur.execute(f'SET search_path TO "{self._schema}"')
            cur.execute(self.sql(statement), tuple(params))
            return [tuple(r) for r in cur.fetchall()]
        finally:
            cur.close()

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        found = self.rows(statement, params)
        return found[0][0] if found else None

    def columns(self, table: str) -> list[str]:
        """The table's columns as the database has them ([] when the table is missing): an old site
        database may predate a column, and views show what is there."""
        if table not in self._columns:
            self._columns[table] = self._read_columns(table)
        return self._columns[table]

    def has_table(self, table: str) -> bool:
        return bool(self.columns(table))

    def _read_columns(self, table: str) -> list[str]:
        if self.dialect.name == "sqlite" and isinstance(self._conn, sqlite3.Connection):
            return [str(r[1]) for r in self._conn.execute(f"PRAGMA table_info({SQLITE.quote(table)})")]
        if self.dialect.name == "postgresql":
            return [str(r[0]) for r in self.rows(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = ? ORDER BY ordinal_position", (table,))]
        cur = self._conn.cursor()
        try:  # ODBC: the driver's catalog
            return [str(r.column_name) for r in cur.columns(table=table)]
        except Exception:  # noqa: BLE001 - a driver without catalog functions: probe the table
            try:
                cur.execute(self.sql(f'SELECT * FROM "{table}" WHERE 1 = 0'))
                return [str(d[0]) for d in cur.description or ()]
            except Exception:  # noqa: BLE001 - no such table
                return []
        finally:
            cur.close()

    def close(self) -> None:
        if self._owns:
            self._conn.close()

    def __enter__(self) -> SiteReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StoreReader:
    """The workspace's store, read-only: which sites it holds, how big they are, and a reader per site."""

    def __init__(self, config: StoreConfig, workspace: Workspace) -> None:
        self.config = config
        self.workspace = workspace
        self._pg: Any = None
        self._readers: dict[str, tuple[tuple[int, int], SiteReader]] = {}

    # -- sites ---------------------------------------------------------------------------------------
    def sites(self) -> list[SiteEntry]:
        """Every site the store holds, sorted by name (server stores list their schemas)."""
        if self.config.backend == "postgresql":
            return self._pg_sites()
        suffix = self.config.suffix
        if not suffix:  # an ODBC string naming a server database per {site}: the workspace's history knows
            sites = sorted(p.stem for p in self.workspace.history_dir.glob("*.json")) \
                if self.workspace.history_dir.is_dir() else []
            return [SiteEntry(s, self.config.describe()) for s in sites]
        found = self.workspace.site_databases(suffix)
        return [SiteEntry(site, str(path), path, file_bytes(path)) for site, path in sorted(found.items())]

    def site_path(self, site: str) -> Path | None:
        """Where a file store keeps the site (whether or not it exists yet); None on a server store."""
        suffix = self.config.suffix
        return self.workspace.db_path(site, suffix) if suffix else None

    def exists(self, site: str) -> bool:
        path = self.site_path(site)
        if path is not None:
            return path.is_file()
        return any(e.site == site for e in self.sites())

    def size_bytes(self, site: str) -> int | None:
        path = self.site_path(site)
        if path is not None:
            return file_bytes(path) if path.is_file() else None
        for entry in self._pg_sites() if self.config.backend == "postgresql" else ():
            if entry.site == site:
                return entry.size_bytes
        return None

    # -- one site ------------------------------------------------------------------------------------
    def open_site(self, site: str) -> SiteReader:
        """A reader on one site; StoreError when the store does not hold it or cannot be reached."""
        backend = self.config.backend
        if backend == "sqlite":
            path = self.workspace.db_path(site, ".sqlite")
            if not path.is_file():
                raise StoreError(f"site {site}: no database at {path}")
            try:
                conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0,
                                       check_same_thread=False)
                conn.execute("PRAGMA query_only=1")
            except sqlite3.Error as exc:
                raise StoreError(f"{path}: {exc}") from exc
            return SiteReader(site, str(path), SQLITE, conn)
        if backend == "postgresql":
            from engine.store.postgres import site_schema

            schema = site_schema(site)
            conn = self._pg_connection()
            if conn.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s",
                            (schema,)).fetchone() is None:
                raise StoreError(f"site {site}: {self.config.describe()} has no schema {schema}")
            return SiteReader(site, f"{self.config.describe()} schema {schema}", POSTGRES, conn,
                              owns_connection=False, schema=schema)
        if backend in ("odbc", "access"):
            return self._odbc_site(site)
        raise StoreError(f"unknown or unavailable backend {backend!r}")

    @contextmanager
    def site(self, site: str) -> Iterator[SiteReader]:
        """A reader on one site for the block. SQLite readers stay open between blocks (a search over 20
        sites would otherwise spend most of its time connecting), until the file is replaced (a restore)
        or the store reader closes; the store reader must then be used by one thread at a time."""
        if self.config.backend == "sqlite":
            yield self._cached_sqlite(site)
            return
        reader = self.open_site(site)
        try:
            yield reader
        finally:
            reader.close()

    def _cached_sqlite(self, site: str) -> SiteReader:
        path = self.workspace.db_path(site, ".sqlite")
        try:
            st = path.stat()
            identity = (st.st_dev, st.st_ino)
        except OSError:
            identity = (0, 0)
        cached = self._readers.get(site)
        if cached is not None and cached[0] == identity:
            return cached[1]
        if cached is not None:
            cached[1].close()
            del self._readers[site]
        reader = self.open_site(site)
        self._readers[site] = (identity, reader)
        return reader

    def close(self) -> None:
        for _identity, reader in self._readers.values():
            reader.close()
        self._readers.clear()
        if self._pg is not None:
            self._pg.close()
            self._pg = None

    def __enter__(self) -> StoreReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- backends ------------------------------------------------------------------------------------
    def _odbc_site(self, site: str) -> SiteReader:
        from engine.store.access import ACE_DRIVER
        from engine.store.odbc import dialect_for, expand_template, load_pyodbc, translate_odbc_error

        template = self.config.odbc or f"Driver={{{ACE_DRIVER}}};DBQ={{site_path}};"
        path = self.site_path(site)
        if path is not None and not path.is_file():
            raise StoreError(f"site {site}: no database at {path}")
        conn_str = expand_template(template, site, path)
        pyodbc = load_pyodbc()
        try:
            conn = pyodbc.connect(conn_str, autocommit=True, readonly=True)
        except Exception as exc:  # noqa: BLE001 - pyodbc.Error and driver-manager failures alike
            raise translate_odbc_error(exc, str(path or site), conn_str) from exc
        dialect = dialect_for(str(conn.getinfo(pyodbc.SQL_DBMS_NAME)))
        return SiteReader(site, str(path) if path is not None else self.config.describe(), dialect, conn)

    def _pg_connection(self) -> Any:
        if self._pg is None or self._pg.closed or getattr(self._pg, "broken", False):
            if not self.config.dsn:
                raise StoreError("the postgresql store needs a DSN (Store.Dsn in the settings, or --dsn)")
            from engine.store.postgres import connect

            self._pg = connect(self.config.dsn, autocommit=True, connect_timeout=5,
                               application_name="statetrace reader")
        return self._pg

    def _pg_sites(self) -> list[SiteEntry]:
        """Schemas holding a DeviceSummary, named by its Site column (as the writer stored it), with the
        size of their tables and indexes."""
        from engine.store.postgres import site_schema

        conn = self._pg_connection()
        rows = conn.execute(
            "SELECT t.table_schema, COALESCE((SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = t.table_schema AND c.relkind = 'r'), 0) "
            "FROM information_schema.tables t WHERE t.table_name = 'DeviceSummary' "
            "AND t.table_schema LIKE 'site\\_%' ORDER BY 1").fetchall()
        out: list[SiteEntry] = []
        where = self.config.describe()
        for schema, size in rows:
            named = conn.execute(f'SELECT "Site" FROM "{schema}"."DeviceSummary" WHERE "Site" <> \'\' LIMIT 1'
                                 ).fetchone()
            if named and site_schema(str(named[0])) == schema:
                out.append(SiteEntry(str(named[0]), f"{where} schema {schema}", None, int(size or 0)))
        return sorted(out, key=lambda e: e.site.lower())


def open_store_reader(config: StoreConfig, workspace: Workspace) -> StoreReader:
    """The workspace's store for reading; connecting happens on first use (so it can be built anywhere)."""
    return StoreReader(config, workspace)


__all__ = ["Row", "SiteEntry", "SiteReader", "StoreReader", "file_bytes", "open_store_reader"]
