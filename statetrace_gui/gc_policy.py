"""Garbage collection that does not stop the window in the middle of a run.

A full (generation 2) collection stops every thread of the process while it walks every tracked
object; during a 1 GB ingestion the facts in flight and the rows of the run made those walks 100-400 ms
each, 21 of them (33 of the 37 event-loop stalls over 50 ms overlapped one; docs/performance.md). So:
- after start-up, the objects of the modules and the window (~90k) are collected once and frozen: no
  later collection walks them again (they are still freed by reference counting);
- while the runtime is busy, full collections wait: the young generations are still collected (cheap:
  they hold only new objects), and the one full collection runs when the runtime is idle again.
Cyclic garbage that grew old during a run waits until the run ends; everything else is freed at once,
by reference counting, as always. STATETRACE_GC_BETWEEN_RUNS=0 turns this off (for measuring).
"""

from __future__ import annotations

import gc
import os

from PySide6.QtCore import QObject, QTimer

FULL_COLLECTIONS_WAIT = 1_000_000  # generation-2 threshold while busy: never reached in a run


def enabled() -> bool:
    return os.environ.get("STATETRACE_GC_BETWEEN_RUNS", "1") != "0"


class CollectBetweenRuns(QObject):
    """Connect `on_state` to the runtime's sig_state_changed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.active = enabled()
        self._idle_threshold: tuple[int, int, int] | None = None

    def freeze_start_up(self) -> None:
        """Once, by the program, after its window is built (not by tests that build many windows)."""
        if self.active:
            gc.collect()
            gc.freeze()

    @property
    def waiting(self) -> bool:
        """True while full collections wait for the run to end."""
        return self._idle_threshold is not None

    def on_state(self, state: str) -> None:
        if not self.active:
            return
        if state != "idle" and self._idle_threshold is None:
            self._idle_threshold = gc.get_threshold()
            young, middle, _ = self._idle_threshold
            gc.set_threshold(young, middle, FULL_COLLECTIONS_WAIT)
        elif state == "idle" and self._idle_threshold is not None:
            gc.set_threshold(*self._idle_threshold)
            self._idle_threshold = None
            QTimer.singleShot(0, gc.collect)  # after the run's last updates have been painted
