"""Any ODBC driver, from the workspace's `Store.OdbcTemplate`.

With `{site_path}` in the template each site is a file in data/ (an `.accdb` for the Access and
MDB Tools drivers, a `.sqlite` for the SQLite3 driver): maintenance then works on the file itself, as
the Access or SQLite backend does. With `{site}` each site is a database on a server the driver
reaches: sites are the ones the workspace has ingested (its history names them), the index audit and
integrity probe go through the driver's catalog, and backup and compaction are the server's own job
(reported as skipped, with that reason).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.store.backends.access import AccessBackend
from engine.store.backends.base import (
    Backend,
    IndexKey,
    PerSiteSources,
    SiteTarget,
    SpaceInfo,
    Unsupported,
    file_sites,
)
from engine.store.backends.sqlite import SqliteBackend
from engine.store.base import SiteStore, SourceMap, StoreConfig
from engine.store.dialect import Dialect
from engine.store.schema import Index
from engine.store.site_reader import SiteEntry, SiteReader
from engine.workspace import Workspace

SERVER_MAINTENANCE = "a server database reached through ODBC is backed up and compacted by its server's own tools"


class OdbcBackend(PerSiteSources):
    name = "odbc"
    keeps_readers = False  # a driver connection per view: drivers differ in what they allow across threads

    def __init__(self, config: StoreConfig) -> None:
        self.config = config
        self.suffix = config.suffix
        self._files: Backend | None = None
        if self.suffix == ".accdb":
            self._files = AccessBackend(config)
        elif self.suffix == ".sqlite":
            self._files = SqliteBackend(config)

    @property
    def dialect(self) -> Dialect:
        if self._files is not None:
            return self._files.dialect
        from engine.store.odbc import ANSI

        return ANSI  # the server's own spelling is known once connected (`dialect_for`)

    @property
    def template(self) -> str:
        return self.config.odbc

    # -- sites and reading -------------------------------------------------------------------------
    def sites(self, workspace: Workspace) -> list[SiteEntry]:
        if self.suffix:
            return file_sites(workspace, self.suffix)
        history = workspace.history_dir
        names = sorted(p.stem for p in history.glob("*.json")) if history.is_dir() else []
        return [SiteEntry(s, self.config.describe()) for s in names]

    def open_reader(self, site: str, path: Path | None) -> SiteReader:
        from engine.store.odbc import open_odbc_reader

        return open_odbc_reader(self.template, site, path, self.config.describe())

    def stored_sources(self, site: str, path: Path | None) -> SourceMap:
        from engine.store.odbc import read_sources

        return read_sources(self.template, site, path)

    # -- writing -----------------------------------------------------------------------------------
    def open_site(self, site: str, path: Path | None) -> SiteStore:
        from engine.store.odbc import open_odbc_store

        return open_odbc_store(self.template, site, path, self.config.max_interfaces_per_batch)

    # -- maintenance: the file's own backend, or the driver's catalog on a server ------------------
    def _server(self, what: str) -> Unsupported:
        return Unsupported(f"{what}: {SERVER_MAINTENANCE}")

    def space(self, target: SiteTarget, thorough: bool = False) -> SpaceInfo:
        if self._files is None:
            raise self._server("size unknown")
        return self._files.space(target, thorough)

    def backup(self, target: SiteTarget, dest: Path) -> str | None:
        if self._files is None:
            raise self._server("no backup")
        return self._files.backup(target, dest)

    def verify_copy(self, path: Path) -> list[str]:
        if self._files is None:
            raise self._server("no backup")
        return self._files.verify_copy(path)

    def integrity(self, target: SiteTarget, quick: bool = False) -> list[str]:
        if self._files is not None:
            return self._files.integrity(target, quick)
        try:
            with self.open_reader(target.site, None) as reader:
                reader.scalar('SELECT COUNT(*) FROM "DeviceSummary"')
        except Exception as exc:  # noqa: BLE001 - any driver error is the finding
            return [f"{target.label}: {exc}"]
        return []

    def compact_unavailable(self) -> str:
        return SERVER_MAINTENANCE if self._files is None else self._files.compact_unavailable()

    def compact(self, target: SiteTarget, backup: Path | None) -> None:
        if self._files is None:
            raise self._server("no compaction")
        self._files.compact(target, backup)

    def _connect(self, target: SiteTarget) -> Any:
        from engine.store.odbc import connect_autocommit

        return connect_autocommit(self.template, target.site, target.path, target.label)

    def indexes(self, target: SiteTarget) -> tuple[set[str], set[IndexKey]]:
        """Through the driver's catalog (SQLStatistics), as the writer's schema step sees them."""
        from engine.store.odbc import read_catalog

        return read_catalog(self._connect(target))

    def create_index(self, target: SiteTarget, index: Index) -> None:
        from engine.store.odbc import dialect_for, load_pyodbc

        conn = self._connect(target)
        try:
            dialect = dialect_for(str(conn.getinfo(load_pyodbc().SQL_DBMS_NAME)))
            conn.cursor().execute(dialect.create_index(index))
        finally:
            conn.close()

    def close(self) -> None:
        """Connections are opened per call."""


__all__ = ["OdbcBackend"]
