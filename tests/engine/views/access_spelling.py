"""A SQLite site database behind an Access-spelled reader: every statement the views send must be one
Access accepts (no LIMIT, no "double-quoted" names, no lower()), and it runs on the real data.

Access itself runs only on Windows; this proves the spelling on every CI run. The connection checks what
Access would reject, then maps `SELECT TOP n` back to SQLite's `LIMIT n` (brackets and LCASE SQLite takes
as they are, LCASE as a registered function) so the views' results are checked too.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from engine.store.dialect import ACCESS
from engine.store.read import StoreReader
from engine.store.site_reader import SiteReader

_TOP = re.compile(r"^(\s*SELECT\s+(?:DISTINCT\s+)?)TOP (\d+) ", re.I)
REJECTED = [(re.compile(r"\bLIMIT\b", re.I), "LIMIT"), (re.compile(r'"'), "double quotes"),
            (re.compile(r"\blower\(", re.I), "lower()"), (re.compile(r"\bILIKE\b", re.I), "ILIKE")]


class AccessSpelledCursor:
    def __init__(self, conn: sqlite3.Connection, seen: list[str]) -> None:
        self._cur = conn.cursor()
        self._conn = conn
        self.seen = seen

    @property
    def description(self) -> Any:
        return self._cur.description

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> AccessSpelledCursor:
        self.seen.append(sql)
        for pattern, what in REJECTED:
            assert not pattern.search(sql), f"Access rejects {what}: {sql}"
        top = _TOP.match(sql)
        if top is not None:
            sql = sql[:top.start(2) - 4] + sql[top.end():] + f" LIMIT {top.group(2)}"
        self._cur.execute(sql, params)
        return self

    def fetchall(self) -> list[Any]:
        return self._cur.fetchall()

    def columns(self, table: str) -> list[SimpleNamespace]:
        return [SimpleNamespace(column_name=r[1]) for r in self._conn.execute("SELECT * FROM pragma_table_info(?)",
                                                                              (table,))]

    def close(self) -> None:
        self._cur.close()


class AccessSpelledConnection:
    def __init__(self, path: Path, seen: list[str]) -> None:
        self._conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._conn.create_function("LCASE", 1, lambda v: v.lower() if isinstance(v, str) else v)
        self.seen = seen

    def cursor(self) -> AccessSpelledCursor:
        return AccessSpelledCursor(self._conn, self.seen)

    def close(self) -> None:
        self._conn.close()


def access_spelled(store: StoreReader) -> list[str]:
    """Make `store` (a SQLite workspace) read each site through Access spelling; returns the statements."""
    seen: list[str] = []
    backend = store.backend

    def open_reader(site: str, path: Path | None) -> SiteReader:
        assert path is not None
        return SiteReader(site, str(path), ACCESS, AccessSpelledConnection(path, seen))

    backend.open_reader = open_reader  # type: ignore[method-assign]
    return seen
