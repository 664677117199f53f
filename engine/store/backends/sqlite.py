"""SQLite site files (`data/<prefix>/<Site>.sqlite`): the embedded default, everything in one class."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from engine.store.backends.base import (
    IndexKey,
    PerSiteSources,
    SiteTarget,
    SpaceInfo,
    file_sites,
    target_path,
)
from engine.store.base import SiteStore, SourceMap, StoreBusy, StoreConfig, StoreError
from engine.store.dialect import SQLITE
from engine.store.schema import Index
from engine.store.site_reader import SiteEntry, SiteReader, file_bytes
from engine.store.sqlite import SqliteSiteStore, read_sources, table_indexes, translate_sqlite_error
from engine.store.sqlite_file import sqlite_header_problems
from engine.workspace import Workspace

SLACK_RECLAIMED = 0.25  # of dbstat's in-page unused bytes, what VACUUM gave back on churned sites


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


class SqliteBackend(PerSiteSources):
    name = "sqlite"
    suffix = ".sqlite"
    keeps_readers = True
    dialect = SQLITE

    def __init__(self, config: StoreConfig | None = None, busy_timeout: float | None = None) -> None:
        self.config = config or StoreConfig()
        self.busy_timeout = self.config.busy_timeout_s if busy_timeout is None else busy_timeout

    # -- sites and reading -------------------------------------------------------------------------
    def sites(self, workspace: Workspace) -> list[SiteEntry]:
        return file_sites(workspace, self.suffix)

    def open_reader(self, site: str, path: Path | None) -> SiteReader:
        """Read-only (`mode=ro`, `query_only`), so a view never takes the write lock."""
        if path is None or not path.is_file():
            raise StoreError(f"site {site}: no database at {path}")
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0,
                                   check_same_thread=False)
            conn.execute("PRAGMA query_only=1")
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: {exc}") from exc
        return SiteReader(site, str(path), SQLITE, conn)

    def stored_sources(self, site: str, path: Path | None) -> SourceMap:
        return read_sources(path) if path is not None else {}

    # -- writing -----------------------------------------------------------------------------------
    def open_site(self, site: str, path: Path | None) -> SiteStore:
        return SqliteSiteStore(target_path(SiteTarget(site, self.name, path)), self.config.max_interfaces_per_batch,
                               int(self.config.busy_timeout_s * 1000))

    # -- maintenance -------------------------------------------------------------------------------
    def space(self, target: SiteTarget, thorough: bool = False) -> SpaceInfo:
        """Size of the file plus its WAL (`file_bytes`, the size every view shows); reclaimable =
        free-list pages, plus (thorough) the share of the unused bytes inside b-tree pages (dbstat) that
        VACUUM gives back. VACUUM repacks pages but leaves most in-page slack (rebuilt b-trees are not
        full either): counting all of it predicted 8-14 % where VACUUM gave 1-3 %, so SLACK_RECLAIMED,
        measured on churned loadgen sites, scales it (docs/performance.md)."""
        path = target_path(target)
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
        path = target_path(target)
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
        path = target_path(target)
        try:
            with _connect(backup, self.busy_timeout) as src, _connect(path, self.busy_timeout) as dst:
                src.backup(dst, pages=4096)
                dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, path) from exc

    def verify_copy(self, path: Path) -> list[str]:
        return self._check(path, quick=False)

    def integrity(self, target: SiteTarget, quick: bool = False) -> list[str]:
        return self._check(target_path(target), quick)

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
        path = target_path(target)
        try:
            with _connect(path, self.busy_timeout) as conn:
                conn.execute("VACUUM")
                conn.execute("ANALYZE")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, path) from exc

    def indexes(self, target: SiteTarget) -> tuple[set[str], set[IndexKey]]:
        """The same introspection the writer's schema step uses (`table_indexes`)."""
        path = target_path(target)
        try:
            with _connect(path, self.busy_timeout) as conn:
                tables = {str(t) for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                return tables, table_indexes(conn)
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, path) from exc

    def create_index(self, target: SiteTarget, index: Index) -> None:
        path = target_path(target)
        try:
            with _connect(path, self.busy_timeout) as conn:
                conn.execute(self.dialect.create_index(index))
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, path) from exc

    def close(self) -> None:
        """File backends keep no connection between calls."""


__all__ = ["SLACK_RECLAIMED", "SqliteBackend"]
