"""Full garbage collections (which stop every thread, the window's included) wait while a run is busy
and happen once when it is idle again; young collections go on as usual."""

from __future__ import annotations

import gc
from pathlib import Path

from gui_transcripts import write_corpus

from engine import gc_policy
from statetrace_gui.gc_policy import CollectBetweenRuns

DONE_TIMEOUT = 90_000


def test_full_collections_wait_for_the_end_of_a_run(make_window, home: Path, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(home)
    idle = gc.get_threshold()
    files = write_corpus(tmp_path / "captures", {"WLLS": 3, "BOYO": 2})
    events: list[tuple[str, int, bool]] = []  # (state of the runtime, generation, policy waiting)

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            events.append((window.runtime.state, info["generation"], window.gc_policy.waiting))

    gc.callbacks.append(record)
    try:
        thresholds: list[tuple[int, int, int]] = []
        window.runtime.sig_state_changed.connect(lambda state: thresholds.append(gc.get_threshold()))
        with qtbot.waitSignal(window.runtime.sig_run_finished, timeout=DONE_TIMEOUT):
            window.add_paths(files, "test")  # auto-start is on by default
        qtbot.waitUntil(lambda: window.runtime.state == "idle" and not window.gc_policy.waiting, timeout=DONE_TIMEOUT)
        qtbot.waitUntil(lambda: any(gen == 2 and not waiting for _, gen, waiting in events), timeout=10_000)
    finally:
        gc.callbacks.remove(record)
    assert gc_policy.INGEST_THRESHOLDS in thresholds  # while busy
    assert gc.get_threshold() == idle  # restored when idle
    assert not [e for e in events if e[1] == 2 and e[2]], "a full collection ran while the run was busy"


def test_off_switch_for_measuring(monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("STATETRACE_GC_BETWEEN_RUNS", "0")
    before = gc.get_threshold()
    gc_policy.relax()
    try:
        assert gc.get_threshold() == before and not gc_policy.relaxed()
        assert not CollectBetweenRuns().active
    finally:
        gc_policy.restore()
