"""Typing in the queue filter at 25k rows: one filter pass after a pause in typing, not one per keystroke."""

from __future__ import annotations

from statetrace_gui.queue.model import COL, QueueModel
from statetrace_gui.queue.panel import QueuePanel


def big_model(rows: int = 25_000) -> QueueModel:
    model = QueueModel()
    model.upsert([{"id": i, "parent": 0, "file": f"/in/site{i % 5}_{i // 5:05d}.log", "host": f"S{i % 5}-A01-AS-{i:05d}",
                   "site": f"S{i % 5}", "state": "Done", "progress": 1.0} for i in range(1, rows + 1)])
    return model


def test_typing_in_the_filter_filters_once_after_the_pause(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = big_model()
    panel = QueuePanel(model)
    qtbot.addWidget(panel)
    panel.show()
    passes: list[str] = []
    original = panel.proxy.set_text
    panel.proxy.set_text = lambda text: (passes.append(text), original(text))  # type: ignore[method-assign]
    qtbot.keyClicks(panel.filter_edit, "s3-a01-as-0001")  # 14 keystrokes
    assert passes == [] and panel.proxy.rowCount() == 25_001  # the rows and their run's header  # no pass (200-300 ms each) per keystroke
    qtbot.waitUntil(lambda: passes == ["s3-a01-as-0001"], timeout=10_000)
    hosts = sorted(panel.proxy.index(r, COL["Host"]).data() for r in range(1, panel.proxy.rowCount()))
    assert hosts == [f"S3-A01-AS-0001{d}" for d in (3, 8)]
    panel.filter_edit.clear()
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 25_001, timeout=10_000)
    assert len(passes) == 2
