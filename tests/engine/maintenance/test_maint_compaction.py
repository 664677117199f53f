from __future__ import annotations

import sqlite3
from pathlib import Path

from engine.maintenance.backup import list_backups
from engine.maintenance.compaction import pays
from engine.maintenance.runner import MaintenanceOptions, run_maintenance
from engine.settings import MaintenanceSettings
from engine.store.backends import SpaceInfo
from engine.workspace import Workspace


def _rows(db: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db)
    try:
        return tuple(conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # type: ignore[return-value]
                     for t in ("DeviceSummary", "Interfaces", "InterfaceHistory"))
    finally:
        conn.close()


def _churn(db: Path) -> None:
    """Delete most history, as a retention job would: pages go to the free list."""
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM InterfaceHistory WHERE ID % 4 != 0")
    conn.commit()
    conn.close()


def test_compaction_shrinks_a_churned_database(workspace: Workspace, make_site, settings, telemetry) -> None:
    db = make_site("BOYO", hosts=40, rounds=4)
    _churn(db)
    rows = _rows(db)
    report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                           steps=("compact",)))
    step = next(s for s in report.sites[0].steps if s.step == "compact")
    assert step.status == "ok", step
    before, after = step.details["bytes_before"], step.details["bytes_after"]
    assert after < before * 0.8
    assert after == db.stat().st_size  # the WAL was checkpointed into the file
    assert _rows(db) == rows
    # Without a backup step, compaction made its own safety copy first.
    assert len(list_backups(workspace, "BOYO")) == 1
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM sqlite_stat1").fetchone()[0] > 0  # ANALYZE ran
    conn.close()


def test_compaction_skipped_when_it_does_not_pay(workspace: Workspace, make_site, telemetry) -> None:
    make_site("BOYO", hosts=4, rounds=1)
    settings = MaintenanceSettings(CompactFreeRatio=0.9, CompactMinBytes=0)
    report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                           steps=("compact",)))
    step = report.sites[0].steps[0]
    assert step.status == "skipped" and "reclaimable" in step.message
    assert not list_backups(workspace, "BOYO")  # no needless backup either
    assert report.exit_code == 0


def test_no_room_for_the_rewrite_refuses(workspace: Workspace, make_site, settings, telemetry) -> None:
    db = make_site("BOYO", hosts=20, rounds=3)
    _churn(db)
    before = db.read_bytes()
    backups_dir = workspace.backups_dir

    def free(path: Path) -> int:  # room for the backup, none beside the database
        return 10**12 if backups_dir in (path, *path.parents) else 100

    report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                           steps=("compact",), free_bytes=free))
    step = report.sites[0].steps[0]
    assert step.status == "refused" and "free beside the database" in step.message
    assert db.read_bytes() == before


def test_pays_rules() -> None:
    s = MaintenanceSettings(CompactFreeRatio=0.1, CompactMinBytes=1000)
    assert pays(SpaceInfo(500, 400), s)[0] is False  # too small
    assert pays(SpaceInfo(10_000, 500), s)[0] is False  # 5 % free
    assert pays(SpaceInfo(10_000, 2_000), s)[0] is True
    assert pays(SpaceInfo(10_000, None), s)[0] is True  # unknown free space (Access): size decides
