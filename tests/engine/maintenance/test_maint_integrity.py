from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from engine.maintenance.backup import list_backups
from engine.maintenance.guard import CorruptDatabase, assert_writable, marker_path, read_marker
from engine.maintenance.runner import MaintenanceOptions, restore_site, run_maintenance
from engine.store.base import StoreError
from engine.workspace import Workspace


def _truncate_mid_page(db: Path) -> None:
    os.truncate(db, db.stat().st_size - 1000)


def _truncate_pages(db: Path) -> None:
    os.truncate(db, db.stat().st_size - 10 * 4096)


def _garbage_page(db: Path) -> None:
    rng = random.Random(7)
    with open(db, "r+b") as fh:
        fh.seek(4096 * (db.stat().st_size // 4096 // 2))
        fh.write(bytes(rng.randrange(256) for _ in range(4096)))


def _garbage_header(db: Path) -> None:
    with open(db, "r+b") as fh:
        fh.write(b"\xde\xad\xbe\xef" * 8)


@pytest.mark.parametrize("damage", [_truncate_mid_page, _truncate_pages, _garbage_page, _garbage_header])
def test_corruption_detected_marked_refused_backups_untouched(workspace: Workspace, make_site, settings,
                                                             telemetry, damage) -> None:
    db = make_site("BOYO", hosts=30, rounds=2)
    run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry, steps=("backup",)))
    backups = {b.path: b.path.read_bytes() for b in list_backups(workspace, "BOYO")}
    assert len(backups) == 1
    assert_writable(db)  # healthy: passes
    damage(db)
    events: list[dict] = []
    telemetry.listeners.append(events.append)
    report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry))
    site = report.sites[0]
    steps = {s.step: s for s in site.steps}
    assert steps["integrity"].status == "corrupt", steps["integrity"]
    assert {steps[s].status for s in ("backup", "compact", "audit")} == {"skipped"}
    assert report.exit_code == 1 and report.result == "FAILED"
    assert {b.path: b.path.read_bytes() for b in list_backups(workspace, "BOYO")} == backups
    marker = read_marker(db)
    assert marker and marker["site"] == "BOYO" and marker["problems"]
    with pytest.raises(StoreError) as err:
        assert_writable(db)
    assert isinstance(err.value, CorruptDatabase)
    assert "corrupt" in str(err.value) and "--restore BOYO" in str(err.value)
    assert any(e["EventName"] == "MaintenanceFailure" and e["Step"] == "integrity" for e in events)

    # Restore: back to a good file, marker gone, ingestion allowed again.
    result = restore_site(workspace, "BOYO", options=MaintenanceOptions(settings=settings, telemetry=telemetry))
    assert result.status == "ok", result
    assert not marker_path(db).exists()
    assert_writable(db)
    again = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                          steps=("integrity",)))
    assert again.exit_code == 0


def test_marker_without_integrity_step_still_refuses_work(workspace: Workspace, make_site, settings,
                                                          telemetry) -> None:
    db = make_site("BOYO", hosts=2, rounds=1)
    _garbage_header(db)
    run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry, steps=("integrity",)))
    report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                           steps=("backup",)))
    steps = {s.step: s.status for s in report.sites[0].steps}
    assert steps["integrity"] == "corrupt" and steps["backup"] == "skipped"
    assert not list_backups(workspace, "BOYO")


def test_clean_check_clears_a_stale_marker(workspace: Workspace, make_site, settings, telemetry) -> None:
    db = make_site("BOYO", hosts=2, rounds=1)
    marker_path(db).write_text("{}", encoding="utf-8")
    with pytest.raises(CorruptDatabase):
        assert_writable(db)
    report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                           steps=("integrity",), quick_check=True))
    assert report.sites[0].steps[0].message.startswith("quick_check ok")
    assert "marker cleared" in report.sites[0].steps[0].message
    assert_writable(db)


def test_healthy_database_passes_full_check(workspace: Workspace, make_site, settings, telemetry) -> None:
    make_site("BOYO", hosts=5, rounds=2)
    report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                           steps=("integrity",)))
    assert report.sites[0].steps[0].status == "ok"
    assert assert_writable(None) is None
