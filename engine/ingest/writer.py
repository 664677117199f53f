"""The one writer of a site: opens its store lazily, writes hosts, records history and telemetry.

A SiteWriter is used by exactly one thread at a time (the runtime guarantees it), holds the site's
cross-process lock file while its store is open, and keeps the history update after the commit so
a crash between the two only causes a harmless re-ingest.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from engine.history import HistoryRecord, SiteHistory, utc_stamp
from engine.ingest.worker import HostOutcome
from engine.locks import FileLock, LockTimeout
from engine.store import SiteStore, StoreBusy, StoreConfig, StoreError, WriteResult, open_site_store
from engine.telemetry import Telemetry
from engine.workspace import Workspace


@dataclass(slots=True)
class SiteTally:
    parsed: int = 0
    skipped: int = 0
    failed: int = 0
    rows_written: int = 0
    deleted: int = 0
    db_path: str = ""
    latencies_ms: list[float] = field(default_factory=list)


class SiteWriter:
    def __init__(self, workspace: Workspace, site: str, config: StoreConfig, telemetry: Telemetry,
                 lock_timeout: float = 30.0, busy_retries: int = 4) -> None:
        self.workspace = workspace
        self.site = site
        self.config = config
        self.telemetry = telemetry
        self.history = SiteHistory(workspace.history_file(site))
        self.path: Path | None = workspace.db_path(site, config.suffix) if config.suffix else None
        self.tally = SiteTally(db_path=str(self.path) if self.path else f"{config.backend}:{site}")
        self._store: SiteStore | None = None
        self._lock: FileLock | None = None
        self.lock_timeout = lock_timeout
        self.busy_retries = busy_retries

    def database_exists(self) -> bool:
        return self.path is None or self.path.is_file()

    def _open(self) -> SiteStore:
        if self._store is None:
            if self.path is not None:
                self._lock = FileLock(self.path.with_name(self.path.name + ".writer.lock"))
                try:
                    self._lock.acquire(self.lock_timeout)
                except LockTimeout as exc:
                    self._lock = None
                    raise StoreBusy(f"another StateTrace writer holds {self.path}") from exc
            try:
                self._store = open_site_store(self.config, self.site, self.path)
            except BaseException:
                self.release()
                raise
        return self._store

    def write(self, outcome: HostOutcome, run_date: datetime) -> WriteResult:
        """Write one parsed host; retries with back-off while another program holds the database."""
        assert outcome.facts is not None
        delay = 0.2
        for attempt in range(self.busy_retries + 1):
            try:
                result = self._open().write_host(outcome.facts, self.site, run_date)
                break
            except StoreBusy:
                if attempt == self.busy_retries:
                    raise
                self.release()
                time.sleep(delay)
                delay *= 2
        self.history.update(HistoryRecord(
            hostname=outcome.host, actual_hostname=outcome.facts.hostname, site=self.site,
            file_hash=outcome.file_hash, source_length=outcome.length,
            source_timestamp_utc=utc_stamp(datetime.now(timezone.utc)), last_ingested_utc=utc_stamp()))
        run_text = run_date.strftime("%Y-%m-%d %H:%M:%S")
        self.telemetry.emit("DatabaseWriteLatency", Hostname=outcome.host, Site=self.site,
                            LatencyMs=round(result.latency_ms))
        self.telemetry.emit("RowsWritten", Hostname=outcome.host, Site=self.site, RunDate=run_text,
                            Rows=result.rows, DeletedRows=result.deleted)
        self.telemetry.emit("DatabaseWriteBreakdown", Hostname=outcome.host, Site=self.site,
                            DatabaseWriteLatencyMs=round(result.latency_ms, 3),
                            **{k: round(v, 3) for k, v in result.phases_ms.items()},
                            InsertCandidates=result.inserted, UpdateCandidates=result.updated,
                            DeleteCandidates=result.deleted, UnchangedRows=result.unchanged,
                            Batches=result.batches)
        self.tally.rows_written += result.rows
        self.tally.deleted += result.deleted
        self.tally.latencies_ms.append(result.latency_ms)
        return result

    def flush_history(self) -> None:
        self.history.flush()

    def release(self) -> None:
        """Close the connection (on the thread that opened it) and drop the cross-process lock."""
        if self._store is not None:
            try:
                self._store.close()
            except Exception:  # noqa: BLE001
                pass
            self._store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def close(self) -> None:
        try:
            self.flush_history()
        finally:
            self.release()


__all__ = ["SiteTally", "SiteWriter", "StoreError"]
