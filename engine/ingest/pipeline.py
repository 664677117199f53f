"""Ingestion run results and the synchronous `ingest()` entry point for scripts and benchmarks.

The work itself is done by `engine.runtime.qt_runtime.IngestRuntime` (parse processes, per-site
writer threads); this module holds what a run reports and what it starts from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.store import StoreConfig, all_stored_sources
from engine.workspace import Workspace


@dataclass(slots=True)
class Failure:
    file: str
    host: str
    reason: str
    kind: str = "parse"  # file | parse | store: store failures are worth retrying, the others are not

    def to_json(self) -> dict[str, str]:
        return {"file": self.file, "host": self.host, "reason": self.reason, "kind": self.kind}


@dataclass(slots=True)
class IngestSummary:
    files: int = 0
    bytes: int = 0
    hosts: int = 0
    parsed: int = 0
    skipped: int = 0
    failed: int = 0
    rows_written: int = 0
    seconds: float = 0.0
    sites: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed_files: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    parse_seconds: list[float] = field(default_factory=list)
    cancelled: bool = False
    cancelled_jobs: int = 0  # files not read and hosts not written because the run was cancelled
    partial: list[dict[str, Any]] = field(default_factory=list)  # hosts stored from a partial capture

    @property
    def exit_code(self) -> int:
        if self.cancelled:
            return 130
        return 1 if self.failures else 0

    def to_json(self) -> dict[str, Any]:
        return {"files": self.files, "bytes": self.bytes, "hosts": self.hosts, "parsed": self.parsed,
                "skipped": self.skipped, "failed": self.failed, "rows_written": self.rows_written,
                "seconds": round(self.seconds, 3), "sites": self.sites,
                "failures": [f.to_json() for f in self.failures], "warnings": self.warnings, "partial": self.partial,
                "cancelled": self.cancelled, "cancelled_jobs": self.cancelled_jobs}


@dataclass(slots=True)
class IngestOptions:
    store: StoreConfig = field(default_factory=StoreConfig)
    processes: int = 0  # 0: one per core
    force: bool = False
    progress: Callable[[dict[str, Any]], None] | None = None  # receives runtime progress snapshots


def load_known(workspace: Workspace, store: StoreConfig) -> dict[str, tuple[str, int]]:
    """Hosts the store itself holds, at the slice it recorded with their rows: what workers may skip
    without parsing. Keyed by store, so another backend or DSN never inherits these skips."""
    sites = workspace.site_databases(store.suffix) if store.suffix else {}
    return all_stored_sources(store, sites)
