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


def test_charts_share_the_latency_window_and_legends_never_cover_data(qtbot) -> None:  # type: ignore[no-untyped-def]
    import time

    from statetrace_gui.dashboard.panel import TICK_LABEL_PX
    from statetrace_gui.theme import DARK_CHART

    panel = DashboardPanel()
    qtbot.addWidget(panel)
    panel.resize(1100, 650)
    panel.apply_colors(DARK_CHART)
    panel.show()
    now = time.time()
    for i in range(3600):  # 15 idle minutes sampled before the run, then the live run's last 100 s
        t = now - 1000 + i * 0.25
        panel.throughput.append(t, 8.0 if t > now - 100 else 0.0)
    start = datetime.fromtimestamp(now - 100).astimezone()
    panel.on_metrics([{"EventName": "DatabaseWriteLatency", "LatencyMs": 50.0,
                       "Timestamp": (start + timedelta(seconds=i * 0.1)).isoformat()} for i in range(1000)])
    panel.on_state("running")
    panel.on_progress({"queued_by_site": {"WLLS": 4}, "queued_jobs": 4})
    panel.tick()
    panel._dirty.update(("backlog", "latency", "throughput"))
    panel.redraw()
    panel.redraw()  # the second pass sees the latency window of the first
    latency_x = panel.latency_chart.getViewBox().viewRange()[0]
    assert latency_x[0] >= now - 101  # the run, not the session
    for chart in (panel.backlog_chart, panel.throughput_chart):
        assert chart.getViewBox().viewRange()[0] == pytest.approx(latency_x)
    # Legends sit below the plot area, in the theme's colours (readable on the dark background).
    for chart, legend in ((panel.backlog_chart, panel.backlog_legend), (panel.latency_chart, panel.latency_legend)):
        qtbot.waitUntil(lambda c=chart, lg=legend: lg.sceneBoundingRect().top()  # laid out (deferred by Qt)
                        > c.getViewBox().sceneBoundingRect().top(), timeout=10_000)
        view = chart.getViewBox().sceneBoundingRect()
        assert not legend.sceneBoundingRect().intersects(view)
        assert legend.sceneBoundingRect().top() >= view.bottom()
        assert legend.brush().color().name() == DARK_CHART.background
        assert all(label.opts["color"] == DARK_CHART.foreground for _sample, label in legend.items)
    # Readable ticks: no more clock labels than fit side by side.
    axis = panel.throughput_chart.getAxis("bottom")
    lo, hi = panel.throughput_chart.getViewBox().viewRange()[0]
    (step, _offset), = axis.tickSpacing(lo, hi, axis.width())
    assert (hi - lo) / step <= axis.width() / TICK_LABEL_PX
