"""Site scan: freshness colours, .NET timestamps, DB size and devices read without blocking a writer."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from engine.model import DeviceFacts, PortFacts
from engine.store.sqlite import SqliteSiteStore
from engine.workspace import Workspace
from statetrace_gui.sites.panel import site_status
from statetrace_gui.sites.scan import freshness, human_age, parse_utc, scan_workspace

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("age", "color"), [
    (timedelta(hours=1), "green"), (timedelta(hours=23, minutes=59), "green"), (timedelta(hours=24), "yellow"),
    (timedelta(hours=47), "yellow"), (timedelta(hours=48), "orange"), (timedelta(days=6, hours=23), "orange"),
    (timedelta(days=7), "red"), (timedelta(days=400), "red")])
def test_legacy_freshness_colours(age: timedelta, color: str) -> None:
    assert freshness(NOW - age, NOW) == color


def test_unknown_freshness_and_ages() -> None:
    assert freshness(None, NOW) == "gray" and human_age(None, NOW) == "never"
    assert human_age(NOW - timedelta(seconds=5), NOW) == "5 s ago"
    assert human_age(NOW - timedelta(hours=3, minutes=7), NOW) == "3 h 07 min ago"
    assert human_age(NOW - timedelta(days=2, hours=5), NOW) == "2 d 5 h ago"


def test_dotnet_round_trip_timestamps() -> None:
    assert parse_utc("2026-01-06T20:28:57.4900000Z") == datetime(2026, 1, 6, 20, 28, 57, 490000, tzinfo=timezone.utc)
    assert parse_utc("2026-01-06T20:28:57Z") == datetime(2026, 1, 6, 20, 28, 57, tzinfo=timezone.utc)
    assert parse_utc("") is None and parse_utc("yesterday") is None


def test_scan_reads_databases_and_history(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "home")
    ws.ensure()
    store = SqliteSiteStore(ws.db_path("WLLS"))
    for i in (1, 2):
        store.write_host(DeviceFacts(f"WLLS-A01-AS-0{i}", "Cisco", model="C9300-48P",
                                     ports=[PortFacts("Gi1/0/1")]), "WLLS", datetime(2026, 1, 6))
    ws.history_file("WLLS").write_text(json.dumps([
        {"Hostname": "WLLS-A01-AS-01", "LastIngestedUtc": "2026-01-06T20:28:57.4900000Z"},
        {"Hostname": "WLLS-A01-AS-02", "LastIngestedUtc": "2026-01-05T08:00:00.0000000Z"}]), encoding="utf-8-sig")
    ws.history_file("OLDS").write_text(json.dumps({"Hostname": "OLDS-A1", "LastIngestedUtc": ""}), encoding="utf-8")
    (ws.data / "WLLS" / "broken.sqlite").write_bytes(b"not a database at all" * 10)
    boyo = SqliteSiteStore(ws.db_path("BOYO"))  # written by a run still going: no history file yet
    boyo.write_host(DeviceFacts("BOYO-A05-AS-02", "Brocade", ports=[PortFacts("1/1/1")]), "BOYO",
                    datetime(2026, 1, 9, 8, 30))
    boyo.close()
    infos = {i.site: i for i in scan_workspace(ws)}
    store.close()  # the scan ran while the writer's connection was open
    wlls = infos["WLLS"]
    assert wlls.device_count == 2 and wlls.db_bytes > 0 and wlls.prefix == "WLLS" and not wlls.error
    assert wlls.last_ingested == datetime(2026, 1, 6, 20, 28, 57, 490000, tzinfo=timezone.utc)
    assert [d.hostname for d in wlls.devices] == ["WLLS-A01-AS-01", "WLLS-A01-AS-02"]
    assert wlls.devices[1].model == "C9300-48P" and wlls.devices[1].last_ingested is not None
    assert infos["OLDS"].device_count is None and infos["OLDS"].last_ingested is None
    assert "database unreadable" in infos["broken"].error
    run_date = datetime(2026, 1, 9, 8, 30).astimezone(timezone.utc)  # RunDate is local time
    assert infos["BOYO"].last_ingested == run_date and infos["BOYO"].devices[0].last_ingested == run_date
    counted = {i.site: i for i in scan_workspace(ws, device_sites={"BOYO"})}
    assert counted["WLLS"].device_count == 2 and counted["WLLS"].devices == []
    assert counted["BOYO"].devices[0].make == "Brocade"
    assert site_status(infos["broken"], 0, {}).name == "failed"
    assert site_status(wlls, 0, {"Writing": 1}).name == "running"
    assert site_status(wlls, 3, {}).name == "queued"
    assert site_status(wlls, 0, {"Failed": 2}).text == "2 failed"
    assert site_status(infos["OLDS"], 0, {}).name == "idle"
    assert site_status(wlls, 0, {"Done": 4}).name == "ok"
