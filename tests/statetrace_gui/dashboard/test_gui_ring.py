"""Ring buffers keep bounded history in order; rolling percentiles match numpy over each window."""

from __future__ import annotations

import numpy as np
import pytest

from statetrace_gui.dashboard.ring import Ring, rolling_percentiles


def test_ring_keeps_the_last_points_in_order_across_wraps() -> None:
    ring = Ring(5)
    for i in range(3):
        ring.append(i, i * 10)
    ring.extend(np.arange(3, 9, dtype=float), np.arange(30, 90, 10, dtype=float))
    xs, ys = ring.arrays()
    assert xs.tolist() == [4, 5, 6, 7, 8] and ys.tolist() == [40, 50, 60, 70, 80]
    assert len(ring) == 5 and ring.total == 9 and ring.last_y() == 80
    ring.extend(np.arange(100, 112, dtype=float), np.zeros(12))
    assert ring.arrays()[0].tolist() == [107, 108, 109, 110, 111]
    ring.clear()
    assert len(ring) == 0 and ring.last_y(-1) == -1
    with pytest.raises(ValueError):
        Ring(0)


def test_rolling_percentiles_equal_numpy_per_window() -> None:
    values = np.array([5, 1, 9, 3, 7, 2, 8, 400, 4, 6], dtype=float)
    p50, p95 = rolling_percentiles(values, 4, (50.0, 95.0))
    for i in range(len(values)):
        window = values[max(0, i - 3): i + 1]
        assert p50[i] == pytest.approx(np.percentile(window, 50))
        assert p95[i] == pytest.approx(np.percentile(window, 95))
    assert rolling_percentiles(np.zeros(0), 4, (50.0,))[0].size == 0
