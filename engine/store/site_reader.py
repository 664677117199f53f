"""One site's database, read-only: the SQL a view runs, in the backend's spelling.

Queries are written once, in the SQLite spelling: "double-quoted" identifiers and `?` parameters. The
reader rewrites them for the backend (`%s` for psycopg, `[brackets]` for Access). Literals always go in
parameters, so the rewrite never meets a quote or question mark inside a string.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.store.dialect import ACCESS, SQLITE, Dialect

Row = tuple[Any, ...]
_IDENT = re.compile(r'"((?:[^"]|"")*)"')
_LOWER = re.compile(r"\blower\(", re.I)
_LIMIT = re.compile(r"\s+LIMIT\s+(\?|\d+)\s*$", re.I)
_SELECT = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+)?", re.I)


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
        """The statement in this backend's spelling (identifiers, functions and parameter marks)."""
        if self.dialect.name == "access":
            statement = _IDENT.sub(lambda m: ACCESS.quote(m.group(1).replace('""', '"')), statement)
            statement = _LOWER.sub("LCASE(", statement)
        if self.dialect.param != "?":
            statement = statement.replace("?", self.dialect.param)
        return statement

    def prepare(self, statement: str, params: Sequence[Any] = ()) -> tuple[str, tuple[Any, ...]]:
        """Statement and parameters as the backend takes them. Access has no LIMIT: a trailing
        `LIMIT ?` (or `LIMIT 5`) becomes `SELECT TOP n`, with n a literal (TOP takes no parameter)."""
        values = tuple(params)
        if self.dialect.name == "access":
            found = _LIMIT.search(statement)
            if found is not None:
                if found.group(1) == "?":
                    count, values = int(values[-1]), values[:-1]
                else:
                    count = int(found.group(1))
                statement = _SELECT.sub(lambda m: f"{m.group(0)}TOP {max(count, 1)} ",
                                        statement[:found.start()], count=1)
        return self.sql(statement), values

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        """All rows of a query; a missing table reads as no rows only through `has_table` first."""
        sql, values = self.prepare(statement, params)
        cur = self._conn.cursor()
        try:
            if self._schema:
                cur.execute(f'SET search_path TO "{self._schema}"')
            cur.execute(sql, values)
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


__all__ = ["Row", "SiteEntry", "SiteReader", "file_bytes"]
