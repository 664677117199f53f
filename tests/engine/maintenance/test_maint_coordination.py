from __future__ import annotations

import sqlite3
import threading
import time
from datetime import datetime

import pytest
from maint_helpers import facts

from engine.ingest.worker import HostOutcome
from engine.ingest.writer import SiteWriter
from engine.locks import FileLock
from engine.maintenance.coordination import writer_lock_path
from engine.maintenance.runner import MaintenanceOptions, Progress, run_maintenance
from engine.store import StoreBusy, StoreConfig
from engine.workspace import Workspace


def _outcome(host: str, round_no: int) -> HostOutcome:
    return HostOutcome(host=host, site="BOYO", file_hash=f"h{round_no}", length=1, line=1, state="parsed",
                       facts=facts(host, round_no))


def test_maintenance_and_a_writing_ingestion_interleave_without_damage(workspace: Workspace, make_site, settings,
                                                                        telemetry) -> None:
    """The writer takes the site lock for each host, maintenance for the whole site: the writer pauses
    while maintenance runs and resumes after, every host is stored and the file checks clean."""
    db = make_site("BOYO", hosts=40, rounds=2)
    writer = SiteWriter(workspace, "BOYO", StoreConfig(), telemetry, lock_timeout=60)
    first_write = threading.Event()
    stop = threading.Event()
    errors: list[BaseException] = []
    written: list[float] = []

    def ingest() -> None:
        try:
            r = 0
            while not stop.is_set() or r < 20:
                writer.write(_outcome(f"BOYO-N{r:04d}-AS-01", r), datetime.now())
                written.append(time.monotonic())
                first_write.set()
                r += 1
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            writer.close()

    thread = threading.Thread(target=ingest)
    thread.start()
    assert first_write.wait(20)
    stamps: dict[str, float] = {}
    report = run_maintenance(workspace, MaintenanceOptions(
        settings=settings, telemetry=telemetry, lock_timeout=60, force_compact=True,
        progress=lambda p: stamps.setdefault(p.step, time.monotonic())))
    time.sleep(0.3)
    stop.set()
    thread.join(60)
    assert not errors, errors
    assert report.exit_code == 0, report.to_json()
    statuses = {s.step: s.status for s in report.sites[0].steps}
    assert statuses["compact"] == "ok" and statuses["backup"] == "ok" and statuses["integrity"] == "ok"
    locked, done = stamps["integrity"], stamps["done"]
    assert not [t for t in written if locked + 0.2 < t < done]  # paused while maintenance held the site
    assert any(t > done for t in written)  # and resumed afterwards
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM DeviceSummary").fetchone()[0] == 40 + len(written)
    conn.close()


def test_maintenance_waits_for_the_writer_lock(workspace: Workspace, make_site, settings, telemetry) -> None:
    db = make_site("BOYO", hosts=2, rounds=1)
    lock = FileLock(writer_lock_path(db))
    lock.acquire()
    released: list[float] = []

    def release_later() -> None:
        time.sleep(0.5)
        released.append(time.monotonic())
        lock.release()

    stamps: dict[str, float] = {}
    threading.Thread(target=release_later).start()
    report = run_maintenance(workspace, MaintenanceOptions(
        settings=settings, telemetry=telemetry, lock_timeout=30,
        progress=lambda p: stamps.setdefault(p.step, time.monotonic())))
    assert report.exit_code == 0
    assert stamps["integrity"] >= released[0]


def test_ingestion_waits_while_maintenance_holds_the_site(workspace: Workspace, make_site, settings,
                                                          telemetry) -> None:
    make_site("BOYO", hosts=3, rounds=1)
    seen: list[BaseException | None] = []

    def try_to_write() -> None:
        writer = SiteWriter(workspace, "BOYO", StoreConfig(), telemetry, lock_timeout=0.2, busy_retries=0)
        try:
            writer.write(_outcome("BOYO-X-AS-01", 1), datetime.now())
            seen.append(None)
        except StoreBusy as exc:
            seen.append(exc)
        finally:
            writer.release()

    def progress(p: Progress) -> None:
        if p.step == "backup" and not seen:
            t = threading.Thread(target=try_to_write)
            t.start()
            t.join()

    run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry, progress=progress))
    assert len(seen) == 1 and isinstance(seen[0], StoreBusy)
    try_to_write()  # and afterwards it goes through
    assert seen[-1] is None


def test_busy_site_is_reported_and_other_sites_go_on(workspace: Workspace, make_site, settings, telemetry) -> None:
    boyo = make_site("BOYO", hosts=2, rounds=1)
    make_site("WLLS", hosts=2, rounds=1)
    lock = FileLock(writer_lock_path(boyo))
    lock.acquire()
    try:
        report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                               lock_timeout=0.2))
    finally:
        lock.release()
    by_site = {s.site: s for s in report.sites}
    assert by_site["BOYO"].status == "busy"
    assert all("retried next run" in s.message for s in by_site["BOYO"].steps)
    assert by_site["WLLS"].status == "ok"
    assert report.exit_code == 0 and report.result == "BUSY"
    log = (workspace.maintenance_log_dir / f"{datetime.now():%Y-%m-%d}.log").read_text(encoding="utf-8")
    assert "BOYO backup busy: busy, retried next run" in log


def test_busy_site_is_retried_after_the_others(workspace: Workspace, make_site, settings, telemetry) -> None:
    aaa = make_site("AAA", hosts=2, rounds=1)
    make_site("ZZZ", hosts=2, rounds=1)
    lock = FileLock(writer_lock_path(aaa))
    lock.acquire()

    def progress(p: Progress) -> None:
        if p.site == "ZZZ" and p.step == "done":
            lock.release()

    try:
        report = run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry,
                                                               lock_timeout=0.2, progress=progress))
    finally:
        lock.release()
    assert [s.site for s in report.sites] == ["AAA", "ZZZ"]
    assert {s.status for s in report.sites} == {"ok"}


def test_unknown_site_is_an_error(workspace: Workspace, make_site, settings, telemetry) -> None:
    make_site("BOYO", hosts=1, rounds=1)
    with pytest.raises(Exception, match="no database for site"):
        run_maintenance(workspace, MaintenanceOptions(settings=settings, telemetry=telemetry, sites=["NOPE"]))
