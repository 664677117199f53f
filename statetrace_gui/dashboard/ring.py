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
    """For each point, the percentiles of the `window` values ending at it (fewer at the start)."""
    n = len(values)
    if n == 0:
        return [np.zeros(0) for _ in qs]
    window = max(1, min(window, n))
    out = [np.empty(n) for _ in qs]
    head = min(window - 1, n)
    for i in range(head):  # the first points have a growing window
        for arr, q in zip(out, qs, strict=True):
            arr[i] = np.percentile(values[: i + 1], q)
    if n >= window:
        windows = np.lib.stride_tricks.sliding_window_view(values, window)
        full = np.percentile(windows, qs, axis=1)
        for arr, row in zip(out, full, strict=True):
            arr[window - 1:] = row
    return out
