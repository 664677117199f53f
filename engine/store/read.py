"""Reading a workspace's store, whichever backend it is: its sites, their sizes, and SQL on one site.

Everything that shows data (site tree, Devices tab, Maintenance tab, analyst views, CLI queries) reads
through `open_store_reader(config, workspace)`, so none of it knows whether the sites are SQLite files,
Access files through ACE, any ODBC driver, or schemas on a PostgreSQL server: the workspace's backend
(`engine.store.backends`) lists the sites and opens each reader. File databases are opened read-only,
so a reader never takes the write lock and ingestion never waits for a view.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engine.store.backends import Backend, backend_for
from engine.store.base import StoreConfig, StoreError
from engine.store.site_reader import Row, SiteEntry, SiteReader, file_bytes
from engine.workspace import Workspace


class StoreReader:
    """The workspace's store, read-only: which sites it holds, how big they are, and a reader per site."""

    def __init__(self, config: StoreConfig, workspace: Workspace) -> None:
        self.config = config
        self.workspace = workspace
        self._backend: Backend | None = None
        self._readers: dict[str, tuple[tuple[int, int], SiteReader]] = {}

    @property
    def backend(self) -> Backend:
        """Built on first use, so a reader can be made anywhere (a missing DSN fails the first read)."""
        if self._backend is None:
            self._backend = backend_for(self.config)
        return self._backend

    # -- sites ---------------------------------------------------------------------------------------
    def sites(self) -> list[SiteEntry]:
        """Every site the store holds, sorted by name (server stores list their schemas)."""
        return self.backend.sites(self.workspace)

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
        return next((e.size_bytes for e in self.sites() if e.site == site), None)

    # -- one site ------------------------------------------------------------------------------------
    def open_site(self, site: str) -> SiteReader:
        """A reader on one site; StoreError when the store does not hold it or cannot be reached."""
        return self.backend.open_reader(site, self.site_path(site))

    @contextmanager
    def site(self, site: str) -> Iterator[SiteReader]:
        """A reader on one site for the block. SQLite readers (`keeps_readers`) stay open between blocks (a search over 20
        sites would otherwise spend most of its time connecting), until the file is replaced (a restore)
        or the store reader closes; the store reader must then be used by one thread at a time."""
        if self.backend.keeps_readers:
            yield self._cached_file(site)
            return
        reader = self.open_site(site)
        try:
            yield reader
        finally:
            reader.close()

    def _cached_file(self, site: str) -> SiteReader:
        path = self.site_path(site)
        try:
            st = path.stat() if path is not None else None
            identity = (st.st_dev, st.st_ino) if st is not None else (0, 0)
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
        if self._backend is not None:
            self._backend.close()
            self._backend = None

    def __enter__(self) -> StoreReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store_reader(config: StoreConfig, workspace: Workspace) -> StoreReader:
    """The workspace's store for reading; connecting happens on first use (so it can be built anywhere)."""
    return StoreReader(config, workspace)


__all__ = ["Row", "SiteEntry", "SiteReader", "StoreError", "StoreReader", "file_bytes", "open_store_reader"]
