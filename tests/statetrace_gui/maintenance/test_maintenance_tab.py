"""The Maintenance tab under pytest-qt: real SQLite sites, steps on a pool thread, nightly timer rules."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from engine.maintenance.backup import list_backups
from engine.maintenance.guard import write_marker
from engine.model import DeviceFacts, PortFacts
from engine.settings import Settings
from engine.store.sqlite import SqliteSiteStore
from engine.workspace import Workspace
from statetrace_gui.maintenance import MaintenanceTab
from statetrace_gui.maintenance.tab import COLUMNS, schedule_sentence


def _site(ws: Workspace, site: str, hosts: int = 3) -> Path:
    store = SqliteSiteStore(ws.db_path(site))
    for h in range(hosts):
        store.write_host(DeviceFacts(f"{site}-A{h}-AS-01", "Cisco",
                                     ports=[PortFacts(f"Gi1/0/{i}", name=f"p{i}") for i in range(1, 25)]),
                         site, datetime(2026, 1, 6, 13, 0, 0))
    store.close()
    return ws.db_path(site)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path / "mhome")
    workspace.ensure()
    settings = Settings.load(workspace.settings_path)
    settings.update_maintenance(CompactMinBytes=0, LockTimeoutSeconds=5)
    settings.save()
    _site(workspace, "BOYO")
    _site(workspace, "WLLS")
    return workspace


@pytest.fixture
def tab(qtbot, ws: Workspace) -> Iterator[MaintenanceTab]:  # type: ignore[no-untyped-def]
    widget = MaintenanceTab(ws.home)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.table.rowCount() == 2, timeout=30_000)
    yield widget
    widget.nightly_timer.stop()
    widget.pool.waitForDone(30_000)


def _cell(tab: MaintenanceTab, site: str, column: str) -> str:
    row = next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == site)
    return tab.table.item(row, COLUMNS.index(column)).text()


def test_overview_rows(tab: MaintenanceTab, ws: Workspace) -> None:
    assert tab.objectName() == "maintenanceTab"
    assert [tab.table.item(r, 0).text() for r in range(2)] == ["BOYO", "WLLS"]
    assert _cell(tab, "BOYO", "Database") == str(ws.db_path("BOYO"))
    assert _cell(tab, "BOYO", "Last backup") == "never"
    assert _cell(tab, "BOYO", "Integrity") == "never checked"
    assert "KB" in _cell(tab, "BOYO", "Size") or "MB" in _cell(tab, "BOYO", "Size")
    assert tab.schedule_label.text().startswith("OS schedule:")


def test_back_up_selected_site_runs_off_the_gui_thread(qtbot, tab: MaintenanceTab, ws: Workspace,
                                                       monkeypatch) -> None:
    import engine.maintenance.runner as runner

    threads: list[int] = []
    real = runner.run_maintenance

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr("statetrace_gui.maintenance.worker.run_maintenance", spy)
    tab.table.selectRow(1)  # WLLS
    with qtbot.waitSignal(tab.sig_run_finished, timeout=30_000) as blocker:
        tab.buttons["Back up"].click()
        assert not tab.buttons["Run all"].isEnabled()
    report = blocker.args[0]
    assert threads and threads[0] != threading.get_ident()
    assert [s["site"] for s in report["sites"]] == ["WLLS"]
    assert list_backups(ws, "WLLS") and not list_backups(ws, "BOYO")
    assert tab.buttons["Run all"].isEnabled()
    qtbot.waitUntil(lambda: _cell(tab, "WLLS", "Last backup") != "never", timeout=30_000)
    row = 1
    bar = tab.table.cellWidget(row, COLUMNS.index("Progress"))
    assert bar.value() == 100 and bar.format() == "ok"


def test_run_all_on_every_site_and_log(qtbot, tab: MaintenanceTab) -> None:
    tab.table.clearSelection()
    with qtbot.waitSignal(tab.sig_run_finished, timeout=60_000) as blocker:
        assert tab.run_steps(("backup", "compact", "audit", "integrity"))
        assert not tab.run_steps(("backup",))  # one run at a time
    report = blocker.args[0]
    assert report["result"] == "OK" and [s["site"] for s in report["sites"]] == ["BOYO", "WLLS"]
    qtbot.waitUntil(lambda: "complete" in _cell(tab, "BOYO", "Indexes"), timeout=30_000)
    assert _cell(tab, "BOYO", "Integrity").startswith("ok")
    assert "Recent runs:" in tab.log_view.toPlainText() and " OK " in tab.log_view.toPlainText()


def test_corrupt_site_shows_restore_offer(qtbot, ws: Workspace) -> None:
    write_marker(ws.db_path("BOYO"), "BOYO", ["database disk image is malformed"])
    widget = MaintenanceTab(ws.home)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.table.rowCount() == 2, timeout=30_000)
    assert "CORRUPT" in _cell(widget, "BOYO", "Integrity")
    row = 0
    assert "--restore BOYO" in widget.table.item(row, COLUMNS.index("Integrity")).toolTip()
    widget.pool.waitForDone(30_000)


def test_nightly_runs_only_when_no_ingestion(qtbot, tab: MaintenanceTab, ws: Workspace) -> None:
    tab.clock = lambda: datetime(2026, 1, 6, 1, 30)
    tab.nightly_time.setTime(tab.nightly_time.time().fromString("02:00", "HH:mm"))
    tab.nightly_check.setChecked(True)
    assert Settings.load(ws.settings_path).maintenance.NightlyEnabled is True
    assert Settings.load(ws.settings_path).maintenance.NightlyAt == "02:00"
    assert "next run Tue 06 Jan 02:00" in tab.nightly_label.text()
    ingesting = [True]
    tab.set_is_ingesting(lambda: ingesting[0])
    assert tab.nightly_tick(datetime(2026, 1, 6, 1, 59)) is False  # not yet due
    with qtbot.waitSignal(tab.sig_nightly_skipped, timeout=1000) as skipped:
        assert tab.nightly_tick(datetime(2026, 1, 6, 2, 0)) is False
    assert "ingestion running" in skipped.args[0]
    assert "waits" in tab.log_view.toPlainText() and "waiting since 02:00" in tab.nightly_label.text()
    with qtbot.assertNotEmitted(tab.sig_nightly_skipped):
        assert tab.nightly_tick(datetime(2026, 1, 6, 2, 1)) is False  # said once
    ingesting[0] = False
    with qtbot.waitSignal(tab.sig_run_finished, timeout=60_000) as done:
        assert tab.nightly_tick(datetime(2026, 1, 6, 2, 2)) is True
    assert done.args[0]["steps"] == ["integrity", "backup", "compact", "audit", "size"]
    assert "missed" not in tab.log_view.toPlainText()  # it waited for the ingestion: not a missed run
    assert tab.nightly_tick(datetime(2026, 1, 6, 3, 0)) is False  # once a day
    assert "next run Wed 07 Jan 02:00" in tab.nightly_label.text()
    tab.nightly_check.setChecked(False)
    assert tab.nightly_tick(datetime(2026, 1, 7, 2, 0)) is False


def test_nightly_time_already_past_today_waits_for_tomorrow(qtbot, tab: MaintenanceTab) -> None:  # type: ignore[no-untyped-def]
    """Setting 01:00 at 01:57 must not start a full backup/compact/audit of every site 9 s later."""
    tab.clock = lambda: datetime(2026, 1, 6, 1, 57)
    tab.nightly_check.setChecked(True)
    tab.nightly_time.setTime(tab.nightly_time.time().fromString("01:00", "HH:mm"))
    with qtbot.assertNotEmitted(tab.sig_run_started):
        assert tab.nightly_tick(datetime(2026, 1, 6, 1, 57, 9)) is False
        assert tab.nightly_tick(datetime(2026, 1, 6, 23, 59)) is False
    assert "next run Wed 07 Jan 01:00" in tab.nightly_label.text()


def test_a_run_missed_while_asleep_runs_once_on_wake_and_says_so(qtbot, tab: MaintenanceTab) -> None:  # type: ignore[no-untyped-def]
    tab.clock = lambda: datetime(2026, 1, 5, 22, 0)
    tab.nightly_time.setTime(tab.nightly_time.time().fromString("02:00", "HH:mm"))
    tab.nightly_check.setChecked(True)
    # The machine slept from 23:00 until 08:15 two days later: two nights missed, one run.
    with qtbot.waitSignal(tab.sig_run_finished, timeout=60_000):
        assert tab.nightly_tick(datetime(2026, 1, 7, 8, 15)) is True
    assert "was missed (the computer was asleep): running it once now" in tab.log_view.toPlainText()
    assert tab.nightly_tick(datetime(2026, 1, 7, 8, 16)) is False
    assert "next run Thu 08 Jan 02:00" in tab.nightly_label.text()


def test_a_missing_crontab_is_a_sentence_with_a_fix_that_does_not_widen_the_tab(tab: MaintenanceTab) -> None:
    raw = "unknown (crontab -l failed (127): [Errno 2] No such file or directory: 'crontab')"
    assert schedule_sentence(raw).startswith("not available: cron is not installed. Install it")
    width = tab.minimumSizeHint().width()
    tab._on_overview({"sites": [], "schedule": raw * 3, "runs": [], "log": []})
    assert "Errno" not in tab.schedule_label.text() and "Errno" in tab.schedule_label.toolTip()
    assert tab.minimumSizeHint().width() <= width  # the Sites dock beside it keeps its width




def test_one_settings_object_a_later_save_keeps_the_nightly_change(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: the tab saved a fresh copy, then the window saved its stale one and reverted Nightly."""
    shared = Settings.load(ws.settings_path)
    widget = MaintenanceTab(ws.home, settings=shared)
    qtbot.addWidget(widget)
    try:
        widget.nightly_check.setChecked(True)
        qtbot.waitUntil(lambda: Settings.load(ws.settings_path).maintenance.NightlyEnabled, timeout=10_000)
        assert shared.maintenance.NightlyEnabled, "the tab changed the process's one Settings object"
        shared.update_parser(MaxActiveSites=3)  # what the Settings dialog does with the same object
        shared.save()
        saved = Settings.load(ws.settings_path)
        assert saved.maintenance.NightlyEnabled and saved.parser.MaxActiveSites == 3
    finally:
        widget.nightly_timer.stop()
        widget.pool.waitForDone(30_000)


def test_the_overview_copies_and_exports(tab: MaintenanceTab, tmp_path: Path,  # type: ignore[no-untyped-def]
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QGuiApplication

    from engine.views.export import read_csv

    tab.table.selectRow(1)
    text = tab.table.table_actions.copy()
    lines = text.splitlines()
    assert lines[0].split("\t")[:3] == ["Site", "Database", "Size"] and len(lines) == 2
    assert lines[1].startswith("WLLS\t") and QGuiApplication.clipboard().text() == text
    target = tmp_path / "overview.csv"
    assert tab.table.table_actions.export("csv", str(target)) == str(target)
    meta, columns, rows = read_csv(target)
    assert meta["query"] == "maintenance overview" and columns[0] == "Site"
    assert [r[0] for r in rows] == ["BOYO", "WLLS"]
