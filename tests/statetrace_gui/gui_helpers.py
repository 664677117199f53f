"""Small helpers shared by the GUI tests."""

from __future__ import annotations

from typing import Any


def points(item: Any) -> int:
    """How many points a pyqtgraph curve or scatter holds (0 before its first setData)."""
    xs = item.getData()[0]
    return 0 if xs is None else len(xs)
