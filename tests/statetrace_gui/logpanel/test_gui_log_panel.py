"""The log panel takes records from any thread, batches them, and stays bounded."""

from __future__ import annotations

import logging
import threading

from statetrace_gui.logpanel.panel import MAX_LINES_PER_FLUSH, LogPanel


def test_records_from_threads_arrive_batched_and_bounded(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = LogPanel()
    qtbot.addWidget(panel)
    panel.attach("statetrace_gui.test")
    log = logging.getLogger("statetrace_gui.test")
    try:
        log.info("hello from the GUI thread")
        worker = threading.Thread(target=lambda: log.warning("from a worker"))
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: "from a worker" in panel.text(), timeout=30_000)
        assert "hello from the GUI thread" in panel.text() and panel.warnings == 1
        for i in range(MAX_LINES_PER_FLUSH + 100):
            log.info("line %d", i)
        qtbot.waitUntil(lambda: f"line {MAX_LINES_PER_FLUSH + 99}" in panel.text(), timeout=30_000)
        assert "100 earlier line(s) not shown" in panel.text()
        panel.clear()
        assert panel.text() == "" and panel.warnings == 0
    finally:
        panel.detach("statetrace_gui.test")
