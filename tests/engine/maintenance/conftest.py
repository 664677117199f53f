"""Fixtures for the maintenance tests: a workspace, real site databases, quiet settings and telemetry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from maint_helpers import write_site

from engine.settings import MaintenanceSettings
from engine.telemetry import Telemetry
from engine.workspace import Workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "home")
    ws.ensure()
    return ws


@pytest.fixture
def make_site(workspace: Workspace) -> Callable[..., Path]:
    def make(site: str = "BOYO", hosts: int = 20, rounds: int = 3, ports: int = 48) -> Path:
        return write_site(workspace.db_path(site), site, hosts, rounds, ports)

    return make


@pytest.fixture
def settings() -> MaintenanceSettings:
    return MaintenanceSettings(CompactMinBytes=0, CompactFreeRatio=0.05, LockTimeoutSeconds=5)


@pytest.fixture
def telemetry() -> Telemetry:
    return Telemetry(None)
