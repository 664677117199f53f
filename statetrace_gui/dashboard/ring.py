"""Fixed-size numpy ring buffers: the charts keep a bounded history however long the app runs."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


class Ring:
    """The last `capacity` (x, y) points, appended in O(k) and read back in order without copying twice."""

    def __init__(self, capacity: int) -> None:
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self._x = np.zeros(capacity, dtype=np.float64)
        self._y = np.zeros(capacity, dtype=np.float64)
        self._start = 0
        self._size = 0
        self.total = 0  # points ever appended

    def __len__(self) -> int:
        return self._size

    def append(self, x: float, y: float) -> None:
        self.extend(np.array([x], dtype=np.float64), np.array([y], dtype=np.float64))

    def extend(self, xs: NDArray[np.float64], ys: NDArray[np.float64]) -> None:
        n = len(xs)
        if n != len(ys):
            raise ValueError("x and y lengths differ")
        self.total += n
        if n >= self.capacity:
            self._x[:] = xs[-self.capacity:]
            self._y[:] = ys[-self.capacity:]
            self._start, self._size = 0, self.capacity
            return
        end = (self._start + self._size) % self.capacity
        first = min(n, self.capacity - end)
        self._x[end:end + first] = xs[:first]
        self._y[end:end + first] = ys[:first]
        self._x[:n - first] = xs[first:]
        self._y[:n - first] = ys[first:]
        overflow = max(0, self._size + n - self.capacity)
        self._size = min(self.capacity, self._size + n)
        self._start = (self._start + overflow) % self.capacity

    def arrays(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        idx = (self._start + np.arange(self._size)) % self.capacity
        return self._x[idx], self._y[idx]

    def last_y(self, default: float = 0.0) -> float:
        if not self._size:
            return default
        return float(self._y[(self._start + self._size - 1) % self.capacity])

    def clear(self) -> None:
        self._start = self._size = 0


def rolling_percentiles(values: NDArray[np.float64], window: int, qs: tuple[float, ...]
                        ) -> list[NDArray[np.float64]]:
    """For each point, the percentiles (numpy's linear method) of the `window` values ending at it.

    Vectorised: every window is sorted at once (NaN-padded at the start, so the first points use
    the shorter windows they have); one np.percentile call per point would cost milliseconds each.
    """
    n = len(values)
    if n == 0:
        return [np.zeros(0) for _ in qs]
    window = max(1, min(window, n))
    padded = np.concatenate([np.full(window - 1, np.nan), values.astype(np.float64)])
    ordered = np.sort(np.lib.stride_tricks.sliding_window_view(padded, window), axis=1)  # NaNs sort last
    counts = np.minimum(np.arange(1, n + 1), window)
    rows = np.arange(n)
    out = []
    for q in qs:
        pos = (counts - 1) * (q / 100.0)
        lo = np.floor(pos).astype(np.intp)
        hi = np.minimum(lo + 1, counts - 1)
        frac = pos - lo
        out.append(ordered[rows, lo] + (ordered[rows, hi] - ordered[rows, lo]) * frac)
    return out


def decimate(xs: NDArray[np.float64], ys: NDArray[np.float64], max_points: int
             ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """At most about `max_points` points for drawing: the peak of each bin (a backlog spike stays visible).

    A chart a few hundred pixels wide gains nothing from thousands of points, and every point
    drawn costs paint time on the GUI thread.
    """
    n = len(xs)
    if n <= max_points or max_points < 2:
        return xs, ys
    size = -(-n // max_points)  # ceil
    cut = n - n % size
    bins_x = xs[:cut].reshape(-1, size)[:, -1]
    bins_y = ys[:cut].reshape(-1, size).max(axis=1)
    if cut < n:  # the newest, partial bin: keep its real last point
        bins_x = np.append(bins_x, xs[-1])
        bins_y = np.append(bins_y, ys[cut:].max())
    return bins_x, bins_y
