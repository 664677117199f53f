"""The relaxed collector policy of a run: held while any run needs it, and the thresholds put back after."""

from __future__ import annotations

import gc

from engine import gc_policy


def test_a_run_collects_rarely_puts_the_thresholds_back_and_keeps_an_earlier_freeze() -> None:
    before = gc.get_threshold()
    gc.freeze()  # as the window freezes its start-up objects
    frozen = gc.get_freeze_count()
    try:
        gc_policy.relax()
        try:
            assert gc.get_threshold() == gc_policy.INGEST_THRESHOLDS and gc_policy.relaxed()
        finally:
            gc_policy.restore()
        assert gc.get_threshold() == before and not gc_policy.relaxed()
        assert gc.get_freeze_count() == frozen > 0  # the run left the window's freeze alone
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_the_policy_holds_until_the_last_of_two_runs_ends() -> None:
    before = gc.get_threshold()
    gc_policy.relax()
    gc_policy.relax()
    gc_policy.restore()
    assert gc.get_threshold() == gc_policy.INGEST_THRESHOLDS
    gc_policy.restore()
    assert gc.get_threshold() == before
    gc_policy.restore()  # one restore too many changes nothing
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_cyclic_garbage_is_still_collected_while_relaxed() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self

    gc_policy.relax()
    try:
        for _ in range(gc_policy.INGEST_THRESHOLDS[0] * 3):
            Node()
        # A pass has run since: far fewer cycles are alive than were made.
        alive = sum(1 for o in gc.get_objects() if type(o) is Node)
        assert alive < gc_policy.INGEST_THRESHOLDS[0] * 2
    finally:
        gc_policy.restore()
