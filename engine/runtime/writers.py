"""Writer side of the runtime, Qt-free: a thread-safe dispatcher and the per-thread connection cache.

Each writer thread owns the connections it opened (cached per database with an idle TTL and closed
on that same thread, as ODBC/ACE and COM require); exclusivity per database comes from the
scheduler (one running job per site) and, across processes, from the site's lock file taken for
each host write.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from engine.ingest.worker import HostOutcome
from engine.ingest.writer import SiteWriter
from engine.runtime.scheduler import FairScheduler, Job
from engine.store import SiteStore, StoreError, WriteResult
from engine.store.com import apartment, windows_com


@dataclass(slots=True)
class WriteTask:
    outcome: HostOutcome
    writer: SiteWriter
    file: str
    job_id: int


@dataclass(slots=True)
class WriteDone:
    task: WriteTask
    result: WriteResult | None
    error: str = ""
    write_ms: float = 0.0
    thread: str = ""


class Dispatcher:
    """Thread-safe access to the scheduler for the writer threads."""

    def __init__(self, scheduler: FairScheduler[WriteTask], on_launch: Callable[[Job[WriteTask]], None]) -> None:
        self.scheduler = scheduler
        self.cond = threading.Condition()
        self.stopping = False
        self.paused = False
        self.on_launch = on_launch
        self.settle_requests = 0  # raised at the end of each run; idle writers settle their stores then

    def settle(self) -> None:
        """A run ended: each writer thread, when next idle, settles the stores it keeps open."""
        with self.cond:
            self.settle_requests += 1
            self.cond.notify_all()

    def put(self, job: Job[WriteTask]) -> None:
        with self.cond:
            self.scheduler.enqueue(job)
            self.cond.notify()

    def take(self, timeout: float) -> Job[WriteTask] | None:
        deadline = time.monotonic() + timeout
        with self.cond:
            while not self.stopping:
                if not self.paused:
                    job = self.scheduler.next_job()
                    if job is not None:
                        self.on_launch(job)
                        return job
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self.cond.wait(remaining)
            return None

    def take_more(self, job: Job[WriteTask], count: int, max_ports: int) -> list[Job[WriteTask]]:
        """More queued hosts of the same site, to write in `job`'s transaction (none while paused), while
        the group holds at most `max_ports` ports in all (its transaction's latency grows with them)."""
        with self.cond:
            if self.paused or self.stopping or count <= 0:
                return []
            ports = [_ports(job)]

            def fits(candidate: Job[WriteTask]) -> bool:
                n = _ports(candidate)
                if ports[0] + n > max_ports:
                    return False
                ports[0] += n
                return True

            extras = self.scheduler.take_same_site(job, count, fits)
            for extra in extras:
                self.on_launch(extra)
            return extras

    def done(self, job: Job[WriteTask]) -> None:
        with self.cond:
            self.scheduler.finished(job)
            self.cond.notify_all()

    def set_paused(self, paused: bool) -> None:
        with self.cond:
            self.paused = paused
            self.cond.notify_all()

    def stop(self) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify_all()

    def snapshot(self) -> tuple[dict[str, int], dict[str, int], int]:
        with self.cond:
            return self.scheduler.queued_by_site(), self.scheduler.running_by_site(), self.scheduler.running


@contextmanager
def com_apartment() -> Iterator[None]:
    """COM single-threaded apartment for this thread on Windows (ACE/DAO need it); a no-op elsewhere."""
    with apartment(windows_com()):
        yield


@dataclass(slots=True)
class _Cached:
    store: SiteStore
    last_used: float


@dataclass(slots=True)
class ConnectionCache:
    """Connections opened by one thread, closed by it after `ttl` seconds idle or on exit."""

    ttl: float
    entries: dict[str, _Cached] = field(default_factory=dict)

    def get(self, writer: SiteWriter) -> SiteStore:
        key = writer.key
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = _Cached(writer.open_store(), time.monotonic())
        entry.last_used = time.monotonic()
        return entry.store

    def drop(self, key: str) -> None:
        entry = self.entries.pop(key, None)
        if entry is not None:
            try:
                entry.store.close()
            except Exception:
                pass

    def expire(self, now: float | None = None, keys: set[str] | None = None) -> None:
        now = time.monotonic() if now is None else now
        for key in [k for k, e in self.entries.items() if now - e.last_used >= self.ttl or (keys and k in keys)]:
            self.drop(key)

    def close_all(self) -> None:
        for key in list(self.entries):
            self.drop(key)

    def settle(self) -> None:
        for key, entry in list(self.entries.items()):
            try:
                entry.store.settle()
            except Exception:
                self.drop(key)  # a store that cannot settle is closed (which tries once more)


# Hosts of one site written in one transaction when several are queued (group commit): the COMMIT and
# the lock take are paid once per group. Bounded by hosts and by ports: a group's hosts all wait for its
# COMMIT, so its latency (reported for each of them) grows with its rows; see docs/performance.md.
GROUP_HOSTS = 16
GROUP_MAX_PORTS = 480


def _ports(job: Job[WriteTask]) -> int:
    facts = job.payload.outcome.facts
    return len(facts.ports) if facts is not None else 0


def _write_group(dispatcher: Dispatcher, cache: ConnectionCache, jobs: list[Job[WriteTask]], when: datetime,
                 report: Callable[[WriteDone], None], name: str) -> None:
    writer = jobs[0].payload.writer
    t0 = time.perf_counter()
    try:
        results = writer.write_group(cache, [(j.payload.outcome, j.payload.file) for j in jobs], when)
    except Exception as exc:  # noqa: BLE001 - every host of the group is reported failed, none lost
        results = [exc] * len(jobs)
    elapsed = (time.perf_counter() - t0) * 1000
    dones: list[WriteDone] = []
    for job, result in zip(jobs, results, strict=True):
        if isinstance(result, WriteResult):
            dones.append(WriteDone(job.payload, result, write_ms=elapsed / len(jobs), thread=name))
        else:
            if not isinstance(result, (StoreError, OSError)):
                cache.drop(writer.key)
            kind = "database write failed" if isinstance(result, (StoreError, OSError)) else "database error"
            detail = str(result) if isinstance(result, (StoreError, OSError)) else repr(result)
            dones.append(WriteDone(job.payload, None, f"{kind}: {detail}", elapsed / len(jobs), name))
    for job in jobs:
        dispatcher.done(job)
    for done in dones:
        report(done)


class _WriterCpu:
    """CPU-seconds the writer threads of this process spent in their loops, for `bench-throughput`'s
    per-stage shares (the process's CPU minus this is the runtime's own bookkeeping)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seconds = 0.0

    def add(self, seconds: float) -> None:
        with self.lock:
            self.seconds += seconds


WRITER_CPU = _WriterCpu()


def writer_loop(dispatcher: Dispatcher, run_date: Callable[[], datetime], report: Callable[[WriteDone], None],
                ttl_seconds: float, released: Callable[[], set[str]], name: str) -> None:
    """The body of one writer thread: take a job, write it, report, until the dispatcher stops."""
    started = time.thread_time()
    try:
        _writer_loop(dispatcher, run_date, report, ttl_seconds, released, name)
    finally:
        WRITER_CPU.add(time.thread_time() - started)


def _writer_loop(dispatcher: Dispatcher, run_date: Callable[[], datetime], report: Callable[[WriteDone], None],
                 ttl_seconds: float, released: Callable[[], set[str]], name: str) -> None:
    cache = ConnectionCache(ttl_seconds)
    settled = dispatcher.settle_requests
    with com_apartment():
        try:
            while True:
                job = dispatcher.take(timeout=0.25)
                cache.expire(keys=released())
                if job is None:
                    if dispatcher.stopping:
                        break
                    if settled != dispatcher.settle_requests:
                        settled = dispatcher.settle_requests
                        cache.settle()
                    continue
                task = job.payload
                if getattr(task.writer, "groupable", False):
                    extras = dispatcher.take_more(job, GROUP_HOSTS - 1, GROUP_MAX_PORTS)
                    if extras:
                        _write_group(dispatcher, cache, [job, *extras], run_date(), report, name)
                        continue
                t0 = time.perf_counter()
                try:
                    result = task.writer.write_with(cache, task.outcome, run_date(), task.file)
                    done = WriteDone(task, result, write_ms=(time.perf_counter() - t0) * 1000, thread=name)
                except (StoreError, OSError) as exc:
                    cache.drop(task.writer.key)
                    done = WriteDone(task, None, f"database write failed: {exc}",
                                     (time.perf_counter() - t0) * 1000, name)
                except Exception as exc:
                    cache.drop(task.writer.key)
                    done = WriteDone(task, None, f"database error: {exc!r}", (time.perf_counter() - t0) * 1000, name)
                finally:
                    dispatcher.done(job)
                report(done)
        finally:
            cache.close_all()
