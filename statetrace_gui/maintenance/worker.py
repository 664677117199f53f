"""Maintenance work on a QThreadPool thread, reported through a QObject of signals (superqt style).

Maintenance can hold a site's lock for minutes (VACUUM of a large file), so it never runs on the GUI
thread; progress crosses threads through queued signals. Access compaction initialises COM itself in
its own STA thread, so nothing COM-related happens on these pool threads either.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from engine.maintenance.runner import MaintenanceOptions, Progress, run_maintenance
from engine.workspace import Workspace


class WorkerSignals(QObject):
    sig_started = Signal(object)  # the payload the worker was started with
    sig_progress = Signal(dict)  # Progress as a dict (site, step, steps_done, steps_total, ...)
    sig_finished = Signal(object)  # the result (RunReport.to_json() for maintenance runs)
    sig_errored = Signal(str)


class Worker(QRunnable):
    """Runs `fn(report_progress)` and emits its result; an exception becomes sig_errored, never lost."""

    def __init__(self, fn: Callable[[Callable[[dict[str, Any]], None]], Any], payload: Any = None) -> None:
        super().__init__()
        self.fn = fn
        self.payload = payload
        self.signals = WorkerSignals()

    def run(self) -> None:
        self.signals.sig_started.emit(self.payload)
        try:
            result = self.fn(self.signals.sig_progress.emit)
        except Exception as exc:  # noqa: BLE001 - shown in the tab instead of dying in a pool thread
            self.signals.sig_errored.emit(f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
            return
        self.signals.sig_finished.emit(result)


def maintenance_job(workspace: Workspace, steps: tuple[str, ...], sites: list[str] | None,
                    force_compact: bool) -> Callable[[Callable[[dict[str, Any]], None]], dict[str, Any]]:
    def job(progress: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        def on_progress(p: Progress) -> None:
            progress({**asdict(p), "fraction": p.fraction})

        options = MaintenanceOptions(steps=steps, sites=sites, force_compact=force_compact, progress=on_progress)
        report: dict[str, Any] = run_maintenance(workspace, options).to_json()
        return report

    return job
