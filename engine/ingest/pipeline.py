"""Headless ingestion of a set of paths: parse in a process pool, write one host at a time per site.

This is the engine's synchronous entry point (`statetrace-cli ingest`); the Qt runtime drives the
same steps with its writer pool. Parsing uses every core through `spawn` processes; writes stay in
this process, one connection per site database.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.history import SiteHistory
from engine.ingest.worker import HostOutcome, SourceResult, build_merged, init_worker, process_source
from engine.ingest.writer import SiteWriter
from engine.store import StoreConfig, StoreError
from engine.telemetry import Telemetry
from engine.transcript.source import Source, discover
from engine.workspace import Workspace


@dataclass(slots=True)
class Failure:
    file: str
    host: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"file": self.file, "host": self.host, "reason": self.reason}


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

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    def to_json(self) -> dict[str, Any]:
        return {"files": self.files, "bytes": self.bytes, "hosts": self.hosts, "parsed": self.parsed,
                "skipped": self.skipped, "failed": self.failed, "rows_written": self.rows_written,
                "seconds": round(self.seconds, 3), "sites": self.sites,
                "failures": [f.to_json() for f in self.failures], "warnings": self.warnings}


@dataclass(slots=True)
class Progress:
    total_bytes: int
    done_bytes: int = 0
    files_done: int = 0
    files_total: int = 0
    hosts_done: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def eta_seconds(self) -> float | None:
        elapsed = time.monotonic() - self.started
        if self.done_bytes <= 0 or elapsed <= 0:
            return None
        rate = self.done_bytes / elapsed
        return max(0.0, (self.total_bytes - self.done_bytes) / rate)


@dataclass(slots=True)
class IngestOptions:
    store: StoreConfig = field(default_factory=StoreConfig)
    processes: int = 0  # 0: one per core
    force: bool = False
    progress: Callable[[Progress], None] | None = None


def default_processes() -> int:
    return max(1, os.cpu_count() or 1)


def load_known(workspace: Workspace, store: StoreConfig) -> dict[str, tuple[str, int]]:
    """History records of hosts whose site database exists: what workers may skip without parsing."""
    known: dict[str, tuple[str, int]] = {}
    if not workspace.history_dir.is_dir():
        return known
    for path in sorted(workspace.history_dir.glob("*.json")):
        site = path.stem
        if store.suffix and not workspace.db_path(site, store.suffix).is_file():
            continue
        for key, rec in SiteHistory(path).records.items():
            known[key] = (rec.file_hash, rec.source_length)
    return known


def iter_results(sources: list[Source], known: dict[str, tuple[str, int]], processes: int, force: bool
                 ) -> Iterator[tuple[int, SourceResult]]:
    """Results of every source, in completion order, from a spawn pool (inline for one process)."""
    if processes <= 1 or len(sources) <= 1:
        init_worker(known)
        for i, source in enumerate(sources):
            yield i, process_source(source, force=force)
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=processes, mp_context=ctx, initializer=init_worker,
                             initargs=(known,)) as pool:
        # Big files first so one late giant does not leave a core idle at the end.
        order = sorted(range(len(sources)), key=lambda i: -sources[i].size)
        pending: dict[Future[SourceResult], int] = {}
        queue = iter(order)
        for i in queue:
            pending[pool.submit(process_source, sources[i], None, False, force)] = i
            if len(pending) >= processes * 4:
                break
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                i = pending.pop(fut)
                nxt = next(queue, None)
                if nxt is not None:
                    pending[pool.submit(process_source, sources[nxt], None, False, force)] = nxt
                yield i, fut.result()


class Ingestion:
    """One ingestion run over a set of paths."""

    def __init__(self, workspace: Workspace, options: IngestOptions, telemetry: Telemetry) -> None:
        self.workspace = workspace
        self.options = options
        self.telemetry = telemetry
        self.summary = IngestSummary()
        self.writers: dict[str, SiteWriter] = {}
        self.run_date = datetime.now()

    def writer(self, site: str) -> SiteWriter:
        w = self.writers.get(site)
        if w is None:
            w = self.writers[site] = SiteWriter(self.workspace, site, self.options.store, self.telemetry)
        return w

    def site_entry(self, site: str) -> dict[str, Any]:
        entry = self.summary.sites.get(site)
        if entry is None:
            entry = self.summary.sites[site] = {"parsed": 0, "skipped": 0, "failed": 0,
                                                "db_path": self.writer(site).tally.db_path}
        return entry

    def run(self, paths: Iterable[Path]) -> IngestSummary:
        started = time.perf_counter()
        self.workspace.ensure()
        sources, rejected = discover(list(paths))
        for r in rejected:
            self.fail_file(str(r.path), r.reason)
        self.summary.files = len(sources) + len(rejected)
        progress = Progress(total_bytes=sum(s.size for s in sources), files_total=len(sources))
        known = {} if self.options.force else load_known(self.workspace, self.options.store)
        processes = self.options.processes or default_processes()
        seen: dict[str, list[tuple[int, HostOutcome]]] = {}
        try:
            for index, result in iter_results(sources, known, processes, self.options.force):
                self.summary.bytes += result.bytes
                if result.error:
                    self.fail_file(result.source.display, result.error)
                for outcome in result.hosts:
                    seen.setdefault(outcome.host.lower(), []).append((index, outcome))
                    if len(seen[outcome.host.lower()]) == 1:
                        self.handle(outcome, result.source.display)
                progress.done_bytes += result.source.size
                progress.files_done += 1
                progress.hosts_done += len(result.hosts)
                if self.options.progress:
                    self.options.progress(progress)
            self.merge_multi_source_hosts(sources, seen)
        finally:
            for w in self.writers.values():
                try:
                    w.close()
                except OSError as exc:
                    self.summary.warnings.append(f"history for site {w.site} not saved: {exc}")
            self.telemetry.flush()
        for site, w in self.writers.items():
            if site in self.summary.sites:
                self.summary.sites[site]["rows_written"] = w.tally.rows_written
            self.summary.rows_written += w.tally.rows_written
            self.summary.latencies_ms.extend(w.tally.latencies_ms)
        self.summary.warnings.extend(self.telemetry.errors)
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def fail_file(self, file: str, reason: str) -> None:
        self.summary.failed_files += 1
        self.summary.failures.append(Failure(file, "", reason))
        self.telemetry.emit("IngestionFileFailed", FileName=file, Reason=reason)

    def handle(self, outcome: HostOutcome, file: str) -> None:
        """Skip, write or fail one host, with the legacy telemetry for each case."""
        site = outcome.site
        entry = self.site_entry(site)
        self.summary.hosts += 1
        writer = self.writer(site)
        if outcome.state == "skipped" and writer.database_exists():
            rec = writer.history.get(outcome.host)
            self.summary.skipped += 1
            entry["skipped"] += 1
            self.telemetry.emit("SkippedDuplicate", Hostname=outcome.host, Site=site, Reason="HashMatch",
                                FileHash=outcome.file_hash, SourceLength=outcome.length,
                                LastIngestedUtc=rec.last_ingested_utc if rec else "")
            return
        if outcome.state == "skipped":
            # The database vanished since the pool started: parse again, in this process.
            result = process_source(Source(Path(file.split("!")[0]), file.split("!", 1)[1] if "!" in file else ""),
                                    frozenset({outcome.host.lower()}), force=True)
            outcome = next((h for h in result.hosts if h.host.lower() == outcome.host.lower()), outcome)
        started = datetime.now(UTC)
        if outcome.state == "failed" or outcome.facts is None:
            self.fail_host(outcome, file, outcome.reason or "host could not be parsed", started)
            return
        t0 = time.perf_counter()
        try:
            writer.write(outcome, self.run_date)
        except (StoreError, OSError) as exc:
            self.fail_host(outcome, file, f"{file}:{outcome.line}: host {outcome.host}: database write failed: {exc}",
                           started)
            return
        except Exception as exc:
            self.fail_host(outcome, file, f"{file}:{outcome.line}: host {outcome.host}: database error: {exc!r}",
                           started)
            return
        duration = outcome.parse_seconds + (time.perf_counter() - t0)
        self.summary.parsed += 1
        entry["parsed"] += 1
        self.summary.parse_seconds.append(outcome.parse_seconds)
        self.telemetry.emit("ParseDuration", Hostname=outcome.host, Site=site, StartTime=started.isoformat(),
                            DurationSeconds=round(duration, 3), Success=True, FileName=file)

    def fail_host(self, outcome: HostOutcome, file: str, reason: str, started: datetime) -> None:
        entry = self.site_entry(outcome.site)
        self.summary.failed += 1
        entry["failed"] += 1
        self.summary.failures.append(Failure(file, outcome.host, reason))
        self.telemetry.emit("ParseDuration", Hostname=outcome.host, Site=outcome.site,
                            StartTime=started.isoformat(), DurationSeconds=round(outcome.parse_seconds, 3),
                            Success=False, FileName=file, Reason=reason)

    def merge_multi_source_hosts(self, sources: list[Source], seen: dict[str, list[tuple[int, HostOutcome]]]
                                 ) -> None:
        """A host found in several files is parsed once more from all of them, in file order."""
        for key, hits in seen.items():
            if len(hits) < 2:
                continue
            hits.sort(key=lambda h: h[0])
            parts: list[HostOutcome] = []
            for index, _ in hits:
                res = process_source(sources[index], frozenset({key}), return_blocks=True)
                parts.extend(h for h in res.hosts if h.host.lower() == key)
            if not parts:
                continue
            merged = build_merged(parts)
            files = ", ".join(sources[i].display for i, _ in hits)
            self.summary.hosts -= 1  # counted again by handle()
            entry = self.site_entry(merged.site)
            first = hits[0][1]
            if first.state == "parsed":
                self.summary.parsed -= 1
                entry["parsed"] -= 1
            elif first.state == "skipped":
                self.summary.skipped -= 1
                entry["skipped"] -= 1
            else:
                self.summary.failed -= 1
                entry["failed"] -= 1
                self.summary.failures = [f for f in self.summary.failures if f.host.lower() != key]
            writer = self.writer(merged.site)
            if not self.options.force and writer.history.unchanged(merged.host, merged.file_hash, merged.length) \
                    and writer.database_exists() and first.state != "parsed":
                merged.state = "skipped"
            self.handle(merged, files)


def ingest(paths: Iterable[Path], workspace: Workspace, options: IngestOptions | None = None,
           telemetry: Telemetry | None = None) -> IngestSummary:
    tel = telemetry or Telemetry(workspace.metrics_dir)
    try:
        return Ingestion(workspace, options or IngestOptions(), tel).run(paths)
    finally:
        if telemetry is None:
            tel.close()
