"""The PostgreSQL plug-in: maintenance talks to it only through `execute(site, sql)`."""

from __future__ import annotations

from typing import Any

from engine.maintenance.backends import PostgresBackend
from engine.maintenance.runner import MaintenanceOptions, run_maintenance
from engine.settings import MaintenanceSettings
from engine.store.schema import INDEXES, TABLES
from engine.telemetry import Telemetry
from engine.workspace import Workspace


def test_postgres_vacuum_analyze_audit_and_no_file_backup(tmp_path) -> None:
    sql: list[tuple[str, str]] = []

    def execute(site: str, statement: str) -> list[tuple[Any, ...]]:
        sql.append((site, statement))
        if "pg_total_relation_size" in statement:
            return [(50_000_000, 20_000_000)]
        if "FROM pg_tables" in statement:
            return [(t.name,) for t in TABLES]
        if "FROM pg_index" in statement:
            return [(i.table, ",".join(i.columns)) for i in INDEXES if i.name != "IX_Interfaces_VLAN"]
        return []

    backend = PostgresBackend(execute, lambda: ["BOYO"])
    report = run_maintenance(Workspace(tmp_path), MaintenanceOptions(
        backends={"postgresql": backend}, telemetry=Telemetry(None),
        settings=MaintenanceSettings(CompactMinBytes=0)))
    steps = {s.step: s for s in report.sites[0].steps}
    assert report.sites[0].database == "postgresql:BOYO"
    assert steps["backup"].status == "skipped"
    assert steps["compact"].status == "ok", steps["compact"]
    assert ("BOYO", "VACUUM (ANALYZE)") in sql
    assert steps["audit"].details["rebuilt"] == ["IX_Interfaces_VLAN"]
    assert any(s.startswith('CREATE INDEX IF NOT EXISTS "IX_Interfaces_VLAN"') for _, s in sql)
    assert report.exit_code == 0
