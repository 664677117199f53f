"""Background work off the GUI thread: superqt-style QRunnable workers that report through a QObject.

The GUI has its own small pool so that its queries never wait behind (or slow down) the runtime's
writer threads, which use the global pool.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)
_POOL: QThreadPool | None = None
# Workers whose signals may still be queued for the GUI thread: their QObject must outlive delivery.
_LIVE: set[FunctionWorker] = set()


def gui_pool() -> QThreadPool:
    """Two threads: enough for a site scan and a devices query at once, without competing for cores."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(2)
    return _POOL


class WorkerSignals(QObject):
    sig_result = Signal(object)
    sig_error = Signal(str)
    sig_finished = Signal()


class FunctionWorker(QRunnable):
    """Runs `fn(*args, **kwargs)` on a pool thread; the signals deliver the outcome on the GUI thread."""

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        # Parented to nothing and kept alive by this runnable until run() ends; the connections are queued.
        self.signals = WorkerSignals()

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Exception as exc:  # noqa: BLE001 - reported to the GUI, never lost in a pool thread
            log.debug("worker %s failed:\n%s", getattr(self.fn, "__name__", self.fn), traceback.format_exc())
            self.signals.sig_error.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.signals.sig_result.emit(result)
        finally:
            self.signals.sig_finished.emit()


def run_in_background(fn: Callable[..., Any], *args: Any, on_result: Callable[[Any], None] | None = None,
                      on_error: Callable[[str], None] | None = None, **kwargs: Any) -> FunctionWorker:
    """Start `fn` in the GUI pool and call back on the GUI thread (the receivers live there)."""
    worker = FunctionWorker(fn, *args, **kwargs)
    _LIVE.add(worker)
    worker.signals.sig_finished.connect(lambda: _LIVE.discard(worker))
    if on_result is not None:
        worker.signals.sig_result.connect(on_result)
    if on_error is not None:
        worker.signals.sig_error.connect(on_error)
    gui_pool().start(worker)
    return worker
