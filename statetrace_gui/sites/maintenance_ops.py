"""The site tree's maintenance actions, run through `engine.maintenance` on a pool thread.

The engine takes the site's writer lock for each step, so a step started during ingestion simply
waits its turn (up to `LOCK_TIMEOUT_S`) instead of fighting the writers.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from engine.workspace import Workspace

LOCK_TIMEOUT_S = 60.0
STEPS = {"Compact": "compact", "Back up": "backup", "Audit indexes": "audit"}


def maintenance_available() -> tuple[bool, str]:
    """(available, reason when not): the GUI disables the actions instead of failing later."""
    try:
        found = importlib.util.find_spec("engine.maintenance.runner") is not None
    except ImportError as exc:
        return False, f"Maintenance engine not available: {exc}"
    return (True, "") if found else (False, "The maintenance engine is not part of this build")


def run_site_action(workspace: Workspace, site: str, action: str) -> dict[str, Any]:
    """Run one step for one site; returns the engine's report as plain data."""
    from engine.maintenance.runner import MaintenanceOptions, run_maintenance

    step = STEPS[action]
    options = MaintenanceOptions(steps=(step,), sites=[site], force_compact=step == "compact",
                                 lock_timeout=LOCK_TIMEOUT_S, retry_busy=False)
    report: dict[str, Any] = run_maintenance(workspace, options).to_json()
    return report
