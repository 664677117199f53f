"""The one writer of a site: opens its store lazily, writes hosts, records history and telemetry.

A SiteWriter is used by exactly one thread at a time (the runtime guarantees it), holds the site's
cross-process lock file while its store is open, and keeps the history update after the commit so
a crash between the two only causes a harmless re-ingest.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from engine.history import HistoryRecord, SiteHistory, utc_stamp
from engine.ingest.worker import HostOutcome
from engine.locks import LockTimeout, SiteWriteLock
from engine.maintenance.guard import assert_writable, write_marker
from engine.store import (
    SiteStore,
    SourceMap,
    SourceStamp,
    StoreBusy,
    StoreConfig,
    StoreError,
    WriteResult,
    open_site_store,
    stored_sources,
)
from engine.store.sql_store import RUN_DATE_FORMAT
from engine.store.sqlite_file import DamagedDatabase
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


def _looks_corrupt(exc: BaseException) -> bool:
    if isinstance(exc, DamagedDatabase):
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


class StoreCache(Protocol):
    def get(self, writer: SiteWriter) -> SiteStore: ...

    def drop(self, key: str) -> None: ...


class SimpleCache:
    """One connection per writer, for single-threaded callers (tests, the import command)."""

    def __init__(self) -> None:
        self.entries: dict[str, SiteStore] = {}

    def get(self, writer: SiteWriter) -> SiteStore:
        store = self.entries.get(writer.key)
        if store is None:
            store = self.entries[writer.key] = writer.open_store()
        return store

    def drop(self, key: str) -> None:
        store = self.entries.pop(key, None)
        if store is not None:
            try:
                store.close()
            except Exception:
                pass

    def close_all(self) -> None:
        for key in list(self.entries):
            self.drop(key)


# The history file is rewritten whole on each flush: during a run at most this often (and at the end).
HISTORY_FLUSH_SECONDS = 2.0


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
        self._own_cache = SimpleCache()
        self._tally_lock = threading.Lock()
        self.lock_timeout = lock_timeout
        self.busy_retries = busy_retries
        self.busy_reason = ""
        self._lock_file: SiteWriteLock | None = None
        self._stored: SourceMap | None = None
        self._history_lock = threading.Lock()
        self._history_flushed = time.monotonic()

    def stored(self) -> SourceMap:
        """What the store holds of this site (host -> recorded slice), read once per run, then kept in step
        with every commit. The store is the proof: the history JSON never decides a skip."""
        if self._stored is None:
            self._stored = stored_sources(self.config, self.site, self.path)
        return self._stored

    def unchanged(self, host: str, file_hash: str, length: int) -> bool:
        """True only when the store itself holds this host at this slice."""
        return self.stored().get(host.lower()) == (file_hash, length)

    def forget_stored(self) -> None:
        """A new run reads the store again (a restore, a deleted file or another process may have changed it)."""
        self._stored = None

    @property
    def key(self) -> str:
        return str(self.path).lower() if self.path is not None else f"{self.config.backend}:{self.site}"

    def open_store(self) -> SiteStore:
        """A new connection to this site's database (the caller's thread owns it)."""
        return open_site_store(self.config, self.site, self.path)

    def _site_lock(self) -> SiteWriteLock | None:
        """The site's cross-process lock (one object per writer: it is taken for every host)."""
        if self.path is None:
            return None
        if self._lock_file is None:
            self._lock_file = SiteWriteLock(self.path)
        return self._lock_file

    def write_with(self, cache: StoreCache, outcome: HostOutcome, run_date: datetime, file: str = "") -> WriteResult:
        """Write one parsed host under the site's cross-process lock, retrying while the database is busy."""
        assert outcome.facts is not None
        # Capture time is the axis: RunDate is when the device was captured, not when it is ingested.
        captured = datetime.strptime(outcome.capture_time, RUN_DATE_FORMAT) if outcome.capture_time else run_date
        if self.busy_reason:
            raise StoreBusy(self.busy_reason)
        delay = 0.2
        for attempt in range(self.busy_retries + 1):
            lock = self._site_lock()
            try:
                if lock is not None:
                    try:
                        lock.acquire(self.lock_timeout)
                    except LockTimeout as exc:
                        raise StoreBusy(f"another StateTrace writer or maintenance holds {self.path}") from exc
                try:
                    assert_writable(self.path)
                except StoreError:
                    # A restore may have swapped the file: never keep writing through an old handle.
                    cache.drop(self.key)
                    raise
                try:
                    source = SourceStamp(outcome.file_hash, outcome.length, file, outcome.host,
                                         outcome.capture_source, outcome.truncated_line > 0)
                    result = cache.get(self).write_host(outcome.facts, self.site, captured, source)
                except (sqlite3.DatabaseError, StoreError) as exc:
                    if self.path is not None and not isinstance(exc, StoreBusy) and _looks_corrupt(exc):
                        # Stop writing into a damaged file: maintenance restores it from a good backup.
                        write_marker(self.path, self.site, [str(exc)])
                        if isinstance(exc, DamagedDatabase):
                            raise  # its message already says what was found and what to do
                        raise StoreError(f"{self.path} is corrupt ({exc}); ingestion of site {self.site} is "
                                         "refused until it is restored (statetrace-cli maintain --restore)") from exc
                    raise
                break
            except StoreBusy:
                cache.drop(self.key)
                if attempt == self.busy_retries:
                    self.busy_reason = (f"site {self.site}: {self.path or self.key} stayed locked by another program "
                                        f"through {self.busy_retries + 1} attempts; its hosts are retried next run")
                    raise
                time.sleep(delay)
                delay *= 2
            finally:
                if lock is not None:
                    lock.release()
        self._record(outcome, captured, result)
        return result

    @property
    def groupable(self) -> bool:
        """Whether hosts of this site may share one transaction now: SQLite (other drivers lack savepoints
        or were not measured), and the site's lock free at this moment. While another program holds the
        site, hosts are taken one at a time, so the ones waiting stay queued (and show as backlog)."""
        if self.config.backend != "sqlite" or self.busy_reason:
            return False
        lock = self._site_lock()
        if lock is None:
            return True
        try:
            lock.acquire(0.0)
        except LockTimeout:
            return False
        lock.release()
        return True

    def write_group(self, cache: StoreCache, items: list[tuple[HostOutcome, str]], run_date: datetime
                    ) -> list[WriteResult | Exception]:
        """Write several parsed hosts of this site in one transaction under one take of the site lock
        (group commit). Each host is still all or nothing: one that fails in the group is written
        again alone, so it gets the single-host path's retries and error reporting; a group that fails
        as a whole (busy, lock timeout) falls back to writing every host alone."""
        def alone(outcome: HostOutcome, file: str) -> WriteResult | Exception:
            try:
                return self.write_with(cache, outcome, run_date, file)
            except Exception as exc:  # noqa: BLE001 - reported per host by the caller
                return exc

        if len(items) < 2 or not self.groupable:
            return [alone(o, f) for o, f in items]
        captured = [datetime.strptime(o.capture_time, RUN_DATE_FORMAT) if o.capture_time else run_date
                    for o, _f in items]
        lock = self._site_lock()
        results: list[WriteResult | Exception] | None = None
        try:
            if lock is not None:
                lock.acquire(self.lock_timeout)
            try:
                assert_writable(self.path)
                store = cache.get(self)
                write_hosts = getattr(store, "write_hosts", None)
                if write_hosts is not None:
                    results = write_hosts([
                        (o.facts, self.site, when, SourceStamp(o.file_hash, o.length, f, o.host, o.capture_source,
                                                                o.truncated_line > 0))
                        for (o, f), when in zip(items, captured, strict=True)])
            finally:
                if lock is not None:
                    lock.release()
        except (LockTimeout, StoreError, sqlite3.DatabaseError, OSError):
            cache.drop(self.key)
            results = None
        if results is None:
            return [alone(o, f) for o, f in items]
        out: list[WriteResult | Exception] = []
        for (outcome, file), when, result in zip(items, captured, results, strict=True):
            if isinstance(result, WriteResult):
                self._record(outcome, when, result)
                out.append(result)
            else:
                out.append(alone(outcome, file))
        return out

    def write(self, outcome: HostOutcome, run_date: datetime, file: str = "") -> WriteResult:
        """Single-threaded use: keeps one connection for this writer until `close()`."""
        return self.write_with(self._own_cache, outcome, run_date, file)

    def _record(self, outcome: HostOutcome, run_date: datetime, result: WriteResult) -> None:
        assert outcome.facts is not None
        if not result.history_only:  # an older capture leaves the current state (and its slice) alone
            if self._stored is not None:
                self._stored[outcome.host.lower()] = (outcome.file_hash, outcome.length)
            self.history.update(HistoryRecord(
                hostname=outcome.host, actual_hostname=outcome.facts.hostname, site=self.site,
                file_hash=outcome.file_hash, source_length=outcome.length,
                source_timestamp_utc=utc_stamp(datetime.now(UTC)), last_ingested_utc=utc_stamp()))
        run_text = run_date.strftime("%Y-%m-%d %H:%M:%S")
        if result.partial:
            self.telemetry.emit("PartialCapture", Hostname=outcome.host, Site=self.site, RunDate=run_text,
                                Line=outcome.truncated_line or outcome.line, Reason=result.partial)
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
        with self._tally_lock:
            self.tally.rows_written += result.rows
            self.tally.deleted += result.deleted
            self.tally.latencies_ms.append(result.latency_ms)
        if time.monotonic() - self._history_flushed >= HISTORY_FLUSH_SECONDS:
            self.flush_history()

    def flush_history(self) -> None:
        """Write the hosts committed since the last flush into the site's history file. Called as commits
        happen (at most every HISTORY_FLUSH_SECONDS, since each flush rewrites the file) and when the
        site's work ends, so a killed run or another window sees what was committed."""
        with self._history_lock:
            self.history.flush()
            self._history_flushed = time.monotonic()

    def release(self) -> None:
        """Close this writer's own connection (single-threaded use)."""
        self._own_cache.close_all()

    def close(self) -> None:
        try:
            self.flush_history()
        finally:
            self.release()


__all__ = ["SiteTally", "SiteWriter", "StoreError"]
