"""What every store backend is: one class that owns everything a site database does.

A backend writes a host (`open_site` gives the writer's connection), reads (`sites`, `open_reader`,
`stored_sources`), and maintains (space, backup, integrity, compaction, index audit and repair). The rest
of the engine, the CLI and the window hold a `Backend` from `backend_for(config)` and never ask which
kind it is. A backend raises `Unsupported` for what it cannot do; maintenance reports that step as
skipped with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from engine.store.base import SiteStore, SourceMap, StoreError
from engine.store.dialect import Dialect
from engine.store.schema import Index
from engine.store.site_reader import SiteEntry, SiteReader
from engine.workspace import Workspace

IndexKey = tuple[str, tuple[str, ...]]  # (table, lower-case columns in order)


class Unsupported(StoreError):
    """The backend cannot do this step (reported as skipped, not failed)."""


@dataclass(frozen=True, slots=True)
class SiteTarget:
    site: str
    backend: str  # sqlite | access | odbc | postgresql
    path: Path | None = None  # None for server backends

    @property
    def label(self) -> str:
        return str(self.path) if self.path is not None else f"{self.backend}:{self.site}"


@dataclass(frozen=True, slots=True)
class SpaceInfo:
    """File size and the bytes a compaction would give back (None when the backend cannot tell)."""

    size_bytes: int
    reclaimable_bytes: int | None = None
    free_page_bytes: int | None = None  # the free-list alone (cheap), what the tab shows

    @property
    def reclaimable_ratio(self) -> float | None:
        if self.reclaimable_bytes is None or self.size_bytes <= 0:
            return None
        return self.reclaimable_bytes / self.size_bytes

    @property
    def free_ratio(self) -> float | None:
        if self.free_page_bytes is None or self.size_bytes <= 0:
            return None
        return self.free_page_bytes / self.size_bytes


class Backend(Protocol):
    """One kind of store: SQLite files, Access files, any ODBC driver, or a PostgreSQL server."""

    name: str
    suffix: str  # file extension of its site databases ("" for server backends)
    keeps_readers: bool  # readers are cheap to keep open between views (local files, no server session)

    @property
    def dialect(self) -> Dialect:
        """The SQL spelling of its databases (index DDL of the audit)."""
        ...

    # -- sites and reading -------------------------------------------------------------------------
    def sites(self, workspace: Workspace) -> list[SiteEntry]:
        """Every site the store holds, sorted by name (files in data/, or what the server lists)."""
        ...

    def open_reader(self, site: str, path: Path | None) -> SiteReader:
        """Read-only SQL on one site; StoreError when the store does not hold it or is unreachable."""
        ...

    def stored_sources(self, site: str, path: Path | None) -> SourceMap:
        """Each host's recorded slice (hash, length) as the store holds it; unreadable reads as empty."""
        ...

    def all_stored_sources(self, site_files: dict[str, Path]) -> SourceMap:
        """Every host the store holds (`site_files`: the file stores' sites), for the parse skip."""
        ...

    # -- writing -----------------------------------------------------------------------------------
    def open_site(self, site: str, path: Path | None) -> SiteStore:
        """The writer's connection to one site, creating the database and schema when missing."""
        ...

    # -- maintenance -------------------------------------------------------------------------------
    def space(self, target: SiteTarget, thorough: bool = False) -> SpaceInfo: ...

    def backup(self, target: SiteTarget, dest: Path) -> str | None:
        """Write a backup to `dest`; a server backend returns the suffix of the format it wrote."""
        ...

    def verify_copy(self, path: Path) -> list[str]:
        """Problems found in a backup file (empty: it opens and passes the integrity check)."""
        ...

    def integrity(self, target: SiteTarget, quick: bool = False) -> list[str]: ...

    def compact(self, target: SiteTarget, backup: Path | None) -> None: ...

    def compact_unavailable(self) -> str:
        """Why this machine cannot compact (asked before a backup is made for it); "" when it can."""
        ...

    def indexes(self, target: SiteTarget) -> tuple[set[str], set[IndexKey]]:
        """(existing tables, existing indexes by table + lower-case columns)."""
        ...

    def create_index(self, target: SiteTarget, index: Index) -> None: ...

    def close(self) -> None:
        """Release connections the backend keeps (server sessions); file backends keep none."""
        ...


class PerSiteSources:
    """`all_stored_sources` for stores that hold one database per site: read each site's."""

    def stored_sources(self, site: str, path: Path | None) -> SourceMap:
        raise NotImplementedError

    def all_stored_sources(self, site_files: dict[str, Path]) -> SourceMap:
        out: SourceMap = {}
        for site, path in site_files.items():
            out.update(self.stored_sources(site, path))
        return out


def file_sites(workspace: Workspace, suffix: str) -> list[SiteEntry]:
    """Site files of one suffix in data/ (never under data/Backups), with their sizes."""
    from engine.store.site_reader import file_bytes

    backups = workspace.backups_dir.resolve()
    out: list[SiteEntry] = []
    for site, path in sorted(workspace.site_databases(suffix).items()):
        if backups in path.resolve().parents:
            continue
        out.append(SiteEntry(site, str(path), path, file_bytes(path)))
    return out


def target_path(target: SiteTarget) -> Path:
    if target.path is None:
        raise StoreError(f"{target.label}: a file backend needs the site's file")
    return target.path


__all__ = ["Backend", "IndexKey", "PerSiteSources", "SiteTarget", "SpaceInfo", "Unsupported", "file_sites", "target_path"]
