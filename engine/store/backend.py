"""The shared vocabulary of a site database backend: what maintenance asks of it and what it reports.

Types live here, below both `engine.maintenance.backends` (SQLite, PostgreSQL) and
`engine.maintenance.access` (Access), so neither implementation imports the other (that was a cycle).
A backend raises `Unsupported` for what it cannot do; the step then reports "skipped" with that reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from engine.store.base import StoreError
from engine.store.dialect import Dialect
from engine.store.schema import Index

IndexKey = tuple[str, tuple[str, ...]]  # (table, lower-case columns in order)


class Unsupported(StoreError):
    """The backend cannot do this step (reported as skipped, not failed)."""


@dataclass(frozen=True, slots=True)
class SiteTarget:
    site: str
    backend: str  # sqlite | access | postgresql
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


class StoreBackend(Protocol):
    """One backend's maintenance of its site databases (space, backup, integrity, compaction, indexes)."""

    name: str
    suffix: str  # file extension of its databases ("" for server backends)
    dialect: Dialect

    def sites(self) -> Iterable[str]:
        """Server backends list their sites; file backends are discovered in the workspace."""
        ...

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


MaintenanceBackend = StoreBackend  # the name the maintenance steps use
