"""Per-site fair scheduler for write jobs (pure Python, no Qt; legacy sections 4.2-4.5 plus bytes).

One FIFO queue per site. The next job comes from the eligible site that has been served the
fewest bytes so far (weighted fair queuing), ties broken by round-robin order, so a site of huge
devices cannot hold the writers while small sites wait. On top of that the legacy rules hold:
at most `max_workers_per_site` running jobs per site, at most `max_active_sites` sites running at
once, and no site gets more than `max_consecutive` launches in a row while another site waits.
Everything is deterministic: the same inputs give the same order.
"""

from __future__ import annotations

import math
import os
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from engine.settings import ParserSettings

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Limits:
    max_workers_per_site: int = 1  # 0: unlimited
    max_active_sites: int = 0  # 0: unlimited
    max_consecutive: int = 8
    thread_budget: int = 4
    min_threads: int = 1
    jobs_per_thread: int = 2
    adaptive: bool = True


@dataclass(slots=True)
class Job(Generic[T]):
    id: int
    site: str
    size: int
    payload: T


@dataclass(slots=True)
class _Site(Generic[T]):
    queue: deque[Job[T]] = field(default_factory=deque)
    running: int = 0
    served_bytes: float = 0.0


class FairScheduler(Generic[T]):
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._sites: OrderedDict[str, _Site[T]] = OrderedDict()
        self._rotation: deque[str] = deque()
        self._last_site: str | None = None
        self._streak = 0
        self.running = 0

    # -- queue --------------------------------------------------------------------------------------
    def enqueue(self, job: Job[T]) -> None:
        site = self._sites.get(job.site)
        if site is None:
            site = self._sites[job.site] = _Site()
            self._rotation.append(job.site)
        if not site.queue and site.running == 0:
            # A site that (re)joins starts level with the least-served busy site, not at zero.
            busy = [s.served_bytes for n, s in self._sites.items() if (s.queue or s.running) and n != job.site]
            if busy:
                site.served_bytes = max(site.served_bytes, min(busy))
        site.queue.append(job)

    def queued(self) -> int:
        return sum(len(s.queue) for s in self._sites.values())

    def queued_by_site(self) -> dict[str, int]:
        return {name: len(s.queue) for name, s in self._sites.items() if s.queue}

    def running_by_site(self) -> dict[str, int]:
        return {name: s.running for name, s in self._sites.items() if s.running}

    def active_sites(self) -> int:
        return sum(1 for s in self._sites.values() if s.running)

    def remove_queued(self) -> list[Job[T]]:
        """Drop every queued job (cancel); running jobs finish."""
        dropped: list[Job[T]] = []
        for s in self._sites.values():
            dropped.extend(s.queue)
            s.queue.clear()
        return dropped

    # -- dispatch -----------------------------------------------------------------------------------
    def _eligible(self, name: str) -> bool:
        site = self._sites[name]
        if not site.queue:
            return False
        w = self.limits.max_workers_per_site
        if w > 0 and site.running >= w:
            return False
        a = self.limits.max_active_sites
        return not (a > 0 and site.running == 0 and self.active_sites() >= a)

    def budget(self) -> int:
        """Legacy adaptive budget (4.5): enough writers for the backlog, never above the ceiling."""
        ceiling = max(1, self.limits.thread_budget)
        if not self.limits.adaptive:
            return ceiling
        floor = max(1, min(self.limits.min_threads, ceiling))
        queued = self.queued()
        desired = max(floor, self.running)
        if queued:
            desired = max(desired, self.running + math.ceil(queued / max(1, self.limits.jobs_per_thread)))
        return max(floor, min(desired, ceiling))

    def next_job(self) -> Job[T] | None:
        """Launch the next job, or None when nothing is eligible or the thread budget is used."""
        if self.running >= self.budget():
            return None
        candidates = [n for n in self._rotation if self._eligible(n)]
        if not candidates:
            return None
        if (self._last_site is not None and self._streak >= self.limits.max_consecutive
                and len(candidates) > 1 and self._last_site in candidates):
            candidates.remove(self._last_site)  # fairness: another waiting site goes first
        order = {n: i for i, n in enumerate(self._rotation)}
        name = min(candidates, key=lambda n: (self._sites[n].served_bytes, order[n]))
        site = self._sites[name]
        job = site.queue.popleft()
        site.running += 1
        site.served_bytes += max(1, job.size)
        self.running += 1
        if name == self._last_site:
            self._streak += 1
        else:
            self._last_site, self._streak = name, 1
        self._rotation.remove(name)
        self._rotation.append(name)
        return job

    def take_same_site(self, job: Job[T], count: int, fits: Callable[[Job[T]], bool] | None = None) -> list[Job[T]]:
        """Up to `count` more queued jobs of `job`'s site, launched with it (group commit), while `fits`
        accepts the next one. They are the jobs the site would run next anyway; their bytes count as
        served, so fairness still weighs them."""
        site = self._sites[job.site]
        taken: list[Job[T]] = []
        while site.queue and len(taken) < count and (fits is None or fits(site.queue[0])):
            extra = site.queue.popleft()
            site.running += 1
            site.served_bytes += max(1, extra.size)
            self.running += 1
            taken.append(extra)
        return taken

    def finished(self, job: Job[T]) -> None:
        site = self._sites[job.site]
        site.running -= 1
        self.running -= 1


def auto_limits(cpu: int, devices: int, sites: int, max_workers_per_site: int = 0, max_active_sites: int = -1,
                thread_hint: int = 0, max_consecutive: int = 8, min_threads: int = 1, jobs_per_thread: int = 0,
                adaptive: bool = True, writers_per_core: int = 2) -> Limits:
    """The legacy auto-scale profile (section 4.3) for the writer pool: one writer per database file.

    `writers_per_core`: how many busy sites may each have a writer per core. Writers that wait on a
    server or a driver with the GIL released (ACE/ODBC, PostgreSQL) gain from 2; embedded SQLite writers
    are CPU work in this process, and more of them than cores only contend for the GIL (twice the sites
    measured 12% more CPU for the same bytes with 4 writers on 2 cores).
    """
    sites = max(1, sites)
    bound = max(1, min(2 * cpu, max(1, devices)))
    t = thread_hint if thread_hint > 0 else (min(math.ceil(0.75 * cpu), devices) if devices else math.ceil(0.75 * cpu))
    t = max(1, min(t, bound))
    t = max(t, min(sites, max(1, writers_per_core) * cpu))  # let each busy site have its own writer
    a = 0 if max_active_sites == 0 else (min(sites, max_active_sites) if max_active_sites > 0 else 0)
    j = jobs_per_thread if jobs_per_thread > 0 else max(1, min(4, math.ceil(max(1, devices) / t)))
    m = min_threads if 1 <= min_threads <= t else max(1, min(t, math.ceil(sites / 2)))
    return Limits(max_workers_per_site=1, max_active_sites=a, max_consecutive=max_consecutive, thread_budget=max(t, m),
                  min_threads=m, jobs_per_thread=j, adaptive=adaptive)


def settings_limits(cpu: int, thread_hint: int = 0, max_active_sites: int = 0, max_consecutive: int = 8,
                    min_threads: int = 1, jobs_per_thread: int = 0, adaptive: bool = True) -> Limits:
    """The writer pool as the settings file says, for `AutoScaleConcurrency: false` (legacy 4.2 and 4.4).

    Built-in defaults for absent (0) values: thread ceiling min(8, CPU), two jobs per thread, no cap on
    active sites. Then the legacy final clamps: at least MinRunspaceCount, at most 2 x CPU, and at most one
    writer per active site when MaxActiveSites caps them (one writer per database file always).
    """
    m = max(1, min_threads)
    t = thread_hint if thread_hint > 0 else min(8, cpu)
    a = max_active_sites if max_active_sites > 0 else 0
    t = max(m, t)
    t = min(t, max(m, 2 * cpu))
    if a > 0:
        t = min(t, max(m, a))
    j = jobs_per_thread if jobs_per_thread > 0 else 2
    return Limits(max_workers_per_site=1, max_active_sites=a, max_consecutive=max_consecutive, thread_budget=t,
                  min_threads=m, jobs_per_thread=j, adaptive=adaptive)


def writer_limits(parser: ParserSettings, backend: str, cpu: int | None = None) -> Limits:
    """The writer pool for a run: the auto-scale profile when `AutoScaleConcurrency` is on, else the
    settings' own values (both keep one writer per database file, whatever MaxWorkersPerSite says)."""
    cpus = cpu or os.cpu_count() or 1
    if not parser.AutoScaleConcurrency:
        return settings_limits(cpus, thread_hint=parser.MaxRunspaceCeiling, max_active_sites=parser.MaxActiveSites,
                               max_consecutive=parser.MaxConsecutiveSiteLaunches, min_threads=parser.MinRunspaceCount,
                               jobs_per_thread=parser.JobsPerThread, adaptive=parser.EnableAdaptiveThreads)
    # The profile decides active sites and jobs per thread (the Settings dialog greys them while it is on);
    # the thread ceiling and the minimum stay hints, as in the legacy profile.
    return auto_limits(cpus, devices=64, sites=4, thread_hint=parser.MaxRunspaceCeiling,
                       max_consecutive=parser.MaxConsecutiveSiteLaunches, min_threads=parser.MinRunspaceCount,
                       adaptive=parser.EnableAdaptiveThreads, writers_per_core=1 if backend == "sqlite" else 2)
