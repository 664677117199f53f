"""PostgreSQL maintenance against the real server (issue 11): a backup that restores, amcheck integrity,
VACUUM, and a restore that brings the ingestion history in step, through `statetrace-cli maintain`."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from engine.cli import main
from engine.history import SiteHistory
from engine.store.postgres_backup import COPY_SUFFIX, DUMP_SUFFIX, copy_export, restore_backup, verify_backup
from engine.workspace import Workspace

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "data" / "transcripts"
pytestmark = pytest.mark.postgres


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out[out.index("{"):])


def counts(dsn: str) -> tuple[int, int]:
    with psycopg.connect(dsn) as conn:
        devices = conn.execute('SELECT count(*) FROM site_wlls."DeviceSummary"').fetchone()
        ports = conn.execute('SELECT count(*) FROM site_wlls."Interfaces"').fetchone()
    assert devices is not None and ports is not None
    return int(devices[0]), int(ports[0])


@pytest.fixture()
def home(pg_fresh_dsn: str, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    (home / "data" / "StateTraceSettings.json").write_text(json.dumps({"Store": {"Backend": "postgresql",
                                                                                 "Dsn": pg_fresh_dsn}}))
    assert main(["ingest", "--processes", "1", str(TRANSCRIPTS / "wlls_batch01.log"), "--home", str(home)]) == 0
    return home


def test_backup_restore_and_history_in_step(home: Path, pg_fresh_dsn: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    before = counts(pg_fresh_dsn)
    code, report = cli(capsys, "maintain", "--site", "WLLS", "--backup", "--integrity", "--home", str(home))
    steps = {s["step"]: s for s in report["sites"][0]["steps"]}
    assert code == 0 and steps["backup"]["status"] == "ok", steps
    assert steps["integrity"]["status"] == "ok", steps
    backup = Path(steps["backup"]["details"]["file"])
    assert backup.suffix in (DUMP_SUFFIX, COPY_SUFFIX) and verify_backup(backup) == []
    # A later capture adds a host; restoring the older backup takes it out again, and its history too.
    assert main(["ingest", "--processes", "1", str(TRANSCRIPTS / "mixed_batch02.log"), "--home", str(home)]) == 0
    capsys.readouterr()
    assert counts(pg_fresh_dsn)[0] == before[0] + 1
    history = Workspace(home).history_file("WLLS")
    assert len(SiteHistory(history).records) == 2
    code, report = cli(capsys, "maintain", "--restore", "WLLS", "--home", str(home))
    assert code == 0, report
    assert counts(pg_fresh_dsn) == before
    assert set(SiteHistory(history).records) == {"wlls-a01-as-01"}
    # So the next ingest writes the missing host again instead of calling it unchanged.
    assert main(["ingest", "--processes", "1", str(TRANSCRIPTS), "--home", str(home)]) == 0
    assert counts(pg_fresh_dsn)[0] == before[0] + 1


def test_the_copy_export_restores_without_pg_dump(home: Path, pg_fresh_dsn: str, tmp_path: Path) -> None:
    before = counts(pg_fresh_dsn)
    export = tmp_path / "wlls.pgcopy"
    copy_export(pg_fresh_dsn, "site_wlls", export)
    assert verify_backup(export) == []
    with psycopg.connect(pg_fresh_dsn, autocommit=True) as conn:
        conn.execute('DELETE FROM site_wlls."Interfaces"')
    restore_backup(pg_fresh_dsn, "site_wlls", export)
    assert counts(pg_fresh_dsn) == before
    # The restored ID sequences continue past the restored rows: a new ingest still writes.
    assert main(["ingest", "--processes", "1", "--force", str(TRANSCRIPTS), "--home", str(home)]) == 0
    damaged = tmp_path / "damaged.pgcopy"
    damaged.write_bytes(export.read_bytes()[: len(export.read_bytes()) // 2])
    assert verify_backup(damaged)


def test_compaction_vacuums_and_integrity_uses_amcheck(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code, report = cli(capsys, "maintain", "--site", "WLLS", "--compact", "--force", "--integrity",
                       "--home", str(home))
    steps = {s["step"]: s for s in report["sites"][0]["steps"]}
    assert code == 0 and steps["compact"]["status"] == "ok", steps
    assert steps["integrity"]["status"] == "ok", steps


def test_amcheck_runs_on_the_sites_indexes(home: Path, pg_fresh_dsn: str) -> None:
    from engine.store.backends import backend_for
    from engine.store.base import StoreConfig
    from engine.store.postgres_backup import amcheck_findings

    session = backend_for(StoreConfig(backend="postgresql", dsn=pg_fresh_dsn))
    try:
        assert amcheck_findings(session.execute, "WLLS") == []  # [] checked and clean; None: amcheck unusable
        checked = session.execute("WLLS", "SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'")
        assert checked[0][0] == 1
    finally:
        session.close()


def test_the_audit_rebuilds_a_dropped_index_and_backups_name_their_format(home: Path, pg_fresh_dsn: str,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    with psycopg.connect(pg_fresh_dsn, autocommit=True) as conn:
        conn.execute('DROP INDEX site_wlls."IX_Interfaces_VLAN"')
    capsys.readouterr()
    code, report = cli(capsys, "maintain", "--site", "WLLS", "--audit", "--home", str(home))
    steps = {s["step"]: s for s in report["sites"][0]["steps"]}
    assert code == 0 and report["sites"][0]["database"] == "postgresql:WLLS"
    assert steps["audit"]["details"]["rebuilt"] == ["IX_Interfaces_VLAN"], steps["audit"]
    with psycopg.connect(pg_fresh_dsn) as conn:
        found = conn.execute("SELECT count(*) FROM pg_indexes WHERE schemaname = 'site_wlls' "
                             "AND indexname = 'IX_Interfaces_VLAN'").fetchone()
    assert found is not None and found[0] == 1
