"""Fewer cyclic garbage collections while ingesting, and no full one until the run ends.

Ingestion allocates millions of short-lived containers (facts, rows, tuples, unpickled objects) that
reference counting frees at once; CPython's cyclic collector still runs a pass for every 700 net
container allocations and a full pass as the heap grows, walking every long-lived object (modules, the
window's objects, the writers' caches) again and again. A full pass also stops every thread, the window's
included: during a 1 GB ingestion those were 100-400 ms each (docs/performance.md, GUI stalls). So while a
run is active the young generation is 100,000 allocations and full passes wait for the run's end; the
thresholds are put back when the last run in the process ends (the window then collects once). Nothing
is frozen here: with full passes held back, freezing the objects from before a run measured no gain, and
unfreezing at the end would undo the window's start-up freeze. Parse processes keep the policy for their
life (and freeze what they imported).
Cyclic garbage that grew old during a run waits until it ends; everything else is freed at once, by
reference counting, as always. STATETRACE_GC_BETWEEN_RUNS=0 turns this off (for measuring).
"""

from __future__ import annotations

import gc
import os
import threading

FULL_COLLECTIONS_WAIT = 1_000_000  # the generation-2 threshold while busy: never reached in a run
INGEST_THRESHOLDS = (100_000, 50, FULL_COLLECTIONS_WAIT)

_lock = threading.Lock()
_holders = 0
_saved: tuple[int, int, int] = (700, 10, 10)


def enabled() -> bool:
    return os.environ.get("STATETRACE_GC_BETWEEN_RUNS", "1") != "0"


def relax() -> None:
    """A run starts: collect rarely. Pair each call with `restore`."""
    global _holders, _saved
    if not enabled():
        return
    with _lock:
        _holders += 1
        if _holders == 1:
            _saved = gc.get_threshold()
            gc.set_threshold(*INGEST_THRESHOLDS)


def restore() -> None:
    """A run ended: the thresholds as before, once no other run holds them."""
    global _holders
    with _lock:
        if _holders == 0:
            return
        _holders -= 1
        if _holders == 0:
            gc.set_threshold(*_saved)


def relaxed() -> bool:
    """Whether a run holds the relaxed policy now (full collections wait)."""
    return _holders > 0


def relax_for_good() -> None:
    """A parse process: it only ingests, so the policy holds for its life."""
    if enabled():
        gc.freeze()
        gc.set_threshold(*INGEST_THRESHOLDS)
