"""`statetrace-cli worker`: one of several processes (on one or many machines) sharing a drop folder.

Each loop: list the folder, enqueue files that settled, claim one job (SKIP LOCKED), ingest it with
`engine.runtime.qt_runtime.ingest` into the PostgreSQL store while a heartbeat thread renews the lease,
then mark it done. Database trouble gives the job back (it is retried; hosts already committed for
the job are skipped through the ledger); a lost server makes the worker wait and reconnect.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from engine.ingest.pipeline import IngestOptions, IngestSummary
from engine.runtime.qt_runtime import ingest
from engine.store.base import StoreConfig, StoreError
from engine.store.jobs import Job, JobQueue, default_worker_name, open_queue
from engine.store.postgres import ConnectError
from engine.telemetry import Telemetry
from engine.transcript.source import ARCHIVE_SUFFIXES, TEXT_SUFFIXES
from engine.workspace import Workspace

# Failure reasons the runtime gives when the store, not the transcript, failed: worth a retry.
STORE_FAILURE_MARKERS = ("database write failed", "database error", "connection lost")

log = logging.getLogger("engine.worker")  # timestamped records on stderr and in statetrace-cli.log


@dataclass(slots=True)
class WorkerOptions:
    dsn: str
    watch: Path
    queue: str = ""
    once: bool = False
    lease_s: float = 60.0
    poll_s: float = 2.0
    settle_s: float = 2.0
    max_attempts: int = 5
    processes: int = 1
    name: str = field(default_factory=default_worker_name)

    @property
    def queue_name(self) -> str:
        return self.queue or self.watch.resolve().name


@dataclass(slots=True)
class WorkerStats:
    done: int = 0
    released: int = 0
    failed: int = 0
    hosts: int = 0
    reconnects: int = 0


def scan(folder: Path, settle_s: float, now: float | None = None) -> list[tuple[str, int, int]]:
    """Transcript files under `folder` (relative POSIX names) that have not changed for `settle_s`."""
    now = time.time() if now is None else now
    out: list[tuple[str, int, int]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.startswith("WarmRunTelemetry-"):
                continue
            if os.path.splitext(name)[1].lower() not in TEXT_SUFFIXES | ARCHIVE_SUFFIXES:
                continue
            path = Path(root) / name
            try:
                st = path.stat()
            except OSError:
                continue
            if now - st.st_mtime < settle_s:
                continue
            out.append((path.relative_to(folder).as_posix(), st.st_size, st.st_mtime_ns))
    return out


def is_store_failure(reason: str) -> bool:
    low = reason.lower()
    return any(m in low for m in STORE_FAILURE_MARKERS)


class Heartbeat:
    """Renews a job's lease every lease/3 seconds on its own connection until stopped."""

    def __init__(self, options: WorkerOptions, job: Job) -> None:
        self.options = options
        self.job = job
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="statetrace-lease", daemon=True)

    def _run(self) -> None:
        queue: JobQueue | None = None
        interval = max(0.2, self.options.lease_s / 3)
        while not self._stop.wait(interval):
            try:
                if queue is None:
                    queue = open_queue(self.options.dsn, self.options.queue_name, self.options.name,
                                       self.options.lease_s, self.options.max_attempts)
                if not queue.renew(self.job):
                    self.lost = True
                    break
            except Exception:  # noqa: BLE001 - server away: try again next beat; the lease may expire
                if queue is not None:
                    queue.close()
                queue = None
        if queue is not None:
            queue.close()

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(10)


class Worker:
    def __init__(self, options: WorkerOptions, workspace: Workspace) -> None:
        self.options = options
        self.workspace = workspace
        self.stats = WorkerStats()
        self.stopping = False
        self.queue: JobQueue | None = None

    def _queue(self) -> JobQueue:
        if self.queue is None:
            self.queue = open_queue(self.options.dsn, self.options.queue_name, self.options.name,
                                    self.options.lease_s, self.options.max_attempts)
        return self.queue

    def _drop_queue(self) -> None:
        if self.queue is not None:
            self.queue.close()
        self.queue = None

    def run(self) -> int:
        """Work until stopped (or, with --once, until nothing is claimable); exit status."""
        telemetry = Telemetry(self.workspace.metrics_dir)
        backoff = 1.0
        failures_in_a_row = 0
        try:
            while not self.stopping:
                try:
                    queue = self._queue()
                    queue.enqueue(scan(self.options.watch, self.options.settle_s))
                    job = queue.claim()
                    backoff, failures_in_a_row = 1.0, 0
                    if job is None:
                        if self.options.once:
                            break
                        time.sleep(self.options.poll_s)
                        continue
                    self.process(queue, job, telemetry)
                except StoreError as exc:
                    failures_in_a_row += 1
                    self._drop_queue()
                    self.stats.reconnects += 1
                    fatal = isinstance(exc, ConnectError) and not exc.retryable
                    if fatal or (self.options.once and failures_in_a_row >= 3):
                        log.error("worker %s: %s", self.options.name, exc)
                        return 1
                    log.warning("worker %s: %s; retrying in %.0f s", self.options.name, exc, backoff)
                    time.sleep(backoff)
                    backoff = min(backoff * 2, 30.0)
                except Exception as exc:  # noqa: BLE001 - psycopg errors from a dropped connection
                    failures_in_a_row += 1
                    self._drop_queue()
                    self.stats.reconnects += 1
                    if self.options.once and failures_in_a_row >= 3:
                        log.error("worker %s: giving up: %s", self.options.name, exc)
                        return 1
                    log.warning("worker %s: database unavailable (%s); retrying in %.0f s", self.options.name, exc, backoff)
                    time.sleep(backoff)
                    backoff = min(backoff * 2, 30.0)
        finally:
            self._drop_queue()
            telemetry.close()
        log.info("worker %s: %d job(s) done, %d given back, %d failed, %d host(s)", self.options.name,
                 self.stats.done, self.stats.released, self.stats.failed, self.stats.hosts)
        return 0

    def process(self, queue: JobQueue, job: Job, telemetry: Telemetry) -> None:
        path = self.options.watch / job.name
        if not path.is_file():
            queue.release(job, f"{job.name} disappeared before it was ingested", final=True)
            self.stats.failed += 1
            return
        store = StoreConfig(backend="postgresql", dsn=self.options.dsn, job_id=job.id)
        with Heartbeat(self.options, job) as beat:
            summary = ingest([path], self.workspace, IngestOptions(store=store, processes=self.options.processes),
                             telemetry)
        self.stats.hosts += summary.parsed
        if beat.lost:
            log.warning("worker %s: lost the lease of %s; another worker owns it now", self.options.name, job.name)
            return
        store_failures = [f.reason for f in summary.failures if f.kind == "store" or is_store_failure(f.reason)]
        if store_failures:
            queue.release(job, store_failures[0])
            self.stats.released += 1
            log.warning("worker %s: %s given back for a retry: %s", self.options.name, job.name, store_failures[0])
            return
        errors = "; ".join(f.reason for f in summary.failures)[:2000]
        if not queue.finish(job, summary.hosts, summary.parsed, summary.skipped, summary.failed, errors):
            log.warning("worker %s: lost the lease of %s before finishing; the worker that owns it now "
                        "completes it (hosts already written are not written again)", self.options.name, job.name)
            return
        self.stats.done += 1
        log.info("worker %s: %s: %d written, %d unchanged, %d failed", self.options.name, job.name,
                 summary.parsed, summary.skipped, summary.failed)


def run_worker(options: WorkerOptions, workspace: Workspace) -> int:
    worker = Worker(options, workspace)

    def stop(signum: int, frame: FrameType | None) -> None:
        worker.stopping = True

    previous: Any = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, stop)
    try:
        return worker.run()
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


__all__ = ["IngestSummary", "WorkerOptions", "run_worker", "scan"]
