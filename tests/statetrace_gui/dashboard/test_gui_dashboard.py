"""The dashboard keeps its inputs cheap and draws on its timer; bounded memory whatever comes in."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from gui_helpers import points

from statetrace_gui.dashboard.panel import LATENCY_CAPACITY, MAX_SITE_LINES, OTHER, DashboardPanel


def test_latency_points_p50_p95_goal_and_backlog(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = DashboardPanel()
    qtbot.addWidget(panel)
    panel.show()
    start = datetime.now().astimezone()
    records = [{"EventName": "DatabaseWriteLatency", "LatencyMs": ms,
                "Timestamp": (start + timedelta(milliseconds=10 * i)).isoformat()} for i, ms in enumerate(range(1, 101))]
    records.append({"EventName": "RowsWritten", "Rows": 3})
    panel.on_state("running")
    panel.on_metrics(records[:60])
    panel.on_metrics(records[60:])
    panel.on_progress({"queued_by_site": {"WLLS": 4, "BOYO": 1}, "queued_jobs": 5, "active_writers": 2,
                       "mb_per_s": 12.5, "eta_seconds": 42.0})
    qtbot.waitUntil(lambda: panel.redraws > 0 and points(panel.latency_points) == 100, timeout=30_000)
    xs, _ys = panel.latency_points.getData()
    assert xs[1] - xs[0] == pytest.approx(0.01, abs=1e-3)  # spread by event time
    assert panel.p50.last_y() == 75.5 and panel.p95.last_y() > 95  # the last 50 writes: 51..100
    assert panel.goal_line.value() == 200
    assert panel.site_rings["WLLS"].last_y() == 4 and panel.site_rings["BOYO"].last_y() == 1
    assert panel.stat_labels["mbps"].text() == "12.5" and panel.stat_labels["writers"].text() == "2"
    assert panel.stat_labels["eta"].text() == "0:42"
    panel.on_metrics([{"EventName": "DatabaseWriteLatency", "LatencyMs": 1} for _ in range(LATENCY_CAPACITY + 10)])
    panel.tick()
    assert len(panel.latency) == LATENCY_CAPACITY


def test_many_sites_share_an_other_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = DashboardPanel()
    qtbot.addWidget(panel)
    panel.on_state("running")
    panel.on_progress({"queued_by_site": {f"S{i:02d}": 1 for i in range(MAX_SITE_LINES + 5)}})
    panel.tick()
    assert len(panel.site_rings) == MAX_SITE_LINES + 1
    assert panel.site_rings[OTHER].last_y() == 5
