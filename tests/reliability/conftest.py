"""Reliability tests: hostile inputs generated here, beside the good transcripts that must always land.

Fuzz tests add (target, bytes, CPU seconds) to FIGURES; the terminal summary prints CPU ms per KB of
input for each target (a figure to watch, never an assertion on time)."""

from __future__ import annotations

import os
from typing import Any

from fuzz_figures import FIGURES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    terminalreporter.section("fuzzing: CPU time per KB of input (reported, not asserted)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for target, (size, cpu, worst) in sorted(FIGURES.items()):
        per_kb = cpu * 1000 / max(size / 1024, 1e-9)
        terminalreporter.write_line(f"{target:52s} {size / 1024:10.0f} KB  {per_kb:8.3f} ms/KB mean  "
                                    f"{worst:8.3f} ms/KB worst example  (load {load:.1f})")
