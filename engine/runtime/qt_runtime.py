"""IngestRuntime: the QtCore engine shared by the GUI and the headless CLI.

Parsing runs in a process pool (ParseFeeder); each parsed host becomes a write job in the per-site
FairScheduler; long-lived QRunnable writers on a QThreadPool (COM-initialised STA threads on
Windows) take jobs and write them, one writer per database at a time. All bookkeeping happens on
the runtime's own thread in a 50 ms tick, and observers get batched `sig_*` signals (see api.py).
"""

from __future__ import annotations

import dataclasses
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine import gc_policy
from engine.ingest import file_index
from engine.ingest.pipeline import Failure, IngestOptions, IngestSummary
from engine.ingest.worker import HostOutcome, SourceResult, build_merged, set_keep_secrets
from engine.ingest.writer import SiteWriter
from engine.runtime.api import BATCH_INTERVAL_MS, JobInfo, ProgressSnapshot
from engine.runtime.parse_feeder import ParseFeeder, ParseReply, ParseRequest
from engine.runtime.qtcore import QObject, QRunnable, QThreadPool, QTimer, Signal
from engine.runtime.scheduler import FairScheduler, Job, Limits, writer_limits
from engine.runtime.writers import Dispatcher, WriteDone, WriteTask, writer_loop
from engine.settings import Settings
from engine.store import StoreConfig
from engine.telemetry import Telemetry
from engine.transcript.source import Source, discover
from engine.workspace import Workspace

TICK_MS = 50
SNAPSHOT_SECONDS = 1.0
SMALL_RUN_BYTES = 8_000_000
RATE_WINDOW_S = 10.0  # MB/s and ETA over the last seconds of reading, not since the run began
RATE_MIN_S = 1.0  # no rate (and no ETA) until this much running time has been sampled


class _WriterRunnable(QRunnable):
    """One writer thread's loop; exits when the dispatcher stops."""

    def __init__(self, runtime: IngestRuntime, index: int) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.runtime = runtime
        self.index = index

    def run(self) -> None:
        rt = self.runtime
        writer_loop(rt._dispatcher, lambda: rt._run_date, rt._writes.put, rt._ttl_seconds,
                    rt._released_keys, f"writer-{self.index}")


class IngestRuntime(QObject):
    # `object` passes the Python lists and dicts through untouched (no QVariant round trip, which
    # costs time and, for bools inside containers, has corrupted reference counts in PySide6).
    sig_job_queued = Signal(object)
    sig_job_started = Signal(object)
    sig_job_finished = Signal(object)
    sig_job_failed = Signal(object)
    sig_progress = Signal(object)
    sig_metrics = Signal(object)
    sig_run_finished = Signal(object)
    sig_state_changed = Signal(str)

    def __init__(self, workspace: Workspace, settings: Settings | None = None, store: StoreConfig | None = None,
                 parent: QObject | None = None, processes: int = 0, force: bool = False,
                 telemetry: Telemetry | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings or Settings.load(workspace.settings_path)
        p = self.settings.parser
        base = store or StoreConfig()
        self.store_config = dataclasses.replace(
            base, max_interfaces_per_batch=base.max_interfaces_per_batch or p.MaxInterfacesPerBatch,
            busy_timeout_s=p.DatabaseBusyTimeoutSeconds)
        self.processes = processes or p.ParseProcesses or max(1, os.cpu_count() or 1)
        self.force = force
        self._own_telemetry = telemetry is None
        self.telemetry = telemetry or Telemetry(workspace.metrics_dir)
        self.telemetry.listeners.append(self._on_telemetry)
        self._ttl_seconds = p.ConnectionCacheTtlMinutes * 60.0
        self._next_id = 1
        self._jobs: dict[int, JobInfo] = {}
        self._file_sources: dict[int, Source] = {}
        self._queued_paths: set[str] = set()  # file_index.source_key of every source queued this run
        self._forced_jobs: set[int] = set()  # file jobs submitted with force (Ingest again, retry)
        self._writers: dict[str, SiteWriter] = {}
        self._replies: queue.Queue[ParseReply] = queue.Queue()
        self._streamed_hosts: dict[int, int] = {}  # big files: hosts received before their result
        self._merges: dict[str, tuple[set[int], dict[int, SourceResult]]] = {}  # tag -> (jobs, parses so far)
        self._parse_again_of: dict[str, tuple[HostOutcome, str, int]] = {}  # tag -> the skipped host to redo
        self._merge_generation: dict[str, int] = {}
        self._writes: queue.Queue[WriteDone] = queue.Queue()
        self._metrics_lock = threading.Lock()
        self._pending_metrics: list[dict[str, Any]] = []
        self._batches: dict[str, list[JobInfo]] = {"queued": [], "started": [], "finished": [], "failed": []}
        self._released: set[str] = set()
        self._released_lock = threading.Lock()
        # Host -> the file jobs it was found in (ids only: keeping the parsed facts here would hold
        # every host of the run in memory).
        self._seen_hosts: dict[str, list[int]] = {}
        self._host_jobs: dict[str, int] = {}  # host -> its (latest) host job
        self._booked: dict[int, tuple[str, str, str]] = {}  # host job -> (summary field, site, host)
        self._superseded: set[int] = set()
        self._summary = IngestSummary()
        self._run_started = 0.0
        self._run_date = datetime.now()
        self._bytes_total = 0
        self._bytes_done = 0
        self._files_total = 0
        self._files_done = 0
        self._parsing = 0
        self._writes_in_flight = 0
        self._last_snapshot = 0.0
        self._last_emit = 0.0
        self._rate_samples: deque[tuple[float, int]] = deque()  # (monotonic, bytes done) while running
        self.state = "idle"
        known = {} if force else _load_known(workspace, self.store_config)
        files = {} if force else file_index.load(workspace.data)
        self._pending_files: dict[str, dict[str, Any]] = {}
        self._index_keys: dict[int, str] = {}  # file job -> its key in _pending_files
        set_keep_secrets(p.StoreSecrets)  # merged hosts are parsed here, in this process
        self._feeder = ParseFeeder(self.processes, known, self._replies, files, backlog=self._write_backlog,
                                   keep_secrets=p.StoreSecrets)
        self._feeder.start()
        limits = writer_limits(p, self.store_config.backend)
        self._scheduler: FairScheduler[WriteTask] = FairScheduler(limits)
        self._dispatcher = Dispatcher(self._scheduler, self._on_launch)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(limits.thread_budget, 1))
        self._pool.setExpiryTimeout(-1)
        for i in range(limits.thread_budget):
            self._pool.start(_WriterRunnable(self, i))
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._limits = limits

    # -- public API ---------------------------------------------------------------------------------
    def submit(self, paths: list[Path], force: bool | None = None) -> list[int]:
        """Queue files and folders; paths already queued or running are ignored."""
        sources, rejected = discover([Path(p) for p in paths])
        ids: list[int] = []
        if self.state == "idle" or not self.is_busy():
            self._begin_run()
        for r in rejected:
            jid = self._new_job(file=str(r.path), host="", site="", size=0, state="Failed", error=r.reason)
            self._summary.failures.append(Failure(str(r.path), "", r.reason, "file"))
            self._summary.failed_files += 1
            self._batches["failed"].append(self._jobs[jid])
        for src in sources:
            key = file_index.source_key(src)
            if key in self._queued_paths:
                continue
            self._queued_paths.add(key)
            jid = self._new_job(file=src.display, host="", site="", size=src.size, state="Queued", progress=0.0)
            self._file_sources[jid] = src
            self._bytes_total += src.size
            self._files_total += 1
            self._summary.files += 1
            self._parsing += 1
            forced = self.force if force is None else force
            if forced:
                self._forced_jobs.add(jid)
            self._feeder.submit(ParseRequest(jid, src, forced))
            self._batches["queued"].append(self._jobs[jid])
            ids.append(jid)
        self._summary.files += len(rejected)
        self._set_state("paused" if self._dispatcher.paused else "running")
        self._emit_batches(force=True)
        return ids

    def retry(self, job_ids: list[int]) -> list[int]:
        paths: list[Path] = []
        for jid in job_ids:
            info = self._jobs.get(jid)
            if not info or info.get("state") != "Failed":
                continue
            src = self._file_sources.get(int(info.get("parent", jid)))
            if src is not None:
                self._queued_paths.discard(file_index.source_key(src))
                paths.append(src.path)
        return self.submit(paths, force=True) if paths else []

    def pause(self) -> None:
        self._feeder.paused.set()
        self._dispatcher.set_paused(True)
        self._set_state("paused")

    def resume(self) -> None:
        self._feeder.paused.clear()
        self._dispatcher.set_paused(False)
        self._set_state("running" if self.is_busy() else "idle")

    def cancel(self) -> None:
        """Drop queued work; writes in flight finish (a host is never half-written)."""
        self._set_state("cancelling")
        self._summary.cancelled = True
        self._feeder.cancelled.set()
        with self._dispatcher.cond:
            dropped = self._scheduler.remove_queued()
        for job in dropped:
            self._writes_in_flight -= 1
            self._summary.cancelled_jobs += 1
            self._update(job.payload.job_id, "finished", state="Cancelled", progress=0.0)
        self._feeder.paused.clear()
        self._dispatcher.set_paused(False)

    def release_site(self, db_key: str) -> None:
        """Ask every writer thread to close its cached connection to this database (maintenance)."""
        with self._released_lock:
            self._released.add(db_key.lower())

    def _write_backlog(self) -> int:
        """Parsed hosts not yet written (read by the feeder thread; an int read is atomic)."""
        return self._writes_in_flight + self._replies.qsize() * 4

    def is_busy(self) -> bool:
        return self._parsing > 0 or self._writes_in_flight > 0

    def summary(self) -> IngestSummary:
        return self._summary

    def shutdown(self, wait: bool = True) -> None:
        """Stop accepting work, let in-flight writes finish, close connections and telemetry."""
        self._timer.stop()
        self._feeder.cancelled.set()
        self._feeder.stop()
        with self._dispatcher.cond:
            self._scheduler.remove_queued()
        self._dispatcher.stop()
        if wait:
            self._feeder.join(timeout=60)
            self._pool.waitForDone(60_000)
        self._drain()
        for w in self._writers.values():
            try:
                w.flush_history()
            except OSError:
                pass
        if self._own_telemetry:
            self.telemetry.close()
        else:
            self.telemetry.flush()
        self._set_state("idle")
        self._restore_gc()

    # -- internals ----------------------------------------------------------------------------------
    def _released_keys(self) -> set[str]:
        with self._released_lock:
            keys, self._released = self._released, set()
        return keys

    def _begin_run(self) -> None:
        p, lim = self.settings.parser, self._limits
        self.telemetry.emit(
            "ConcurrencyProfileResolved", CpuCount=os.cpu_count() or 1, ThreadCeiling=lim.thread_budget,
            MaxWorkersPerSite=lim.max_workers_per_site, MaxActiveSites=lim.max_active_sites,
            MaxConsecutiveSiteLaunches=lim.max_consecutive, JobsPerThread=lim.jobs_per_thread,
            MinRunspaces=lim.min_threads, AdaptiveThreads=lim.adaptive, ParseProcesses=self.processes,
            DecisionSource="AutoScale" if p.AutoScaleConcurrency else "Settings",
            AutoScale={"Enabled": p.AutoScaleConcurrency},
            Resolved={"ThreadCeiling": lim.thread_budget, "MaxWorkersPerSite": lim.max_workers_per_site,
                      "MaxActiveSites": lim.max_active_sites, "JobsPerThread": lim.jobs_per_thread,
                      "MinRunspaces": lim.min_threads, "MaxConsecutiveSiteLaunches": lim.max_consecutive})
        if not self._gc_relaxed:
            gc_policy.relax()
            self._gc_relaxed = True
        self._summary = IngestSummary()
        self._run_started = time.monotonic()
        self._run_date = datetime.now()
        self._bytes_total = self._bytes_done = self._files_total = self._files_done = 0
        self._rate_samples.clear()
        self._seen_hosts.clear()
        self._merges.clear()
        self._parse_again_of.clear()
        self._index_keys.clear()
        self._merge_generation.clear()
        for writer in self._writers.values():
            writer.forget_stored()
        self._host_jobs.clear()
        self._booked.clear()
        self._superseded.clear()
        self._feeder.cancelled.clear()

    def _new_job(self, **fields: Any) -> int:
        jid = self._next_id
        self._next_id += 1
        info: JobInfo = JobInfo(id=jid)
        info.update(fields)  # type: ignore[typeddict-item]
        self._jobs[jid] = info
        return jid

    def _update(self, jid: int, batch: str, **fields: Any) -> None:
        info = self._jobs.get(jid)
        if info is None:
            return
        info.update(fields)  # type: ignore[typeddict-item]
        self._batches[batch].append(JobInfo(**info))

    def _set_state(self, state: str) -> None:
        if state != self.state:
            if state != "running" or self.state == "paused":  # a pause or the end: the rate starts afresh
                self._rate_samples.clear()
            self.state = state
            self.sig_state_changed.emit(state)

    def _writer(self, site: str) -> SiteWriter:
        w = self._writers.get(site)
        if w is None:
            w = self._writers[site] = SiteWriter(self.workspace, site, self.store_config, self.telemetry,
                                                 busy_retries=self.settings.parser.DatabaseBusyRetries)
        return w

    def _site_entry(self, site: str) -> dict[str, Any]:
        entry = self._summary.sites.get(site)
        if entry is None:
            entry = self._summary.sites[site] = {"parsed": 0, "skipped": 0, "failed": 0,
                                                 "db_path": self._writer(site).tally.db_path}
        return entry

    def _on_launch(self, job: Job[WriteTask]) -> None:
        """Called by a writer thread under the dispatcher lock when it takes a job."""
        s = self._scheduler
        self.telemetry.emit("ParserSchedulerLaunch", Site=job.site, ActiveWorkers=s.running, ActiveSites=s.active_sites(),
                            ThreadBudget=s.budget(), QueuedJobs=s.queued(), QueuedSites=len(s.queued_by_site()))

    def _on_telemetry(self, record: dict[str, Any]) -> None:
        if record.get("EventName") in ("DatabaseWriteLatency", "ParserSchedulerLaunch", "SchedulerSnapshot",
                                       "RowsWritten", "ParseDuration", "SkippedDuplicate", "TelemetryGap"):
            with self._metrics_lock:
                self._pending_metrics.append(record)

    def _tick(self) -> None:
        self._drain()
        now = time.monotonic()
        if self.is_busy() and now - self._last_snapshot >= SNAPSHOT_SECONDS:
            self._last_snapshot = now
            queued, running, active = self._dispatcher.snapshot()
            self.telemetry.emit("SchedulerSnapshot", ActiveWorkers=active, ActiveSites=len(running),
                                QueuedJobs=sum(queued.values()), QueuedSites=len(queued), QueuedBySite=queued,
                                ActiveBySite=running, ThreadBudget=self._scheduler.budget(),
                                ParseQueued=self._parsing)
        self._emit_batches()
        if self.state in ("running", "cancelling") and not self.is_busy():
            self._finish_run()

    def _drain(self) -> None:
        while True:
            try:
                jid = self._feeder.started_jobs.get_nowait()
            except queue.Empty:
                break
            if self._jobs.get(jid, {}).get("state") == "Queued":  # never move a finished file back
                self._update(jid, "started", state="Parsing")
        while True:
            try:
                reply = self._replies.get_nowait()
            except queue.Empty:
                break
            self._on_parsed(reply)
        while True:
            try:
                done = self._writes.get_nowait()
            except queue.Empty:
                break
            self._on_written(done)

    def _on_parsed(self, reply: ParseReply) -> None:
        if reply.merge:
            self._on_merge_part(reply)
            return
        if reply.partial is not None:  # hosts of a big file sent on before it ends
            src = self._file_sources.get(reply.job_id)
            display = src.display if src else "?"
            for outcome in reply.partial:
                self._on_host(outcome, display, reply.job_id)
            streamed = self._streamed_hosts[reply.job_id] = self._streamed_hosts.get(reply.job_id, 0) + len(reply.partial)
            self._update(reply.job_id, "started", host=f"{streamed} host(s) so far")
            return
        self._parsing -= 1
        self._streamed_hosts.pop(reply.job_id, None)
        src = self._file_sources.get(reply.job_id)
        if reply.result is None and reply.error == "cancelled":
            # Not read, not done: the byte counter (and the bar) shows only what was really read.
            self._summary.cancelled_jobs += 1
            self._update(reply.job_id, "finished", state="Cancelled", progress=0.0)
            return
        self._files_done += 1
        self._bytes_done += src.size if src else 0
        if reply.result is None:
            self._summary.failures.append(Failure(src.display if src else "?", "", reply.error, "file"))
            self._summary.failed_files += 1
            self._update(reply.job_id, "failed", state="Failed", error=reply.error)
            return
        result = reply.result
        self._summary.warnings.extend(result.warnings)
        stamps = result.host_stamps()
        if (result.raw_hash and not result.unchanged_file and not result.error
                and all(stamp[5] != "failed" for stamp in stamps)):  # an unchanged file's entry stands
            key = file_index.source_key(result.source)
            self._pending_files[key] = {"size": result.source.size, "raw": result.raw_hash,
                                        "hosts": [list(stamp[:5]) for stamp in stamps]}
            self._index_keys[reply.job_id] = key
        if result.error:
            self._summary.failures.append(Failure(result.source.display, "", result.error, "file"))
            self._summary.failed_files += 1
            self.telemetry.emit("IngestionFileFailed", FileName=result.source.display, Reason=result.error)
        for outcome in result.hosts:
            self._on_host(outcome, result.source.display, reply.job_id)
        if result.error and not stamps:
            self._update(reply.job_id, "failed", state="Failed", error=result.error, progress=1.0)
        else:
            self._update(reply.job_id, "finished", state="Done", progress=1.0, parse_ms=round(result.seconds * 1000, 1),
                         host=f"{len(stamps)} host(s)")

    def _on_host(self, outcome: HostOutcome, display: str, job_id: int) -> None:
        """One capture of a host split over several files (or over one big file's parts) is merged;
        captures taken at different times are separate writes, and the store orders them by capture time."""
        seen = _capture_key(outcome)
        hits = self._seen_hosts.setdefault(seen, [])
        hits.append(job_id)
        if len(hits) == 1:
            self._handle(outcome, display, job_id)
        else:
            self._merge_later(seen)

    def _merge_later(self, seen: str) -> None:
        """A host in several files (or twice in one big file): parse it once more from all of them, in
        the parse processes (a big file is not re-read on this thread), then merge and write that. A
        later sighting starts a newer merge; only the newest one is written."""
        hits = sorted(set(self._seen_hosts[seen]))  # one file twice: a host it holds in two places
        key = seen.rsplit("@", 1)[0]
        tag = self._merge_tag(seen)
        waiting = [jid for jid in hits if jid in self._file_sources]
        self._merges[tag] = (set(waiting), {})
        for jid in waiting:
            self._parsing += 1
            self._feeder.submit(ParseRequest(jid, self._file_sources[jid], only_hosts=frozenset({key}), merge=tag))

    def _merge_tag(self, seen: str) -> str:
        """A new generation of parse-again requests for one host capture; replies of older ones are dropped."""
        generation = self._merge_generation.get(seen, 0) + 1
        self._merge_generation[seen] = generation
        return f"{generation}|{seen}"

    def _parse_again(self, outcome: HostOutcome, file: str, parent: int) -> None:
        """The parse process skipped a host its store no longer holds (the database was deleted or
        restored since the run read it): parse that host again in the parse processes, not on this
        thread (its file may be a big one), and write what comes back."""
        tag = self._merge_tag(_capture_key(outcome))
        self._merges[tag] = ({parent}, {})
        self._parse_again_of[tag] = (outcome, file, parent)
        self._parsing += 1
        self._feeder.submit(ParseRequest(parent, self._file_sources[parent], force=True,
                                         only_hosts=frozenset({outcome.host.lower()}), merge=tag))

    def _on_merge_part(self, reply: ParseReply) -> None:
        self._parsing -= 1
        again = self._parse_again_of.pop(reply.merge, None)
        entry = self._merges.get(reply.merge)
        if entry is None:
            return
        expected, parts = entry
        if again is not None:  # one part: the host alone, written (or failed) as a first sighting
            del self._merges[reply.merge]
            outcome, file, parent = again
            hosts = [h for h in (reply.result.hosts if reply.result else []) if h.host.lower() == outcome.host.lower()]
            if reply.result is None and self.state == "cancelling":
                return
            if not hosts:
                why = reply.error or "not found when its file was parsed again"
                outcome = dataclasses.replace(outcome, state="failed", reason=f"{file}:{outcome.line}: host {outcome.host}: {why}")
            self._handle(build_merged(hosts) if hosts else outcome, file, parent, merged_retry=True)
            return
        if reply.result is None:  # cancelled, or the parse process failed: the first sighting stands
            del self._merges[reply.merge]
            return
        parts[reply.job_id] = reply.result
        if set(parts) != expected:
            return  # more parts to come
        del self._merges[reply.merge]
        generation, seen = reply.merge.split("|", 1)
        if self._merge_generation.get(seen) != int(generation):
            return  # a later sighting started a newer merge
        key = seen.rsplit("@", 1)[0]
        hosts = [h for jid in sorted(parts) for h in parts[jid].hosts if h.host.lower() == key]
        if hosts:
            merged = build_merged(hosts)
            hits = sorted(parts)
            self._record_merged(hits, merged)
            files = ", ".join(self._file_sources[j].display for j in hits if j in self._file_sources)
            self._summary.hosts -= 1
            self._handle(merged, files, hits[0], merged_retry=True)

    def _record_merged(self, job_ids: list[int], merged: HostOutcome) -> None:
        """A host merged from several files (or two places in one): each file's index entry records the
        one slice the store holds for it, so a warm run skips those files like any other."""
        name = merged.host.lower()
        for jid in job_ids:
            entry = self._pending_files.get(self._index_keys.get(jid, ""))
            if entry is None:
                continue
            hosts: list[list[Any]] = []
            for stamp in entry["hosts"]:
                if str(stamp[0]).lower() != name:
                    hosts.append(stamp)
                elif not any(str(h[0]).lower() == name for h in hosts):
                    hosts.append([stamp[0], stamp[1], merged.file_hash, merged.length, stamp[4]])
            entry["hosts"] = hosts

    def _counted(self, jid: int, state: str, site: str, host: str) -> None:
        """Book a host's outcome in the summary, unless a merged write of the same host replaced it."""
        if jid in self._superseded:
            return
        entry = self._site_entry(site)
        key = {"Done": "parsed", "Skipped": "skipped", "Failed": "failed"}[state]
        setattr(self._summary, key, getattr(self._summary, key) + 1)
        entry[key] += 1
        self._booked[jid] = (key, site, host)

    def _supersede(self, jid: int) -> None:
        """The first sighting of a host seen in several files: its booking gives way to the merged one."""
        self._superseded.add(jid)
        booked = self._booked.pop(jid, None)
        if booked is not None:
            key, site, host = booked
            setattr(self._summary, key, getattr(self._summary, key) - 1)
            self._site_entry(site)[key] -= 1
            if key == "failed":
                self._summary.failures = [f for f in self._summary.failures if f.host != host]

    def _handle(self, outcome: HostOutcome, file: str, parent: int, merged_retry: bool = False) -> None:
        site = outcome.site
        self._site_entry(site)  # every site seen appears in the summary
        writer = self._writer(site)
        forced = self.force or parent in self._forced_jobs
        # The store decides: a host is skipped only when its store holds it at this slice (a skip the
        # parse process made from an older reading is checked again here).
        unchanged = not forced and writer.unchanged(outcome.host, outcome.file_hash, outcome.length)
        if outcome.state == "skipped" and not unchanged and not merged_retry and parent in self._file_sources:
            self._parse_again(outcome, file, parent)
            return
        self._summary.hosts += 1
        vendor = outcome.facts.vendor if outcome.facts else ""
        jid = self._new_job(parent=parent, file=file, host=outcome.host, site=site, vendor=vendor,
                            size=outcome.length, state="Queued", progress=0.0,
                            parse_ms=round(outcome.parse_seconds * 1000, 1))
        if merged_retry:
            first = self._host_jobs.get(_capture_key(outcome))
            if first is not None:
                self._supersede(first)
        self._host_jobs[_capture_key(outcome)] = jid
        if unchanged:
            rec = writer.history.get(outcome.host)
            self._counted(jid, "Skipped", site, outcome.host)
            self.telemetry.emit("SkippedDuplicate", Hostname=outcome.host, Site=site, Reason="HashMatch",
                                FileHash=outcome.file_hash, SourceLength=outcome.length,
                                LastIngestedUtc=rec.last_ingested_utc if rec else "")
            self._update(jid, "finished", state="Skipped", progress=1.0)
            return
        if outcome.state != "parsed" or outcome.facts is None:
            self._fail_host(jid, outcome, outcome.reason or "host could not be parsed")
            return
        if self.state == "cancelling":
            # Parsed before Cancel but handed over after it: dropped like the queued writes, not written.
            self._summary.cancelled_jobs += 1
            self._update(jid, "finished", state="Cancelled", progress=0.0)
            return
        self._batches["queued"].append(JobInfo(**self._jobs[jid]))
        self._writes_in_flight += 1
        self._dispatcher.put(Job(jid, site, outcome.length, WriteTask(outcome, writer, file, jid)))

    def _fail_host(self, jid: int, outcome: HostOutcome, reason: str, kind: str = "parse") -> None:
        self._counted(jid, "Failed", outcome.site, outcome.host)
        if jid not in self._superseded:
            self._summary.failures.append(Failure(str(self._jobs[jid].get("file", "")), outcome.host, reason, kind))
        self.telemetry.emit("ParseDuration", Hostname=outcome.host, Site=outcome.site,
                            StartTime=datetime.now(UTC).isoformat(),
                            DurationSeconds=round(outcome.parse_seconds, 3), Success=False,
                            FileName=str(self._jobs[jid].get("file", "")), Reason=reason)
        self._update(jid, "failed", state="Failed", error=reason, progress=1.0)

    def _on_written(self, done: WriteDone) -> None:
        self._writes_in_flight -= 1
        task = done.task
        outcome = task.outcome
        jid = task.job_id
        if done.result is None:
            self._fail_host(jid, outcome, f"{task.file}:{outcome.line}: host {outcome.host}: {done.error}", "store")
            return
        self._counted(jid, "Done", outcome.site, outcome.host)
        if done.result.partial:
            line = outcome.truncated_line or outcome.line
            self._summary.partial.append({"file": task.file, "line": line, "host": outcome.host,
                                          "reason": done.result.partial})
            self._summary.warnings.append(f"{task.file}:{line}: host {outcome.host}: {done.result.partial}")
        self._summary.parse_seconds.append(outcome.parse_seconds)
        self.telemetry.emit("ParseDuration", Hostname=outcome.host, Site=outcome.site,
                            StartTime=datetime.now(UTC).isoformat(),
                            DurationSeconds=round(outcome.parse_seconds + done.write_ms / 1000, 3), Success=True,
                            FileName=task.file)
        self._update(jid, "finished", state="Done", progress=1.0, write_ms=round(done.result.latency_ms, 2),
                     rows=done.result.rows)

    def _finish_run(self) -> None:
        s = self._summary
        s.seconds = time.monotonic() - self._run_started
        s.bytes = self._bytes_done  # file sizes on disk, as the progress bar counts them (not decoded text)
        s.rows_written = 0
        s.latencies_ms = []
        for site, w in self._writers.items():
            try:
                w.flush_history()
            except OSError as exc:
                s.warnings.append(f"history for site {site} not saved: {exc}")
            if site in s.sites:
                s.sites[site]["rows_written"] = w.tally.rows_written
            s.rows_written += w.tally.rows_written
            s.latencies_ms.extend(w.tally.latencies_ms)
            w.tally.rows_written = 0
            w.tally.latencies_ms = []
        self._save_file_index(s)
        self._dispatcher.settle()  # idle writers flush the search index, connections kept
        self.telemetry.flush()
        s.warnings.extend(e for e in self.telemetry.errors if e not in s.warnings)
        self._queued_paths.clear()
        self._emit_batches(force=True)
        self._set_state("idle")
        self._restore_gc()
        self.sig_run_finished.emit(s.to_json())

    _gc_relaxed = False

    def _restore_gc(self) -> None:
        if self._gc_relaxed:
            self._gc_relaxed = False
            gc_policy.restore()

    def _save_file_index(self, summary: IngestSummary) -> None:
        """Remember files whose every host is now on record, for the next warm run."""
        keep: dict[str, dict[str, Any]] = {}
        dropped: set[str] = set()
        for key, entry in self._pending_files.items():
            ok = all(self._writer(site).unchanged(host, file_hash, length)
                     for host, site, file_hash, length, _line in entry["hosts"])
            if ok:
                keep[key] = entry
            else:
                dropped.add(key)
        self._pending_files.clear()
        try:
            file_index.save(self.workspace.data, keep, dropped)
        except OSError as exc:
            summary.warnings.append(f"file index not saved (the next warm run re-reads every file): {exc}")

    def _rate(self) -> float:
        """Bytes read per second over the last RATE_WINDOW_S of running time (0 when paused, idle or too early).

        A whole-run average kept showing the last run's rate after it ended, decayed during a pause
        and, dragged down by the start (process spawn, first files), made the ETA about twice too long.
        """
        if self.state != "running" or not self.is_busy():
            return 0.0
        now = time.monotonic()
        samples = self._rate_samples
        samples.append((now, self._bytes_done))
        while len(samples) > 2 and samples[1][0] <= now - RATE_WINDOW_S:
            samples.popleft()
        t0, b0 = samples[0]
        return (self._bytes_done - b0) / (now - t0) if now - t0 >= RATE_MIN_S else 0.0

    def progress(self) -> ProgressSnapshot:
        queued, _running, active = self._dispatcher.snapshot()
        rate_bps = self._rate()
        rate = rate_bps / 1e6
        remaining = self._bytes_total - self._bytes_done
        eta = remaining / rate_bps if rate_bps > 0 else None
        return ProgressSnapshot(done_bytes=self._bytes_done, total_bytes=self._bytes_total,
                                files_done=self._files_done, files_total=self._files_total,
                                hosts_done=self._summary.parsed + self._summary.skipped + self._summary.failed,
                                queued_jobs=sum(queued.values()) + self._parsing, queued_by_site=queued,
                                active_writers=active, mb_per_s=round(rate, 2), eta_seconds=eta, state=self.state)

    def _emit_batches(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and (now - self._last_emit) * 1000 < BATCH_INTERVAL_MS:
            return
        self._last_emit = now
        for name, signal in (("queued", self.sig_job_queued), ("started", self.sig_job_started),
                             ("finished", self.sig_job_finished), ("failed", self.sig_job_failed)):
            batch = self._batches[name]
            if batch:
                self._batches[name] = []
                signal.emit(list(batch))
        with self._metrics_lock:
            metrics, self._pending_metrics = self._pending_metrics, []
        if metrics:
            self.sig_metrics.emit(metrics)
        self.sig_progress.emit(dict(self.progress()))


def _capture_key(outcome: HostOutcome) -> str:
    """Host plus capture: sightings of one capture merge; a file's mtime is no evidence of a new capture."""
    evidence = outcome.capture_source in ("clock", "log-header", "file-name")
    return f"{outcome.host.lower()}@{outcome.capture_time if evidence else ''}"


def _load_known(workspace: Workspace, store: StoreConfig) -> dict[str, tuple[str, int]]:
    from engine.ingest.pipeline import load_known

    return load_known(workspace, store)


def run_headless(workspace: Workspace, paths: list[Path], settings: Settings | None = None,
                 store: StoreConfig | None = None, processes: int = 0, force: bool = False,
                 on_progress: Any = None, telemetry: Telemetry | None = None) -> IngestSummary:
    """The CLI path: the same runtime on a QCoreApplication, until the run finishes."""
    from engine.runtime.qtcore import QCoreApplication

    app = QCoreApplication.instance() or QCoreApplication([])
    if processes <= 0:
        # Spawning parse processes costs about a second: not worth it for a few megabytes.
        sources, _ = discover(paths)
        if sum(s.size for s in sources) < SMALL_RUN_BYTES:
            processes = 1
    runtime = IngestRuntime(workspace, settings, store, processes=processes, force=force, telemetry=telemetry)
    finished: dict[str, Any] = {}

    def done(summary: dict[str, Any]) -> None:
        finished.update(summary)
        app.quit()

    runtime.sig_run_finished.connect(done)
    if on_progress is not None:
        runtime.sig_progress.connect(on_progress)
    workspace.ensure()
    import signal

    previous = signal.signal(signal.SIGINT, lambda *_: runtime.cancel())
    ids = runtime.submit(paths)
    if ids or runtime.is_busy():
        app.exec()
    elif runtime.state != "idle":
        runtime._finish_run()
    signal.signal(signal.SIGINT, previous)
    summary = runtime.summary()
    runtime.shutdown()
    if not finished:
        summary.seconds = summary.seconds or 0.0
    return summary


def ingest(paths: Iterable[Path], workspace: Workspace, options: IngestOptions | None = None,
           telemetry: Telemetry | None = None) -> IngestSummary:
    """Ingest and wait, for scripts and benchmarks: the same runtime the GUI drives (one code path).
    It lives here, not in engine.ingest, so the ingest layer never imports the runtime above it."""
    opts = options or IngestOptions()
    return run_headless(workspace, list(paths), store=opts.store, processes=opts.processes, force=opts.force,
                        on_progress=opts.progress, telemetry=telemetry)


__all__ = ["IngestRuntime", "Limits", "ingest", "run_headless"]
