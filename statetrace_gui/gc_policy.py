"""Garbage collection that does not stop the window in the middle of a run.

A full (generation 2) collection stops every thread of the process while it walks every tracked object;
during a 1 GB ingestion the facts in flight and the rows of the run made those walks 100-400 ms each
(33 of the 37 event-loop stalls over 50 ms overlapped one; docs/performance.md). The engine's runtime
holds full collections back while a run is active (`engine.gc_policy`, for the CLI too); the window adds:
- after start-up, the objects of the modules and the window (~90k) are collected once and frozen;
- when the runtime is idle again, the one full collection, after the run's last updates are painted.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from engine import gc_policy


class CollectBetweenRuns(QObject):
    """Connect `on_state` to the runtime's sig_state_changed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.active = gc_policy.enabled()

    def freeze_start_up(self) -> None:
        """Once, by the program, after its window is built (not by tests that build many windows)."""
        if self.active:
            gc.collect()
            gc.freeze()

    @property
    def waiting(self) -> bool:
        """True while full collections wait for the run to end."""
        return gc_policy.relaxed()

    def on_state(self, state: str) -> None:
        if self.active and state == "idle":
            QTimer.singleShot(0, gc.collect)  # after the run's last updates have been painted
