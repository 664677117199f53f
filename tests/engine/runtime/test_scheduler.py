"""Property tests of the fair scheduler: limits hold, everything runs, no site starves, order is stable."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.runtime.scheduler import FairScheduler, Job, Limits, auto_limits

jobs_strategy = st.lists(st.tuples(st.sampled_from(["BOYO", "WLLS", "SITE", "LABS", "HQ01"]),
                                   st.integers(min_value=1, max_value=5_000_000)), min_size=1, max_size=80)
limits_strategy = st.builds(Limits, max_workers_per_site=st.integers(0, 3), max_active_sites=st.integers(0, 4),
                            max_consecutive=st.integers(1, 8), thread_budget=st.integers(1, 6))


def simulate(jobs: list[tuple[str, int]], limits: Limits, finish_every: int = 1) -> tuple[list[int], list[str]]:
    """Launch until blocked, then finish the oldest running job; returns launch order and violations."""
    sched: FairScheduler[None] = FairScheduler(limits)
    for i, (site, size) in enumerate(jobs):
        sched.enqueue(Job(i, site, size, None))
    running: list[Job[None]] = []
    order: list[int] = []
    problems: list[str] = []
    while len(order) < len(jobs):
        launched = sched.next_job()
        if launched is None:
            if not running:
                problems.append("stalled with queued jobs and nothing running")
                break
            for _ in range(min(finish_every, len(running))):
                sched.finished(running.pop(0))
            continue
        running.append(launched)
        order.append(launched.id)
        per_site: dict[str, int] = {}
        for j in running:
            per_site[j.site] = per_site.get(j.site, 0) + 1
        if len(running) > limits.thread_budget:
            problems.append("thread budget exceeded")
        if limits.max_workers_per_site and max(per_site.values()) > limits.max_workers_per_site:
            problems.append("per-site limit exceeded")
        if limits.max_active_sites and len(per_site) > limits.max_active_sites:
            problems.append("active-site limit exceeded")
    return order, problems


@settings(max_examples=150, deadline=None)
@given(jobs_strategy, limits_strategy)
def test_limits_hold_and_every_job_runs(jobs: list[tuple[str, int]], limits: Limits) -> None:
    order, problems = simulate(jobs, limits)
    assert problems == []
    assert sorted(order) == list(range(len(jobs)))


@settings(max_examples=150, deadline=None)
@given(jobs_strategy, limits_strategy)
def test_same_inputs_same_order(jobs: list[tuple[str, int]], limits: Limits) -> None:
    assert simulate(jobs, limits) == simulate(jobs, limits)


@settings(max_examples=150, deadline=None)
@given(jobs_strategy, st.integers(1, 8))
def test_no_site_waits_behind_more_than_the_streak_of_another(jobs: list[tuple[str, int]], streak: int) -> None:
    limits = Limits(max_workers_per_site=0, max_active_sites=0, max_consecutive=streak, thread_budget=1)
    order, _ = simulate(jobs, limits)
    site_of = {i: s for i, (s, _) in enumerate(jobs)}
    remaining = {s: sum(1 for x, _ in jobs if x == s) for s, _ in jobs}
    run, last = 0, None
    for jid in order:
        site = site_of[jid]
        run = run + 1 if site == last else 1
        last = site
        remaining[site] -= 1
        others_waiting = any(n > 0 for s, n in remaining.items() if s != site)
        assert run <= streak or not others_waiting


def test_a_heavy_site_does_not_hold_the_writers_while_light_sites_wait() -> None:
    sched: FairScheduler[None] = FairScheduler(Limits(max_workers_per_site=1, thread_budget=1, max_consecutive=8))
    jobs = [Job(i, "HEAVY", 50_000_000, None) for i in range(10)] + [Job(100 + i, f"L{i}", 100_000, None)
                                                                     for i in range(5)]
    for j in jobs:
        sched.enqueue(j)
    order = []
    while (j := sched.next_job()) is not None:
        order.append(j.site)
        sched.finished(j)
    # Byte weighting: after one huge job, every small site goes before the next huge one.
    assert order[:6] == ["HEAVY", "L0", "L1", "L2", "L3", "L4"] or order[:6].count("HEAVY") == 1


def test_auto_profile_follows_the_legacy_worked_example() -> None:
    limits = auto_limits(cpu=8, devices=37, sites=2, thread_hint=8)
    assert limits.thread_budget == 8 and limits.max_workers_per_site == 1
    assert auto_limits(cpu=2, devices=0, sites=1).thread_budget >= 1


def test_embedded_writers_stop_at_one_per_core_server_writers_at_two() -> None:
    """SQLite writers are CPU work under one GIL: more of them than cores only contend."""
    assert auto_limits(cpu=2, devices=64, sites=10, writers_per_core=1).thread_budget == 2
    assert auto_limits(cpu=2, devices=64, sites=10).thread_budget == 4
    assert auto_limits(cpu=2, devices=64, sites=10, thread_hint=3, writers_per_core=1).thread_budget == 3  # a hint wins


def test_auto_scale_off_uses_the_settings_values_not_the_profile() -> None:
    """`AutoScaleConcurrency: false` is the analyst saying "use my numbers": the ceiling they typed, within
    the legacy clamps, instead of the profile's choice."""
    from engine.runtime.scheduler import writer_limits
    from engine.settings import ParserSettings

    typed = ParserSettings(AutoScaleConcurrency=False, MaxActiveSites=3, JobsPerThread=5)
    own = writer_limits(typed, "sqlite", cpu=2)
    assert (own.max_active_sites, own.jobs_per_thread) == (3, 5)
    # with auto-scale on, the profile decides the fields the Settings dialog greys out
    auto = writer_limits(typed.model_copy(update={"AutoScaleConcurrency": True}), "sqlite", cpu=2)
    assert (auto.max_active_sites, auto.jobs_per_thread) == (0, 4)
    # legacy defaults for 0 values and the final clamps: min(8, CPU), at most 2 x CPU, at least the minimum
    assert writer_limits(ParserSettings(AutoScaleConcurrency=False), "sqlite", cpu=2).thread_budget == 2
    assert writer_limits(ParserSettings(AutoScaleConcurrency=False, MaxRunspaceCeiling=50), "sqlite",
                         cpu=2).thread_budget == 4
    assert writer_limits(ParserSettings(AutoScaleConcurrency=False, MaxRunspaceCeiling=1, MinRunspaceCount=3),
                         "sqlite", cpu=2).thread_budget == 3
    capped = writer_limits(ParserSettings(AutoScaleConcurrency=False, MaxRunspaceCeiling=4, MaxActiveSites=2),
                           "postgresql", cpu=2)
    assert (capped.thread_budget, capped.max_active_sites, capped.max_workers_per_site) == (2, 2, 1)
