#!/usr/bin/env python3
"""Measure how long the GUI thread stalls while the real window ingests a corpus.

Opens the window of `statetrace` (offscreen unless QT_QPA_PLATFORM says otherwise) on a fresh
workspace, on the same qasync loop, drops CORPUS onto it through the normal intake path, and
records the drift of a 10 ms QTimer until the run has finished. A stall is how late a tick came
(delta - interval). Prints p50/p99/max for the ingestion window and writes them as JSON with --json.

    .venv/bin/python scripts/measure_gui_stall.py /tmp/corpus [--tab dashboard] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def percentiles(stalls: list[float]) -> dict[str, float]:
    import numpy as np

    if not stalls:
        return {"samples": 0, "p50_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0, "over_50ms": 0, "over_100ms": 0}
    arr = np.asarray(stalls)
    return {"samples": int(arr.size), "p50_ms": round(float(np.percentile(arr, 50)), 2),
            "p99_ms": round(float(np.percentile(arr, 99)), 2), "max_ms": round(float(arr.max()), 2),
            "over_50ms": int((arr > 50).sum()), "over_100ms": int((arr > 100).sum())}


def record_collections(phase: dict[str, Any]) -> list[tuple[float, float, int]]:
    """(start, end, generation) of every garbage collection in this process while ingesting, in seconds
    since the drop: a collection stops every thread of the process, the GUI thread included."""
    import gc

    spans: list[tuple[float, float, int]] = []
    began = [0.0]

    def callback(event: str, info: dict[str, int]) -> None:
        if phase["name"] != "ingest":
            return
        now = time.perf_counter() - phase["submitted"]
        if event == "start":
            began[0] = now
        else:
            spans.append((began[0], now, info["generation"]))

    gc.callbacks.append(callback)
    return spans


def gc_figures(spans: list[tuple[float, float, int]], stalls: list[float], stamps: list[float],
               interval: int) -> dict[str, Any]:
    full = [(end - start) * 1000 for start, end, gen in spans if gen == 2]
    long_stalls = [(at, st) for st, at in zip(stalls, stamps, strict=True) if st > 50]
    with_gc = sum(1 for at, st in long_stalls
                  if any(start < at and end > at - (st + interval) / 1000 for start, end, _ in spans))
    return {"count": len(spans), "full": len(full), "full_max_ms": round(max(full, default=0.0), 1),
            "full_total_ms": round(sum(full), 1), "stalls_over_50ms": len(long_stalls),
            "stalls_over_50ms_with_gc": with_gc}


def BareWindow(home: Path) -> Any:  # noqa: N802 - a factory standing in for the window class
    """An empty window owning the same runtime: what the event loop suffers without any of the GUI."""
    from PySide6.QtWidgets import QLabel, QMainWindow

    from engine.runtime.qt_runtime import IngestRuntime
    from engine.settings import Settings
    from engine.workspace import Workspace

    class _Bare(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            workspace = Workspace(home)
            workspace.ensure()
            self.runtime = IngestRuntime(workspace, Settings.load(workspace.settings_path), None, self)
            self.setCentralWidget(QLabel("baseline: no GUI panels"))
            self._ready_to_close = False

        def add_paths(self, paths: list[Path], _origin: str) -> None:
            self.runtime.submit(paths)

        def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
            self.runtime.cancel()
            self.runtime.shutdown(wait=True)
            self._ready_to_close = True
            event.accept()

    return _Bare()


def start_stack_sampler(last: list[float], phase: dict[str, Any], culprits: dict[str, int]) -> None:
    """A daemon thread that, while the loop is late by 50 ms or more, records where the GUI thread is."""
    import threading
    import traceback

    main_id = threading.main_thread().ident

    def sample() -> None:
        while True:
            time.sleep(0.005)
            if phase["name"] != "ingest" or time.perf_counter() - last[0] < 0.05:
                continue
            frame = sys._current_frames().get(main_id or 0)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)[-3:]
            where = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(stack))
            culprits[where] = culprits.get(where, 0) + 1

    threading.Thread(target=sample, name="stall-sampler", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="file or folder to ingest")
    parser.add_argument("--home", type=Path, help="workspace (default: a fresh temporary folder, removed after)")
    parser.add_argument("--interval-ms", type=int, default=10)
    parser.add_argument("--tab", choices=("queue", "dashboard", "devices"), default="dashboard",
                        help="tab shown during the run (the dashboard redraws the most)")
    parser.add_argument("--timeout", type=float, default=3600.0, help="give up after this many seconds")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--profile", type=Path, help="cProfile the GUI thread into this .prof file")
    parser.add_argument("--bare", action="store_true",
                        help="baseline: the same runtime behind an empty window, to see what the GUI itself adds")
    parser.add_argument("--stacks", action="store_true",
                        help="name the code the GUI thread was in during stalls over 50 ms (sampled every 5 ms)")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        parser.error(f"{args.corpus} does not exist")

    import qasync
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from statetrace_gui.app import build_main_window

    scratch = Path(tempfile.mkdtemp(prefix="statetrace-stall-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch / "qsettings"))
    home = args.home or scratch / "home"
    app = QApplication.instance() or QApplication([sys.argv[0]])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window: Any = BareWindow(home) if args.bare else build_main_window(home)
    if not args.bare:
        window.gc_policy.freeze_start_up()  # as statetrace_gui.app.main does
    window.confirm_stop = lambda: True
    window.resize(1400, 900)
    window.show()
    if not args.bare:
        window.act_auto_start.setChecked(True)
        window.tabs.setCurrentWidget({"queue": window.queue_panel, "dashboard": window.dashboard,
                                      "devices": window.devices}[args.tab])

    interval = args.interval_ms
    stalls: list[float] = []
    stamps: list[float] = []  # seconds since submission, per stall sample
    phase = {"name": "warmup", "submitted": 0.0, "finished": 0.0}
    summary: dict[str, Any] = {}
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        if phase["name"] == "ingest":
            stalls.append(max(0.0, (now - last[0]) * 1000 - interval))
            stamps.append(now - phase["submitted"])
        last[0] = now

    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(interval)
    probe.timeout.connect(tick)
    done = asyncio.Event()

    def finished(run: dict[str, Any]) -> None:
        if phase["name"] != "ingest":
            return
        phase["name"] = "settle"
        phase["finished"] = time.perf_counter()
        phase["cpu"] = time.thread_time() - phase["cpu0"]
        phase["proc"] = time.process_time() - phase["proc0"]
        summary.update(run)
        QTimer.singleShot(1000, done.set)

    def start() -> None:
        phase["name"] = "ingest"
        phase["cpu0"] = time.thread_time()
        phase["proc0"] = time.process_time()
        phase["submitted"] = time.perf_counter()
        last[0] = phase["submitted"]
        window.add_paths([args.corpus], "stall measurement")

    window.runtime.sig_run_finished.connect(finished)
    collections = record_collections(phase)
    culprits: dict[str, int] = {}
    if args.stacks:
        start_stack_sampler(last, phase, culprits)
    QTimer.singleShot(int(args.timeout * 1000), done.set)
    probe.start()
    QTimer.singleShot(1500, start)  # let start-up settle first: it is not what is measured
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    try:
        with loop:
            loop.run_until_complete(done.wait())
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(str(args.profile))
            probe.stop()
            window.close()
            deadline = time.monotonic() + 120
            while not window._ready_to_close and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
    finally:
        asyncio.set_event_loop(None)
    seconds = (phase["finished"] or time.perf_counter()) - phase["submitted"]
    figures = percentiles(stalls)
    corpus_bytes = summary.get("bytes", 0)
    result = {"corpus": str(args.corpus), "bytes": corpus_bytes, "seconds": round(seconds, 2),
              "mb_per_s": round(corpus_bytes / seconds / 1e6, 2) if seconds > 0 else 0.0,
              "hosts_written": summary.get("parsed", 0), "hosts_failed": summary.get("failed", 0),
              "files": summary.get("files", 0), "tab": args.tab, "interval_ms": interval,
              "finished": bool(phase["finished"]), "gui_thread_cpu_s": round(phase.get("cpu", 0.0), 2),
              "gui_process_cpu_s": round(phase.get("proc", 0.0), 2),
              **figures}
    print(f"corpus {args.corpus}: {corpus_bytes / 1e6:.1f} MB in {seconds:.1f} s "
          f"({result['mb_per_s']} MB/s), hosts written {result['hosts_written']}, failed {result['hosts_failed']}")
    print(f"GUI thread CPU {result['gui_thread_cpu_s']} s ({100 * result['gui_thread_cpu_s'] / max(seconds, 1e-9):.0f} %"
          " of the run: load-independent cost of the window and the runtime's bookkeeping); whole GUI "
          f"process (writer threads too) {result['gui_process_cpu_s']} s")
    print(f"event-loop stall over {figures['samples']} ticks of {interval} ms: p50 {figures['p50_ms']} ms, "
          f"p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms; >50 ms: {figures['over_50ms']}, "
          f">100 ms: {figures['over_100ms']}")
    result["gc"] = gc_figures(collections, stalls, stamps, interval)
    gcf = result["gc"]
    print(f"garbage collections in the GUI process while ingesting: {gcf['count']} ({gcf['full']} full); "
          f"longest full {gcf['full_max_ms']} ms, full total {gcf['full_total_ms']} ms; stalls over 50 ms "
          f"overlapping a collection: {gcf['stalls_over_50ms_with_gc']} of {gcf['stalls_over_50ms']}")
    worst = sorted(zip(stalls, stamps, strict=True), reverse=True)[:8]
    result["worst"] = [{"stall_ms": round(st, 1), "at_s": round(at, 2)} for st, at in worst]
    print("worst stalls (ms @ s after drop): " + ", ".join(f"{st:.0f} @ {at:.1f}" for st, at in worst))
    if culprits:
        print("GUI thread during stalls (samples of 5 ms, innermost frames):")
        for where, count in sorted(culprits.items(), key=lambda kv: -kv[1])[:15]:
            print(f"  {count:5d}  {where}")
        result["stall_culprits"] = dict(sorted(culprits.items(), key=lambda kv: -kv[1])[:30])
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    if not args.home:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if phase["finished"] else 1


if __name__ == "__main__":  # parse processes are spawned: they must not run this again
    sys.exit(main())
