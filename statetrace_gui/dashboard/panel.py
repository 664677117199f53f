"""The Dashboard tab: `backlogChart`, `latencyChart`, throughput, active writers.

Signals only store data (a dict assignment or a list append); a QTimer moves it into ring buffers
and redraws, only while the tab is visible, so a flood of runtime batches never becomes a flood
of repaints, and memory stays bounded however long the app runs.

Painting is the GUI thread's biggest cost during ingestion, and pyqtgraph paints in Python, so
under GIL contention from the writer threads every Python-to-Qt call may wait for the GIL. So:
each timer tick redraws one chart in turn (no frame paints all three); axis ranges move in
steps (`AxisRange`) instead of every sample, so the axes keep their cached pictures; there are
no grid lines (they make the axes repaint with every curve); pens are 1 px (wide pens cost 3x);
and no curve draws more than `MAX_DRAW_POINTS`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.console import human_seconds
from statetrace_gui.dashboard.ring import Ring, decimate, rolling_percentiles
from statetrace_gui.theme import LIGHT_CHART, ChartColors

REFRESH_HZ = 6  # timer ticks per second; each chart is redrawn every third tick: 2 Hz
SAMPLE_SECONDS = 0.25  # backlog and throughput sampling period
GOAL_MS = 200.0
BACKLOG_CAPACITY = 4 * 60 * 30  # 30 min of samples at 4 Hz
LATENCY_CAPACITY = 3000  # writes kept for the p50/p95 lines
LATENCY_DOTS = 1000  # the latest writes drawn as dots (a scatter rebuilds every point on each redraw)
MAX_DRAW_POINTS = 800  # per curve; more only costs paint time (wide pens cost 3x: all pens are 1 px)
PERCENTILE_WINDOW = 50  # writes per rolling p50/p95
MAX_SITE_LINES = 10  # further sites are summed into "other sites"
OTHER = "other sites"


class AxisRange:
    """A view range that changes rarely: x in steps (a quarter of the span, 10 s to 60 s) over a
    sliding window, y up to a rounded ceiling that only grows (or shrinks when the data fell far
    below it)."""

    MIN_STEP_S = 10.0
    MAX_STEP_S = 60.0
    WINDOW_S = 15 * 60.0

    def __init__(self) -> None:
        self.x: tuple[float, float] | None = None
        self.y_top = 0.0

    def update(self, x_first: float, x_last: float, y_max: float) -> tuple[bool, bool]:
        """New data bounds -> (x range changed, y range changed)."""
        x_changed = y_changed = False
        lo = max(x_first, x_last - self.WINDOW_S)
        if self.x is None or x_last > self.x[1] or lo > self.x[0] + self.MAX_STEP_S:
            start = lo if self.x is None else max(self.x[0], lo)
            step = min(self.MAX_STEP_S, max(self.MIN_STEP_S, (x_last - start) / 4))
            self.x = (start, x_last + step)
            x_changed = True
        top = _nice_ceiling(y_max * 1.15)
        if y_max > self.y_top or top < self.y_top / 4:
            self.y_top = top
            y_changed = True
        return x_changed, y_changed


def _nice_ceiling(value: float) -> float:
    """1, 2, 5 x 10^n at or above `value` (at least 1)."""
    if value <= 1:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return float(step * magnitude)
    return float(10 * magnitude)


CLOCK_STEPS_S = (5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
TICK_LABEL_PX = 70  # room one "12:34:56" label needs: fewer, readable ticks instead of overlapping ones


class ClockAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph ships no type information
    """Wall-clock tick labels; much cheaper to lay out than pyqtgraph's DateAxisItem."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, float]]:  # noqa: N802, N803
        """Round clock steps (5 s ... 1 h), no more ticks than labels fit side by side."""
        span = max(maxVal - minVal, 1e-9)
        most = max(2, int(size // TICK_LABEL_PX))
        step = next((s for s in CLOCK_STEPS_S if span / s <= most), CLOCK_STEPS_S[-1])
        return [(float(step), 0.0)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        fmt = "%H:%M:%S" if spacing < 60 else "%H:%M"
        out = []
        for v in values:
            try:
                out.append(datetime.fromtimestamp(v).strftime(fmt))
            except (OverflowError, OSError, ValueError):
                out.append("")
        return out


def _event_time(stamp: Any, default: float) -> float:
    """The event's own time (writes of one batch are spread as they happened), else arrival time."""
    if isinstance(stamp, str):
        try:
            return datetime.fromisoformat(stamp).timestamp()
        except ValueError:
            pass
    return default


def _stat(title: str, name: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    value = QLabel("–")
    value.setObjectName(name)
    font = value.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    value.setFont(font)
    caption = QLabel(title)
    caption.setEnabled(False)
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(10, 6, 10, 6)
    lay.addWidget(value)
    lay.addWidget(caption)
    return frame, value


class DashboardPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardPanel")
        self.colors: ChartColors = LIGHT_CHART
        self.ranges: dict[str, AxisRange] = {}
        stats = QHBoxLayout()
        self.stat_labels: dict[str, QLabel] = {}
        for key, title in (("mbps", "MB/s"), ("writers", "active writers"), ("queued", "queued jobs"),
                           ("writes", "writes"), ("p50", "write p50 (ms)"), ("p95", "write p95 (ms)"),
                           ("eta", "ETA")):
            frame, label = _stat(title, f"stat_{key}")
            self.stat_labels[key] = label
            stats.addWidget(frame)

        self.backlog_chart = self._plot("backlogChart", "Backlog: queued jobs per site", "jobs")
        self.backlog_legend = self._legend(self.backlog_chart)
        self.latency_chart = self._plot("latencyChart", "DatabaseWriteLatency per write", "ms")
        self.latency_legend = self._legend(self.latency_chart)
        self.latency_points = self.latency_chart.plot([], [], pen=None, symbol="o", symbolSize=4,
                                                      symbolPen=None, name="write")
        self.p50_curve = self.latency_chart.plot([], [], name="p50 (rolling)")
        self.p95_curve = self.latency_chart.plot([], [], name="p95 (rolling)")
        self.goal_line = pg.InfiniteLine(pos=GOAL_MS, angle=0, movable=False,
                                         label=f"{GOAL_MS:.0f} ms goal",
                                         labelOpts={"position": 0.05, "anchors": [(0, 1), (0, 1)]})
        self.latency_chart.addItem(self.goal_line)
        self.throughput_chart = self._plot("throughputChart", "Throughput", "MB/s")
        self.throughput_curve = self.throughput_chart.plot([], [], name="MB/s", fillLevel=0)

        grid = QGridLayout()
        grid.addWidget(self.backlog_chart, 0, 0)
        grid.addWidget(self.latency_chart, 0, 1)
        grid.addWidget(self.throughput_chart, 1, 0, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(stats)
        layout.addLayout(grid, 1)

        self.site_rings: dict[str, Ring] = {}
        self.site_curves: dict[str, pg.PlotDataItem] = {}
        self.latency = Ring(LATENCY_CAPACITY)
        self.p50 = Ring(LATENCY_CAPACITY)
        self.p95 = Ring(LATENCY_CAPACITY)
        self.throughput = Ring(BACKLOG_CAPACITY)
        self._recent: list[float] = []  # the last PERCENTILE_WINDOW latencies, for incremental percentiles
        self._pending_latency: list[tuple[float, float]] = []
        self._progress: dict[str, Any] = {}
        self._progress_new = False
        self._run_state = "idle"
        self._sampling = False
        self._last_sample = 0.0
        self._dirty: set[str] = set()
        self._turn = 0
        self.redraws = 0
        self.timer = QTimer(self)
        self.timer.setInterval(1000 // REFRESH_HZ)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.apply_colors(LIGHT_CHART)

    def _plot(self, name: str, title: str, unit: str) -> pg.PlotWidget:
        plot = pg.PlotWidget(axisItems={"bottom": ClockAxis(orientation="bottom")})
        plot.setObjectName(name)
        plot.setAcceptDrops(False)
        plot.setTitle(title)
        plot.setLabel("left", unit)
        plot.setMouseEnabled(x=False, y=False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.getPlotItem().setClipToView(True)
        plot.getAxis("left").enableAutoSIPrefix(False)
        plot.disableAutoRange()
        plot.setXRange(time.time() - 60, time.time(), padding=0)
        plot.setYRange(0, 1, padding=0)
        self.ranges[name] = AxisRange()
        plot.setMinimumHeight(160)
        return plot

    @staticmethod
    def _legend(plot: pg.PlotWidget) -> pg.LegendItem:
        """A legend in its own row below the chart: it can never cover data (inside the view it hid the
        newest points in the top-right corner)."""
        item = plot.getPlotItem()
        legend = pg.LegendItem(colCount=6, labelTextSize="8pt", verSpacing=-4)
        legend.setParentItem(None)
        item.layout.addItem(legend, 4, 1)
        item.legend = legend  # plot(name=...) adds its curve to this legend
        return legend

    # -- inputs (cheap: called from the runtime's batched signals) ---------------------------------
    def on_progress(self, snapshot: dict[str, Any]) -> None:
        self._progress = snapshot
        self._progress_new = True

    def on_metrics(self, records: Sequence[dict[str, Any]]) -> None:
        now = time.time()
        for rec in records:
            if rec.get("EventName") != "DatabaseWriteLatency":
                continue
            try:
                latency = float(rec.get("LatencyMs", 0.0))
            except (TypeError, ValueError):
                continue
            self._pending_latency.append((_event_time(rec.get("Timestamp"), now), latency))

    def on_state(self, state: str) -> None:
        self._run_state = state
        if state != "idle":
            self._sampling = True

    # -- the throttled refresh ----------------------------------------------------------------------
    def tick(self) -> None:
        now = time.time()
        if self._pending_latency:
            self._absorb_latency()
            self._dirty.add("latency")
        if (self._sampling or self._progress_new) and now - self._last_sample >= SAMPLE_SECONDS:
            self._last_sample = now
            self._sample(now)
            self._dirty.update(("backlog", "throughput", "stats"))
            # Keep sampling while anything runs; one last sample after the run settles at zero.
            self._sampling = self._run_state != "idle" or bool(self._progress.get("queued_jobs"))
            self._progress_new = False
        if self._dirty and self.isVisible():
            self.redraw(one=True)

    def _absorb_latency(self) -> None:
        pending, self._pending_latency = self._pending_latency, []
        xs = np.fromiter((p[0] for p in pending), dtype=np.float64, count=len(pending))
        ys = np.fromiter((p[1] for p in pending), dtype=np.float64, count=len(pending))
        self.latency.extend(xs, ys)
        history = np.concatenate([np.asarray(self._recent, dtype=np.float64), ys])
        p50, p95 = rolling_percentiles(history, PERCENTILE_WINDOW, (50.0, 95.0))
        self.p50.extend(xs, p50[-len(ys):])
        self.p95.extend(xs, p95[-len(ys):])
        self._recent = history[-(PERCENTILE_WINDOW - 1):].tolist() if PERCENTILE_WINDOW > 1 else []

    def _sample(self, now: float) -> None:
        snap = self._progress
        queued: dict[str, int] = dict(snap.get("queued_by_site") or {})
        other = 0
        for site, n in queued.items():
            ring = self.site_rings.get(site)
            if ring is None and len(self.site_rings) < MAX_SITE_LINES:
                ring = self.site_rings[site] = Ring(BACKLOG_CAPACITY)
            if ring is None:
                other += int(n)
            else:
                ring.append(now, float(n))
        for site, ring in self.site_rings.items():
            if site != OTHER and site not in queued:
                ring.append(now, 0.0)
        if other or OTHER in self.site_rings:
            self.site_rings.setdefault(OTHER, Ring(BACKLOG_CAPACITY)).append(now, float(other))
        self.throughput.append(now, float(snap.get("mb_per_s") or 0.0))

    def redraw(self, one: bool = False) -> None:
        """Redraw dirty charts: all of them, or (from the timer) the next one in turn."""
        order = ("backlog", "latency", "throughput")
        if "stats" in self._dirty:
            self._dirty.discard("stats")
            self._update_stats()
        for step in range(len(order)):
            name = order[(self._turn + step) % len(order)]
            if name not in self._dirty:
                continue
            self._dirty.discard(name)
            getattr(self, f"_draw_{name}")()
            self.redraws += 1
            if one:
                self._turn = (self._turn + step + 1) % len(order)
                return

    def _fit(self, plot: pg.PlotWidget, x_first: float, x_last: float, y_max: float) -> None:
        rng = self.ranges[plot.objectName()]
        x_changed, y_changed = rng.update(x_first, x_last, y_max)
        shared = self.ranges["latencyChart"].x if plot is not self.latency_chart and len(self.latency) else None
        if shared is not None:
            # The latency chart's window: backlog and throughput since the app opened squashed the live
            # run against the right edge.
            x_changed = tuple(plot.getViewBox().viewRange()[0]) != shared
            rng.x = shared
        if x_changed and rng.x is not None:
            plot.setXRange(*rng.x, padding=0)
        if y_changed:
            plot.setYRange(0, rng.y_top, padding=0)

    def _draw_backlog(self) -> None:
        first, last, top = math.inf, -math.inf, 0.0
        for i, (site, ring) in enumerate(self.site_rings.items()):
            curve = self.site_curves.get(site)
            if curve is None:
                color = self.colors.series[i % len(self.colors.series)]
                curve = self.site_curves[site] = self.backlog_chart.plot([], [], name=site, pen=pg.mkPen(color))
            xs, ys = decimate(*ring.arrays(), MAX_DRAW_POINTS)
            curve.setData(xs, ys)
            if len(xs):
                first, last, top = min(first, xs[0]), max(last, xs[-1]), max(top, float(ys.max()))
        if last > -math.inf:
            self._fit(self.backlog_chart, first, last, top)

    def _draw_latency(self) -> None:
        if len(self.latency):
            xs, ys = self.latency.arrays()
            self.latency_points.setData(xs[-LATENCY_DOTS:], ys[-LATENCY_DOTS:])
            self.p50_curve.setData(*decimate(*self.p50.arrays(), MAX_DRAW_POINTS))
            self.p95_curve.setData(*decimate(*self.p95.arrays(), MAX_DRAW_POINTS))
            self._fit(self.latency_chart, float(xs[0]), float(xs[-1]), max(float(ys.max()), GOAL_MS))
        self._update_stats()

    def _draw_throughput(self) -> None:
        xs, ys = decimate(*self.throughput.arrays(), MAX_DRAW_POINTS)
        self.throughput_curve.setData(xs, ys)
        if len(xs):
            self._fit(self.throughput_chart, float(xs[0]), float(xs[-1]), float(ys.max()))

    def _update_stats(self) -> None:
        snap = self._progress
        labels = self.stat_labels
        labels["mbps"].setText(f"{float(snap.get('mb_per_s') or 0):.1f}")
        labels["writers"].setText(str(snap.get("active_writers", 0)))
        labels["queued"].setText(str(snap.get("queued_jobs", 0)))
        labels["writes"].setText(str(self.latency.total))
        labels["p50"].setText(f"{self.p50.last_y():.0f}" if len(self.p50) else "–")
        labels["p95"].setText(f"{self.p95.last_y():.0f}" if len(self.p95) else "–")
        eta = snap.get("eta_seconds")
        labels["eta"].setText(human_seconds(float(eta)) if isinstance(eta, (int, float)) and
                              self._run_state != "idle" else "–")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.redraw()

    # -- look ---------------------------------------------------------------------------------------
    def apply_colors(self, colors: ChartColors) -> None:
        self.colors = colors
        for plot in (self.backlog_chart, self.latency_chart, self.throughput_chart):
            plot.setBackground(colors.background)
            item = plot.getPlotItem()
            item.titleLabel.setText(item.titleLabel.text, color=colors.foreground)
            for axis in ("left", "bottom"):
                ax = item.getAxis(axis)
                ax.setPen(pg.mkPen(colors.foreground))
                ax.setTextPen(pg.mkPen(colors.foreground))
        for legend in (self.backlog_legend, self.latency_legend):
            legend.setLabelTextColor(colors.foreground)
            legend.setBrush(pg.mkBrush(colors.background))
            legend.setPen(pg.mkPen(colors.foreground + "60"))
            for _sample, label in legend.items:  # labels already there keep their old colour otherwise
                label.setText(label.text, color=colors.foreground)
        self.latency_points.setSymbolBrush(pg.mkBrush(colors.points))
        self.p50_curve.setPen(pg.mkPen(colors.p50))
        self.p95_curve.setPen(pg.mkPen(colors.p95))
        self.goal_line.setPen(pg.mkPen(colors.goal, style=Qt.PenStyle.DashLine))
        self.goal_line.label.setColor(colors.goal)
        self.throughput_curve.setPen(pg.mkPen(colors.series[2]))
        self.throughput_curve.setBrush(pg.mkBrush(colors.series[2] + "40"))
        for i, curve in enumerate(self.site_curves.values()):
            curve.setPen(pg.mkPen(colors.series[i % len(colors.series)]))

    def reset(self) -> None:
        for curve in self.site_curves.values():
            self.backlog_chart.removeItem(curve)
        self.backlog_legend.clear()
        self.site_curves.clear()
        self.site_rings.clear()
        for ring in (self.latency, self.p50, self.p95, self.throughput):
            ring.clear()
        self._recent = []
        self._dirty.update(("backlog", "latency", "throughput", "stats"))
