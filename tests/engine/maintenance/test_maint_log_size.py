from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from engine.console import human_bytes
from engine.maintenance.log import MaintenanceLog, recent_runs, tail
from engine.maintenance.runner import MaintenanceOptions, run_maintenance
from engine.maintenance.size import level_of, thresholds
from engine.settings import MaintenanceSettings
from engine.store.backends.access import ACCESS_WARN_BYTES
from engine.workspace import Workspace


def test_log_line_format_and_recent_runs(tmp_path: Path) -> None:
    log = MaintenanceLog(tmp_path)
    t0 = datetime(2026, 1, 1, 2, 0, 0)
    for day in range(20):
        moment = t0 + timedelta(days=day)
        log.write(f"run r{day:02d} started: 1 site(s)", moment)
        log.write("BOYO backup ok: fine", moment)
        if day != 19:
            log.write(f"run r{day:02d} finished: {'FAILED' if day == 3 else 'OK'} (1 site(s), 5 ok) in 1.0 s",
                      moment + timedelta(seconds=1))
    first = (tmp_path / "2026-01-01.log").read_text().splitlines()
    assert first[0] == "[2026-01-01T02:00:00] run r00 started: 1 site(s)"
    runs = recent_runs(tmp_path, 14)
    assert len(runs) == 14 and runs[0].run_id == "r19" and runs[0].result == "INCOMPLETE"
    assert runs[1].result == "OK" and runs[1].summary.startswith("(1 site(s)")
    assert runs[-1].run_id == "r06"
    assert next(r for r in recent_runs(tmp_path, 20) if r.run_id == "r03").result == "FAILED"
    assert tail(tmp_path, 3)[-1].endswith("run r19 started: 1 site(s)") is False
    assert tail(tmp_path, 3)[-1].endswith("BOYO backup ok: fine")


def test_size_thresholds_growth_and_event(workspace: Workspace, make_site, telemetry) -> None:
    make_site("BOYO", hosts=5, rounds=1)
    events: list[dict] = []
    telemetry.listeners.append(events.append)
    first = run_maintenance(workspace, MaintenanceOptions(telemetry=telemetry, steps=("integrity",),
                                                          settings=MaintenanceSettings()))
    size_step = next(s for s in first.sites[0].steps if s.step == "size")
    assert size_step.status == "ok" and size_step.details["growth_bytes"] is None
    # The same unit convention as the window's tables (human_bytes, 1000-based), not "0.08 MB" in MiB.
    assert size_step.message.startswith(f"size {human_bytes(size_step.details['bytes'])}")
    make_site("BOYO", hosts=25, rounds=1)  # grows
    warn = MaintenanceSettings(SizeWarningBytes=1, SizeCriticalBytes=10**12)
    second = run_maintenance(workspace, MaintenanceOptions(telemetry=telemetry, steps=("integrity",),
                                                           settings=warn))
    step = next(s for s in second.sites[0].steps if s.step == "size")
    assert step.status == "warning" and step.details["growth_bytes"] > 0 and "since" in step.message
    assert second.exit_code == 0
    critical = MaintenanceSettings(SizeWarningBytes=1, SizeCriticalBytes=2)
    third = run_maintenance(workspace, MaintenanceOptions(telemetry=telemetry, steps=("integrity",),
                                                          settings=critical))
    assert third.exit_code == 1
    sizes = [e for e in events if e["EventName"] == "DatabaseSize"]
    assert [e["Level"] for e in sizes] == ["Ok", "Warning", "Critical"]
    assert sizes[1]["GrowthBytes"] > 0 and sizes[0]["Site"] == "BOYO"
    assert any(e["EventName"] == "MaintenanceFailure" and e["Step"] == "size" for e in events)
    assert any(e["EventName"] == "MaintenanceRun" and e["Step"] == "Run" for e in events)


def test_access_warns_at_its_own_limit() -> None:
    s = MaintenanceSettings(SizeWarningBytes=10**12, SizeCriticalBytes=10**12)
    warn, critical = thresholds("access", s)
    assert warn == ACCESS_WARN_BYTES and critical < 2 * 1024**3
    assert level_of(ACCESS_WARN_BYTES + 1, warn, critical) == "warning"
    assert thresholds("sqlite", s) == (10**12, 10**12)
