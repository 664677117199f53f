"""CPU time per KB of fuzzed input, by target: filled by test_fuzz, printed by conftest's summary hook."""

from __future__ import annotations

from collections import defaultdict

FIGURES: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])  # target -> [bytes, cpu s, worst ms/KB]
