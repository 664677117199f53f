"""The ingestion history is written as hosts commit (issue 11), not only when a run ends: a run killed
mid-site, or a second window, sees what was already committed."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

from engine.history import SiteHistory
from engine.ingest import writer as writer_module
from engine.ingest.worker import HostOutcome
from engine.ingest.writer import SiteWriter
from engine.store import StoreConfig
from engine.telemetry import Telemetry
from engine.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "maintenance"))
from maint_helpers import facts  # noqa: E402


def outcome(host: str) -> HostOutcome:
    return HostOutcome(host=host, site="BOYO", file_hash=f"hash-{host}", length=10, line=1, state="parsed",
                       facts=facts(host, 1))


def test_history_is_on_disk_before_the_run_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "HISTORY_FLUSH_SECONDS", 0.0)
    workspace = Workspace(tmp_path)
    writer = SiteWriter(workspace, "BOYO", StoreConfig(), Telemetry(None))
    try:
        writer.write(outcome("BOYO-A01-AS-01"), datetime(2025, 10, 9, 10, 0))
        on_disk = SiteHistory(workspace.history_file("BOYO")).records
        assert set(on_disk) == {"boyo-a01-as-01"} and on_disk["boyo-a01-as-01"].file_hash == "hash-boyo-a01-as-01"
        writer.write(outcome("BOYO-A01-AS-02"), datetime(2025, 10, 9, 10, 0))
        assert set(SiteHistory(workspace.history_file("BOYO")).records) == {"boyo-a01-as-01", "boyo-a01-as-02"}
    finally:
        writer.close()


def test_flushes_are_throttled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "HISTORY_FLUSH_SECONDS", 3600.0)
    workspace = Workspace(tmp_path)
    writer = SiteWriter(workspace, "BOYO", StoreConfig(), Telemetry(None))
    try:
        writer.write(outcome("BOYO-A01-AS-01"), datetime(2025, 10, 9, 10, 0))
        assert not workspace.history_file("BOYO").exists()  # within the interval: not rewritten yet
    finally:
        writer.close()
    assert set(SiteHistory(workspace.history_file("BOYO")).records) == {"boyo-a01-as-01"}
