"""What every step gets: the workspace, the site, its backend, the settings and the shared sinks."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from engine.maintenance.log import MaintenanceLog
from engine.maintenance.report import StepResult
from engine.maintenance.state import MaintenanceState
from engine.settings import MaintenanceSettings
from engine.store.backends import Backend, SiteTarget
from engine.telemetry import Telemetry
from engine.workspace import Workspace


def disk_free(path: Path) -> int:
    """Free bytes on the volume holding `path` (or its nearest existing parent)."""
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return shutil.disk_usage(probe).free


@dataclass(slots=True)
class SiteContext:
    workspace: Workspace
    target: SiteTarget
    backend: Backend
    settings: MaintenanceSettings
    run_id: str
    log: MaintenanceLog
    state: MaintenanceState
    telemetry: Telemetry
    free_bytes: Callable[[Path], int] = disk_free
    now: Callable[[], datetime] = datetime.now
    quick_check: bool = False
    force_compact: bool = False
    fresh_backup: Path | None = None  # the verified backup taken earlier in this run, if any
    backup_failed: str = ""  # why this run's backup failed (compaction then refuses)
    results: list[StepResult] = field(default_factory=list)

    @property
    def site(self) -> str:
        return self.target.site

    def say(self, message: str) -> None:
        self.log.write(f"{self.site}: {message}")
