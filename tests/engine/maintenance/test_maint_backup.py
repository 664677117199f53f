from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from engine.maintenance.backup import apply_retention, list_backups, make_backup, site_backup_dir
from engine.maintenance.runner import MaintenanceOptions, discover_targets, restore_site, run_maintenance
from engine.store.backends import SiteTarget
from engine.store.backends.sqlite import SqliteBackend
from engine.workspace import Workspace


def _opts(settings, telemetry, **kw):
    return MaintenanceOptions(settings=settings, telemetry=telemetry, **kw)


def test_backup_is_named_verified_and_consistent(workspace: Workspace, make_site, settings, telemetry) -> None:
    db = make_site("BOYO")
    report = run_maintenance(workspace, _opts(settings, telemetry, steps=("backup",)))
    step = report.sites[0].steps[0]
    assert step.step == "backup" and step.status == "ok", step
    path = Path(step.details["file"])
    assert path.parent == workspace.backups_dir / "BOYO"
    assert re.fullmatch(r"BOYO_\d{8}-\d{6}\.sqlite", path.name)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # self-contained, no -wal needed
        src = sqlite3.connect(db)
        for table in ("DeviceSummary", "Interfaces", "InterfaceHistory"):
            q = f'SELECT COUNT(*) FROM "{table}"'
            assert conn.execute(q).fetchone() == src.execute(q).fetchone()
        src.close()
    finally:
        conn.close()
    assert list_backups(workspace, "BOYO")[0].verified is True
    assert not list(path.parent.glob("*.partial"))


def test_retention_keeps_newest_and_never_the_newest_good(workspace: Workspace, make_site) -> None:
    db = make_site("BOYO", hosts=2, rounds=1)
    target = SiteTarget("BOYO", "sqlite", db)
    backend = SqliteBackend()
    t0 = datetime(2026, 1, 1, 2, 0, 0)
    made = [make_backup(workspace, target, backend, t0 + timedelta(days=i))[0] for i in range(5)]
    removed = apply_retention(workspace, "BOYO", keep=3)
    assert sorted(removed) == sorted(made[:2])
    assert [b.path for b in list_backups(workspace, "BOYO")] == made[:1:-1]
    # Two newer copies nobody verified (put there by hand): keep=1 must still keep the newest verified one.
    folder = site_backup_dir(workspace, "BOYO")
    for day in (10, 11):
        (folder / f"BOYO_202601{day}-020000.sqlite").write_bytes(made[-1].read_bytes())
    apply_retention(workspace, "BOYO", keep=1)
    left = [b.path.name for b in list_backups(workspace, "BOYO")]
    assert left == ["BOYO_20260111-020000.sqlite", made[-1].name]


def test_same_second_backups_do_not_overwrite(workspace: Workspace, make_site) -> None:
    db = make_site("BOYO", hosts=2, rounds=1)
    target, backend, t = SiteTarget("BOYO", "sqlite", db), SqliteBackend(), datetime(2026, 1, 1, 2, 0, 0)
    a, _ = make_backup(workspace, target, backend, t)
    b, _ = make_backup(workspace, target, backend, t)
    assert a != b and a.exists() and b.exists() and b.name.endswith("-2.sqlite")


def test_backups_are_never_backed_up(workspace: Workspace, make_site, settings, telemetry) -> None:
    make_site("BOYO", hosts=2, rounds=1)
    for _ in range(2):
        run_maintenance(workspace, _opts(settings, telemetry, steps=("backup",)))
    targets = discover_targets(workspace, {"sqlite": SqliteBackend()})
    assert [t.site for t in targets] == ["BOYO"]
    assert all(p.parent.name == "BOYO" for p in workspace.backups_dir.rglob("*.sqlite"))
    assert not list((workspace.backups_dir / "BOYO").glob("*/"))


def test_retention_count_from_settings(workspace: Workspace, make_site, settings, telemetry) -> None:
    make_site("BOYO", hosts=2, rounds=1)
    settings.BackupRetentionCount = 2
    clock = iter(datetime(2026, 1, 1, 2, 0, 0) + timedelta(days=i) for i in range(100))
    for _ in range(4):
        run_maintenance(workspace, _opts(settings, telemetry, steps=("backup",), now=lambda: next(clock)))
    assert len(list_backups(workspace, "BOYO")) == 2


def test_no_disk_space_fails_the_backup_and_refuses_compaction(workspace: Workspace, make_site, settings,
                                                               telemetry) -> None:
    db = make_site("BOYO")
    before = db.read_bytes()
    report = run_maintenance(workspace, _opts(settings, telemetry, steps=("backup", "compact"), force_compact=True,
                                              free_bytes=lambda _p: 1024))
    steps = {s.step: s for s in report.sites[0].steps}
    assert steps["backup"].status == "refused" and "no disk space" in steps["backup"].message
    assert steps["compact"].status == "refused" and "no backup" in steps["compact"].message
    assert report.exit_code == 1
    assert db.read_bytes() == before
    assert not list_backups(workspace, "BOYO")


def test_restore_newest_verified_backup(workspace: Workspace, make_site, settings, telemetry) -> None:
    db = make_site("BOYO", hosts=3, rounds=1)
    run_maintenance(workspace, _opts(settings, telemetry, steps=("backup",)))
    db.write_bytes(b"garbage" * 1000)
    result = restore_site(workspace, "BOYO", options=_opts(settings, telemetry))
    assert result.status == "ok", result
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM DeviceSummary").fetchone()[0] == 3
    conn.close()
    assert Path(result.details["replaced"]).read_bytes().startswith(b"garbage")
    assert len(list_backups(workspace, "BOYO")) == 1  # the backup itself stays


def test_restore_reaches_an_idle_writer_connection(workspace: Workspace, make_site, settings, telemetry) -> None:
    """The writer caches its connection between hosts: a restore must not leave it writing into the
    file that was set aside."""
    from datetime import datetime as dt

    from maint_helpers import facts

    from engine.ingest.worker import HostOutcome
    from engine.ingest.writer import SiteWriter
    from engine.store import StoreConfig

    def outcome(host: str) -> HostOutcome:
        return HostOutcome(host=host, site="BOYO", file_hash="h", length=1, line=1, state="parsed",
                           facts=facts(host, 1))

    db = make_site("BOYO", hosts=2, rounds=1)
    writer = SiteWriter(workspace, "BOYO", StoreConfig(), telemetry)
    try:
        writer.write(outcome("BOYO-W1-AS-01"), dt.now())
        run_maintenance(workspace, _opts(settings, telemetry, steps=("backup",)))
        writer.write(outcome("BOYO-W2-AS-01"), dt.now())  # after the backup: lost by the restore
        assert restore_site(workspace, "BOYO", options=_opts(settings, telemetry)).status == "ok"
        writer.write(outcome("BOYO-W3-AS-01"), dt.now())
    finally:
        writer.close()
    conn = sqlite3.connect(db)
    hosts = {r[0] for r in conn.execute("SELECT Hostname FROM DeviceSummary")}
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert "BOYO-W1-AS-01" in hosts and "BOYO-W3-AS-01" in hosts and "BOYO-W2-AS-01" not in hosts
