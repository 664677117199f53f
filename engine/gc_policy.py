"""Fewer cyclic garbage collections while ingesting.

Ingestion allocates millions of short-lived containers (facts, rows, tuples, pickles' objects) that
reference counting frees at once; CPython's cyclic collector still runs a pass for every 700 net
container allocations and a full pass as the heap grows, scanning every long-lived object (modules,
the window's objects, the writers' caches) again and again. During a run the young generation is made
much larger and what existed before the run is frozen out of the collector's passes; both are put back
when the last run in the process ends. Measured in docs/performance.md (issue 12, session 25).
"""

from __future__ import annotations

import gc
import threading

# A pass per 100,000 net allocations, and older generations a fraction as often: a parse process or a
# writer holds at most a few MB of cyclic garbage between passes.
INGEST_THRESHOLDS = (100_000, 50, 50)

_lock = threading.Lock()
_holders = 0
_saved: tuple[int, int, int] = (700, 10, 10)


def relax() -> None:
    """A run starts: collect rarely. Pair each call with `restore`."""
    global _holders, _saved
    with _lock:
        _holders += 1
        if _holders == 1:
            _saved = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(*INGEST_THRESHOLDS)


def restore() -> None:
    """A run ended: the thresholds and the frozen objects as before, once no other run holds them."""
    global _holders
    with _lock:
        if _holders == 0:
            return
        _holders -= 1
        if _holders == 0:
            gc.set_threshold(*_saved)
            gc.unfreeze()


def relaxed() -> bool:
    """Whether a run holds the relaxed policy now."""
    return _holders > 0


def relax_for_good() -> None:
    """A parse process: it only ingests, so the policy holds for its life."""
    gc.freeze()
    gc.set_threshold(*INGEST_THRESHOLDS)
