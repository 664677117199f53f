from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from engine.maintenance.runner import MaintenanceOptions, run_maintenance
from engine.store.schema import SQLITE_OMITTED, indexes_for
from engine.workspace import Workspace


def _drop(db: Path, *names: str) -> None:
    conn = sqlite3.connect(db)
    for name in names:
        conn.execute(f'DROP INDEX "{name}"')
    conn.commit()
    conn.close()


def test_audit_rebuilds_missing_indexes_and_writes_legacy_csv(workspace: Workspace, make_site, settings,
                                                              telemetry) -> None:
    db = make_site("BOYO", hosts=3, rounds=1)
    _drop(db, "IX_Interfaces_VLAN", "idx_spanhistory_host")
    report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                           steps=("audit",)))
    step = report.sites[0].steps[0]
    assert step.status == "ok" and sorted(step.details["rebuilt"]) == ["IX_Interfaces_VLAN", "idx_spanhistory_host"]
    csv_path = Path(report.audit_csv)
    assert csv_path.parent == workspace.maintenance_log_dir
    assert csv_path.name == f"{report.run_id}-index-audit.csv"
    with open(csv_path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["Database", "Table", "ExpectedIndex", "ExpectedColumns", "Status"]
    assert len(rows) == len(indexes_for("sqlite"))
    status = {r["ExpectedIndex"]: r["Status"] for r in rows}
    assert not SQLITE_OMITTED & set(status), "an SQLite store is audited for the indexes it is meant to have"
    assert status["IX_Interfaces_VLAN"] == "Rebuilt"
    assert status["IX_InterfaceHistory_HostnameRunDate"] == "Present"
    assert {r["ExpectedColumns"] for r in rows if r["ExpectedIndex"] == "IX_Interfaces_HostnamePort"} == {"Hostname,Port"}
    again = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                          steps=("audit",)))
    assert again.sites[0].steps[0].details["rebuilt"] == []


def test_audit_matches_by_columns_not_names(workspace: Workspace, make_site, settings, telemetry) -> None:
    db = make_site("BOYO", hosts=2, rounds=1)
    _drop(db, "IX_Interfaces_VLAN")
    conn = sqlite3.connect(db)
    conn.execute('CREATE INDEX "legacy_vlan_name" ON "Interfaces" ("VLAN")')
    conn.commit()
    conn.close()
    report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                           steps=("audit",)))
    assert report.sites[0].steps[0].details["rebuilt"] == []


def test_unique_index_blocked_by_duplicates_falls_back_to_plain(workspace: Workspace, make_site, settings,
                                                                telemetry) -> None:
    db = make_site("BOYO", hosts=2, rounds=1)
    _drop(db, "IX_Interfaces_HostnamePort")
    conn = sqlite3.connect(db)
    conn.execute('INSERT INTO "Interfaces" ("Hostname", "Port") SELECT "Hostname", "Port" FROM "Interfaces" LIMIT 1')
    conn.commit()
    conn.close()
    report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                           steps=("audit",)))
    step = report.sites[0].steps[0]
    assert step.status == "ok" and step.details["rebuilt"] == ["IX_Interfaces_HostnamePort"]
    conn = sqlite3.connect(db)
    unique = [r[2] for r in conn.execute('PRAGMA index_list("Interfaces")') if r[1] == "IX_Interfaces_HostnamePort"]
    conn.close()
    assert unique == [0]


def test_audit_runs_beside_a_table_named_with_quotes_and_sql(workspace: Workspace, make_site, settings,
                                                             telemetry) -> None:
    db = make_site("BOYO", hosts=2, rounds=1)
    _drop(db, "IX_Interfaces_VLAN")
    conn = sqlite3.connect(db)
    conn.execute('CREATE TABLE "evil""); DROP TABLE ""Interfaces""; --" (x TEXT)')
    conn.execute('CREATE INDEX "ix ""q""" ON "evil""); DROP TABLE ""Interfaces""; --" (x)')
    conn.commit()
    conn.close()
    report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                           steps=("audit",)))
    step = report.sites[0].steps[0]
    assert step.status == "ok" and step.details["rebuilt"] == ["IX_Interfaces_VLAN"]
