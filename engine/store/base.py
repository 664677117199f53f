"""The store interface the engine writes through; dialects plug in below it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from engine.model import DeviceFacts


class StoreError(RuntimeError):
    """A database problem the user must see (locked, corrupt, unreachable, missing driver)."""


class StoreBusy(StoreError):
    """Another program holds the database; retrying later may succeed."""


@dataclass(slots=True)
class WriteResult:
    """What one host's transaction did; `latency_ms` runs from BEGIN to the end of COMMIT."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    span_rows: int = 0
    latency_ms: float = 0.0
    batches: int = 1
    phases_ms: dict[str, float] = field(default_factory=dict)
    history_only: bool = False  # an older capture than the stored state: history rows only
    partial: str = ""  # why the capture was taken as partial (its missing ports were kept), else ""

    @property
    def rows(self) -> int:
        """Legacy `RowsWritten.Rows`: inserted + updated interface rows."""
        return self.inserted + self.updated


@dataclass(frozen=True, slots=True)
class SourceStamp:
    """The transcript slice a host's rows come from; stored with them, in their transaction."""

    file_hash: str
    length: int
    file: str = ""
    host: str = ""  # the transcript's host key when it differs from the facts' hostname
    capture_source: str = ""  # clock | log-header | file-name | mtime ("" : the ingest time)
    truncated: bool = False  # the transcript ends inside this host's output (cut mid-line or mid-table)


# Host (lower case) -> (slice hash, length) of the transcript its current rows came from.
SourceMap = dict[str, tuple[str, int]]


class SiteStore(Protocol):
    """One site's database, owned by exactly one writer thread at a time."""

    location: str

    def write_host(self, facts: DeviceFacts, site: str, run_date: datetime,
                   source: SourceStamp | None = None) -> WriteResult: ...

    def source_hashes(self) -> SourceMap: ...

    def settle(self) -> None:
        """A run ended and the connection stays cached: finish work deferred to the end of a load."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """Which backend to open for a site, from the CLI or settings."""

    backend: str = "sqlite"  # sqlite | odbc | access | postgresql
    odbc: str = ""  # connection string template with {site_path}
    dsn: str = ""
    max_interfaces_per_batch: int = 0  # 0: one transaction per host
    job_id: int = 0  # postgresql worker: the claimed job, for exactly-once host writes on retry
    busy_timeout_s: float = 5.0  # how long one attempt waits for a database another program holds

    def describe(self) -> str:
        """The store as messages name it, password masked."""
        from engine.store.secrets import mask_dsn

        if self.backend == "postgresql":
            return f"postgresql {mask_dsn(self.dsn)}"
        if self.backend == "odbc" or (self.backend == "access" and self.odbc):
            return f"{self.backend} {mask_dsn(self.odbc)}"
        return f"{self.backend} (one {self.suffix} file per site)"

    @property
    def suffix(self) -> str:
        """The site file's suffix; "" when the backend has no per-site file (PostgreSQL, server ODBC)."""
        if self.backend == "odbc":
            if "{site_path}" not in self.odbc:
                return ""
            driver = self.odbc.lower()
            if "access driver" in driver or "mdbtools" in driver:
                return ".accdb"
            return ".sqlite"
        return {"sqlite": ".sqlite", "access": ".accdb"}.get(self.backend, "")
