"""The window end to end with the real runtime: drops, the queue, sites, charts, bad input, closing."""

from __future__ import annotations

import json
import sqlite3
import warnings
from pathlib import Path

from gui_helpers import points
from gui_transcripts import write_bad_capture, write_corpus
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu

from engine.locks import FileLock
from statetrace_gui.main_window import MainWindow
from statetrace_gui.queue.model import COL, JOB_ROLE
from statetrace_gui.settings.dialog import SettingsDialog

DONE_TIMEOUT = 90_000



def drop(window: MainWindow, *paths: Path | str) -> tuple[bool, bool]:
    """Drag-enter then drop the paths as file URLs, as a file manager does; returns (enter, drop) accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) if isinstance(p, Path) else QUrl(p) for p in paths])
    center = window.rect().center()
    actions = Qt.DropAction.CopyAction | Qt.DropAction.LinkAction
    with warnings.catch_warnings():  # PySide6 6.12 binds only the QPoint form, marked deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(center, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    drop_event = QDropEvent(QPointF(center), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop_event)
    return enter.isAccepted(), drop_event.isAccepted()


def states(window: MainWindow) -> dict[str, int]:
    return window.queue_model.state_totals()


def hosts_done(window: MainWindow) -> list[dict]:
    return [j for j in window.queue_model.jobs() if j.get("host") and j.get("parent") and j["state"] == "Done"]


def wait_settled(window: MainWindow, qtbot, jobs: int) -> None:  # type: ignore[no-untyped-def]
    """Until at least `jobs` rows exist, the runtime is idle and no row is still Queued/Parsing/Writing."""
    def settled() -> bool:
        totals = states(window)
        active = sum(totals.get(s, 0) for s in ("Queued", "Parsing", "Writing"))
        return (len(window.queue_model.jobs()) >= jobs and not active and window.runtime.state == "idle"
                and not window.queue_model.pending())  # rows posted but not shown yet are not settled

    try:
        qtbot.waitUntil(settled, timeout=DONE_TIMEOUT)
    except AssertionError as exc:  # pytest-qt's TimeoutError: say what was left
        stuck = [(j["id"], j.get("host"), j["state"]) for j in window.queue_model.jobs()
                 if j["state"] not in ("Done", "Skipped", "Failed", "Cancelled")]
        raise AssertionError(f"not settled: runtime {window.runtime.state}, busy {window.runtime.is_busy()}, "
                             f"{states(window)}, left {stuck[:10]}") from exc


def failures(window: MainWindow) -> list[str]:
    return [f"{j.get('host') or j.get('file')}: {j.get('error')}" for j in window.queue_model.jobs()
            if j["state"] == "Failed"]


def test_dropping_a_folder_ingests_it_and_the_window_shows_it(make_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"  # default settings: parse processes, as users run it
    files = write_corpus(tmp_path / "captures", {"WLLS": 3, "BOYO": 2})
    window = make_window(home)
    window.tabs.setCurrentWidget(window.dashboard)  # the charts redraw only while visible
    # Another program holds WLLS's database for a moment, so its writes back up (a visible backlog).
    held = FileLock(home / "data" / "WLLS" / "WLLS.sqlite.writer.lock")
    held.acquire(5)
    try:
        entered, dropped = drop(window, tmp_path / "captures")
        assert entered and dropped
        qtbot.waitUntil(lambda: "WLLS" in window.dashboard.site_rings
                        and window.dashboard.site_rings["WLLS"].last_y() > 0, timeout=DONE_TIMEOUT)
        qtbot.waitUntil(lambda: "WLLS" in window.sites.known_sites()
                        and window.sites._site_items["WLLS"].text(4) != "", timeout=30_000)
        assert window.sites._site_items["WLLS"].text(5) in ("Queued", "Ingesting")
    finally:
        held.release()
    wait_settled(window, qtbot, 2 * len(files))
    assert not failures(window)
    done = hosts_done(window)
    assert len(done) == 5
    assert {j["site"] for j in done} == {"WLLS", "BOYO"}
    assert all(j["rows"] > 0 and j["vendor"] == "Cisco" and j["progress"] == 1.0 for j in done)

    # The site tree lists the new sites with their devices and a fresh (green) last ingest.
    qtbot.waitUntil(lambda: {"WLLS", "BOYO"} <= set(window.sites.known_sites())
                    and window.sites.infos.get("WLLS") is not None
                    and window.sites.infos["WLLS"].device_count == 3, timeout=DONE_TIMEOUT)
    item = window.sites._site_items["WLLS"]
    assert item.text(1) == "3" and item.text(2).endswith("KB") and "ago" in item.text(3)
    item.setExpanded(True)  # device rows are read when a site is first expanded
    qtbot.waitUntil(lambda: item.childCount() == 3, timeout=30_000)
    assert [item.child(i).text(0) for i in range(3)] == ["WLLS-A01-AS-01", "WLLS-A01-AS-02", "WLLS-A01-AS-03"]
    assert item.child(0).text(5) == "Cisco C9300-48P" and "ago" in item.child(0).text(3)

    # The charts got points: one latency point per write, a backlog line per site, throughput samples.
    qtbot.waitUntil(lambda: window.dashboard.latency.total == 5, timeout=30_000)
    qtbot.waitUntil(lambda: window.dashboard.redraws > 0 and points(window.dashboard.latency_points) == 5,
                    timeout=30_000)
    assert points(window.dashboard.p95_curve) == 5
    assert window.dashboard.site_rings["WLLS"].arrays()[1].max() > 0
    qtbot.waitUntil(lambda: window.dashboard.site_rings["WLLS"].last_y() == 0, timeout=30_000)
    qtbot.waitUntil(lambda: points(window.dashboard.site_curves["WLLS"]) > 1, timeout=30_000)
    assert len(window.dashboard.throughput) > 0
    assert window.dashboard.stat_labels["writes"].text() == "5"
    with sqlite3.connect(home / "data" / "WLLS" / "WLLS.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM DeviceSummary").fetchone()[0] == 3


def file_jobs(window: MainWindow) -> list[dict]:
    return [j for j in window.queue_model.jobs() if "parent" not in j and j["id"] > 0]


def test_the_same_folder_twice_while_queued_gives_no_duplicate_jobs(make_window, home: Path, tmp_path: Path,
                                                                     qtbot) -> None:  # type: ignore[no-untyped-def]
    files = write_corpus(tmp_path / "captures", {"WLLS": 4})
    window = make_window(home)
    held = FileLock(home / "data" / "WLLS" / "WLLS.sqlite.writer.lock")  # the writes wait: the run stays busy
    held.acquire(5)
    try:
        drop(window, tmp_path / "captures")
        qtbot.waitUntil(lambda: len(file_jobs(window)) == len(files) and window.runtime.is_busy(),
                        timeout=DONE_TIMEOUT)
        drop(window, tmp_path / "captures")
        window.add_paths([tmp_path / "captures"], "menu")
        drop(window, files[-1])  # a file of that folder: the runtime's own dedup catches it
        qtbot.waitUntil(lambda: "Nothing new to queue from" in window.log_panel.text(), timeout=30_000)
        assert window.log_panel.text().count("Already queued, not added again") == 2
        assert len(file_jobs(window)) == len(files)
    finally:
        held.release()
    wait_settled(window, qtbot, 2 * len(files))
    assert not failures(window)
    assert len(file_jobs(window)) == len(files)
    assert len({j["host"] for j in hosts_done(window)}) == len(hosts_done(window)) == 4


def test_staged_paths_wait_for_start_and_are_not_staged_twice(make_window, home: Path, tmp_path: Path,
                                                              qtbot) -> None:  # type: ignore[no-untyped-def]
    files = write_corpus(tmp_path / "captures", {"WLLS": 2})
    window = make_window(home)
    window.act_auto_start.setChecked(False)
    drop(window, tmp_path / "captures")
    qtbot.waitUntil(lambda: states(window).get("Staged") == 1, timeout=30_000)
    drop(window, tmp_path / "captures")
    qtbot.wait(500)
    assert states(window) == {"Staged": 1} and window.runtime.state == "idle"
    assert window.queue_panel.act_start.isEnabled()
    window.queue_panel.act_start.trigger()
    wait_settled(window, qtbot, 2 * len(files))
    assert "Staged" not in states(window)
    assert not failures(window) and len(hosts_done(window)) == 2


def test_non_log_files_are_reported_not_queued(make_window, home: Path, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other"
    other.mkdir()
    (other / "report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    (other / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    (other / "dump").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(300))
    window = make_window(home)
    drop(window, other / "report.pdf", other / "photo.jpg", other / "dump", tmp_path / "missing.log",
         "https://example.com/capture.log")
    text = ""

    def reported() -> bool:
        nonlocal text
        text = window.log_panel.text()
        return "photo.jpg" in text and "missing.log" in text and "dump" in text

    qtbot.waitUntil(reported, timeout=30_000)
    assert "report.pdf — not a transcript (unsupported extension '.pdf')" in text
    assert "dump — binary data" in text
    assert "missing.log — no such file or folder" in text
    assert "https://example.com/capture.log — only local files" in text
    qtbot.wait(300)
    assert window.queue_model.rowCount() == 0
    assert window.runtime.state == "idle"


def test_a_failed_file_shows_its_reason_and_can_be_retried(make_window, home: Path, tmp_path: Path,
                                                           qtbot) -> None:  # type: ignore[no-untyped-def]
    bad = write_bad_capture(tmp_path / "in" / "notes.txt")
    write_corpus(tmp_path / "in", {"WLLS": 1})
    window = make_window(home)
    drop(window, tmp_path / "in")
    wait_settled(window, qtbot, 3)
    assert len(failures(window)) == 1 and len(hosts_done(window)) == 1, failures(window)
    failed = next(j for j in window.queue_model.jobs() if j["state"] == "Failed")
    assert failed["file"] == str(bad)
    assert "no device prompt or hostname found" in failed["error"]
    # The table shows the reason in the Error column and its tooltip, on a highlighted row.
    panel = window.queue_panel
    panel.state_combo.setCurrentText("Failed")
    assert panel.proxy.rowCount() == 2  # the run's header and the failed file
    error_index = panel.proxy.index(1, COL["Error"])
    assert "no device prompt" in error_index.data()
    assert "no device prompt" in error_index.data(Qt.ItemDataRole.ToolTipRole)
    assert error_index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "Failed: " in window.log_panel.text() and "no device prompt" in window.log_panel.text()
    # Retry: the file is parsed again (and fails again for the same reason).
    qtbot.waitUntil(lambda: window.runtime.state == "idle", timeout=DONE_TIMEOUT)
    assert panel.act_retry.isEnabled()
    panel.table.selectRow(1)
    panel.act_retry.trigger()
    qtbot.waitUntil(lambda: states(window).get("Failed", 0) == 2, timeout=DONE_TIMEOUT)
    assert "Retrying 1 failed job(s)" in window.log_panel.text()


def settled_count(window: MainWindow) -> int:
    return sum(n for st, n in states(window).items() if st in ("Done", "Skipped", "Failed"))


def wait_until_still(window: MainWindow, qtbot, quiet_ms: int = 1000, timeout_ms: int = 30_000) -> int:  # type: ignore[no-untyped-def]
    """The settled count once it has not changed for `quiet_ms`."""
    seen = [settled_count(window), 0]

    def still() -> bool:
        now = settled_count(window)
        if now != seen[0]:
            seen[:] = [now, 0]
            return False
        seen[1] += 1
        return seen[1] * 100 >= quiet_ms

    def poll() -> None:
        qtbot.wait(100)
        assert still()

    qtbot.waitUntil(poll, timeout=timeout_ms)
    return seen[0]


def test_pause_resume_and_cancel(make_window, home: Path, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    write_corpus(tmp_path / "a", {"ALFA": 10})
    write_corpus(tmp_path / "b", {"BRVO": 10})
    window = make_window(home)
    q = window.queue_panel

    window.act_auto_start.setChecked(False)  # stage, then Start and Pause in one go: most work stays queued
    drop(window, tmp_path / "a")
    qtbot.waitUntil(lambda: q.act_start.isEnabled(), timeout=30_000)
    q.act_start.trigger()
    assert q.act_pause.isEnabled()
    q.act_pause.trigger()
    assert window.runtime.state == "paused"
    qtbot.waitUntil(lambda: q.act_resume.isEnabled() and not q.act_pause.isEnabled(), timeout=30_000)
    frozen = wait_until_still(window, qtbot)  # work already in flight may finish (slowly on a busy machine) ...
    qtbot.wait(1000)  # ... then nothing moves while paused
    assert settled_count(window) == frozen
    # Rows are shown at most once a second: wait for them, not for the machine to be quick.
    qtbot.waitUntil(lambda: not window.queue_model.pending() and states(window).get("Queued", 0) > 0,
                    timeout=30_000)
    assert window.runtime.state == "paused"
    # Paused says so: no decaying rate, no climbing ETA.
    qtbot.waitUntil(lambda: window.status_state.text() == "Paused", timeout=30_000)
    assert window.status_eta.text() == "Paused" and window.status_rate.text() == ""

    q.act_resume.trigger()
    wait_settled(window, qtbot, 20)
    assert not failures(window) and len(hosts_done(window)) == 10
    # Idle: the last run's rate and ETA are gone, the bar says what was read.
    qtbot.waitUntil(lambda: window.status_state.text() == "Idle", timeout=30_000)
    assert window.status_rate.text() == "" and window.status_eta.text() == ""
    assert window.status_progress.text().endswith("(100 %)")

    # Cancel: queued work is dropped as Cancelled (its own state, not a failure); written hosts stay whole.
    drop(window, tmp_path / "b")
    qtbot.waitUntil(lambda: q.act_start.isEnabled(), timeout=30_000)
    q.act_start.trigger()
    q.act_pause.trigger()
    assert q.act_cancel.isEnabled()
    q.act_cancel.trigger()
    wait_settled(window, qtbot, 30)  # a's 20 rows and at least b's 10 file rows
    cancelled = states(window).get("Cancelled", 0)  # files not read, hosts not written (not their files again)
    assert cancelled and not failures(window)
    assert window.runtime.state == "idle" and not q.act_cancel.isEnabled()
    assert f"{cancelled} cancelled" in q.summary.text() and "failed" not in q.summary.text()
    log_text = window.log_panel.text()
    assert "Failed:" not in log_text
    assert f"{cancelled} queued file(s)/host(s) cancelled" in log_text
    # The bar counts only the files really read (a read file shows its hosts), and says the run was cancelled.
    b_files = [j for j in file_jobs(window) if "BRVO" in j["file"]]
    read = sum(j["size"] for j in b_files if j["state"] != "Cancelled" or "host(s)" in str(j.get("host")))
    assert window._progress["done_bytes"] == read
    qtbot.waitUntil(lambda: window.status_progress.text().endswith(", cancelled"), timeout=30_000)
    written = [j for j in hosts_done(window) if j["site"] == "BRVO"]
    db = home / "data" / "BRVO" / "BRVO.sqlite"
    if written:
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM DeviceSummary").fetchone()[0] == len(written)

    # Clear finished removes Done, Skipped and Cancelled rows.
    q.act_clear.trigger()
    assert states(window) == {}


def test_closing_during_ingestion_asks_then_stops_cleanly(make_window, home: Path, tmp_path: Path,
                                                          qtbot) -> None:  # type: ignore[no-untyped-def]
    write_corpus(tmp_path / "in", {"WLLS": 10})
    window = make_window(home)
    asked: list[bool] = []
    window.act_auto_start.setChecked(False)
    drop(window, tmp_path / "in")
    qtbot.waitUntil(lambda: window.queue_panel.act_start.isEnabled(), timeout=30_000)
    window.start()
    window.pause()
    assert window.runtime.is_busy()

    window.confirm_stop = lambda: asked.append(False) or False  # type: ignore[method-assign]
    window.close()
    assert asked == [False] and window.isVisible() and window.runtime.is_busy()

    window.confirm_stop = lambda: asked.append(True) or True  # type: ignore[method-assign]
    window.runtime.resume()
    window.close()
    assert asked == [False, True]
    qtbot.waitUntil(lambda: window._ready_to_close and not window.isVisible(), timeout=DONE_TIMEOUT)
    assert window.runtime.state == "idle" and not window.runtime.is_busy()
    # Whatever was written is complete: every host in the database has its interfaces.
    db = home / "data" / "WLLS" / "WLLS.sqlite"
    if db.exists():
        with sqlite3.connect(db) as conn:
            hosts = conn.execute("SELECT Hostname FROM DeviceSummary").fetchall()
            for (host,) in hosts:
                assert conn.execute("SELECT COUNT(*) FROM Interfaces WHERE Hostname = ?", (host,)).fetchone()[0] > 0


def test_site_menu_backs_up_and_ingests_again(make_window, home: Path, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    write_corpus(tmp_path / "in", {"WLLS": 1})
    window = make_window(home)
    drop(window, tmp_path / "in")
    wait_settled(window, qtbot, 2)
    assert len(hosts_done(window)) == 1, failures(window)
    qtbot.waitUntil(lambda: window.sites.db_path("WLLS") != "", timeout=30_000)
    menu = QMenu()
    window.sites.build_site_menu(menu, "WLLS")
    actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
    assert set(actions) == {"siteIngestAgain", "siteCompact", "siteBackup", "siteAuditindexes"}
    assert all(a.isEnabled() for a in actions.values())

    actions["siteBackup"].trigger()
    qtbot.waitUntil(lambda: "WLLS backup ok" in window.log_panel.text(), timeout=60_000)
    assert any((home / "data" / "Backups").rglob("*.sqlite*"))

    actions["siteIngestAgain"].trigger()  # the site's source files go back to the runtime (with force)
    qtbot.waitUntil(lambda: len(file_jobs(window)) == 2, timeout=DONE_TIMEOUT)
    wait_settled(window, qtbot, 4)
    again = [j for j in window.queue_model.jobs() if j.get("parent") == file_jobs(window)[-1]["id"]]
    assert [j["host"] for j in again] == ["WLLS-A01-AS-01"] and again[0]["state"] in ("Done", "Skipped")
    assert "Ingesting WLLS again: 1 file(s) queued" in window.log_panel.text()


def test_ingest_again_in_a_new_session_uses_the_file_index_and_logs_one_line(make_window, home: Path,
                                                                            tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    files = write_corpus(tmp_path / "in", {"WLLS": 3, "BOYO": 1})
    write_bad_capture(tmp_path / "in" / "junk.txt")  # fails: never part of a site's sources
    first = make_window(home)
    drop(first, tmp_path / "in")
    wait_settled(first, qtbot, 2 * len(files) + 1)
    first.close()
    qtbot.waitUntil(lambda: first._ready_to_close, timeout=60_000)

    window = make_window(home)  # a new session: nothing seen yet, the file index knows the files
    qtbot.waitUntil(lambda: "WLLS" in window.sites.infos, timeout=30_000)
    menu = QMenu()
    window.sites.build_site_menu(menu, "WLLS")
    again = next(a for a in menu.actions() if a.objectName() == "siteIngestAgain")
    assert again.isEnabled()
    again.trigger()
    wait_settled(window, qtbot, 6)
    queued = sorted(j["file"] for j in file_jobs(window))
    assert queued == sorted(str(f) for f in files if "wlls" in f.name.lower())  # WLLS's files, no junk
    assert window.log_panel.text().count("Ingesting WLLS again") == 1
    assert "Ingesting WLLS again: 3 file(s) queued" in window.log_panel.text()
    assert {j["host"] for j in hosts_done(window)} == {f"WLLS-A01-AS-0{i}" for i in (1, 2, 3)}


def test_saved_settings_apply_to_a_new_runtime(make_window, home: Path, tmp_path: Path, qtbot,  # type: ignore[no-untyped-def]
                                               monkeypatch) -> None:
    window = make_window(home)
    old = window.runtime

    def save_two_writers(dialog: SettingsDialog) -> int:
        dialog.edits["MaxWorkersPerSite"].setText("2")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", save_two_writers)
    window.open_settings()
    assert window.runtime is not old and window.runtime.settings.parser.MaxWorkersPerSite == 2
    saved = json.loads((home / "data" / "StateTraceSettings.json").read_text(encoding="utf-8-sig"))
    assert saved["ParserSettings"]["MaxWorkersPerSite"] == 2 and saved["ParserSettings"]["ParseProcesses"] == 1
    write_corpus(tmp_path / "in", {"WLLS": 1})
    drop(window, tmp_path / "in")  # the new runtime is wired to the window
    wait_settled(window, qtbot, 2)
    assert len(hosts_done(window)) == 1 and "Settings saved and applied" in window.log_panel.text()


def test_the_maintenance_tab_refreshes_itself_after_an_ingestion(make_window, home: Path, tmp_path: Path,
                                                                 qtbot) -> None:  # type: ignore[no-untyped-def]
    write_corpus(tmp_path / "in", {"WLLS": 2})
    window = make_window(home)
    tab = window.maintenance_tab
    qtbot.waitUntil(lambda: tab.pool.activeThreadCount() == 0, timeout=30_000)
    assert tab.table.rowCount() == 0  # an empty workspace when the window opened
    drop(window, tmp_path / "in")
    wait_settled(window, qtbot, 4)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1 and tab.table.item(0, 0).text() == "WLLS", timeout=30_000)


def test_first_run_shows_a_drop_target_and_opens_the_sample_captures(make_window, home: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDockWidget, QLabel

    window = make_window(home)
    panel = window.queue_panel
    qtbot.waitUntil(lambda: window.sites.scans > 0, timeout=30_000)
    assert panel.stack.currentWidget() is panel.welcome and panel.welcome.isVisible()
    assert "Drop device transcripts" in panel.welcome.sentence.text()
    assert panel.welcome.add_folder.text() == "Add folder…" and panel.welcome.samples.isEnabled()
    # "Log" once: the dock's title, not a second "Log" label inside it.
    visible_logs = [w for w in window.log_dock.findChildren(QLabel) if w.isVisible() and w.text() == "Log"]
    assert visible_logs == [] and isinstance(window.log_dock, QDockWidget) and window.log_dock.windowTitle() == "Log"
    qtbot.mouseClick(panel.welcome.samples, Qt.MouseButton.LeftButton)
    wait_settled(window, qtbot, 3)
    assert panel.stack.currentWidget() is panel.table and not panel.welcome.isVisible()
    assert not failures(window) and {j["site"] for j in hosts_done(window)} >= {"WLLS"}


def test_rows_say_which_run_they_belong_to_and_old_runs_can_be_cleared(make_window, home: Path, tmp_path: Path,
                                                                      qtbot) -> None:  # type: ignore[no-untyped-def]
    files = write_corpus(tmp_path / "in", {"WLLS": 2})
    window = make_window(home)
    drop(window, tmp_path / "in")
    wait_settled(window, qtbot, 4)
    window.ingest_site_again("WLLS")  # a second run over the same hosts
    qtbot.waitUntil(lambda: len(file_jobs(window)) == 2 * len(files), timeout=DONE_TIMEOUT)
    wait_settled(window, qtbot, 8)
    runs = sorted({j["run"] for j in window.queue_model.jobs()})
    assert len(runs) == 2 and runs[0].startswith("#1 ") and runs[1].startswith("#2 ")
    host_rows = [j for j in window.queue_model.jobs() if j.get("host") == "WLLS-A01-AS-01"]
    assert sorted(j["run"] for j in host_rows) == runs  # the same host, once per run, each saying which
    model = window.queue_model
    row = next(r for r in range(model.rowCount()) if model.job_at(r)["run"] == runs[0] and "kind" not in model.job_at(r))
    tip = model.data(model.index(row, COL["Run"]), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(f"Run {runs[0]}: finished after") and "hosts written 2" in tip
    # Each run is a group under a header saying what it did; the second run folded the first away.
    proxy = window.queue_panel.proxy
    headers = [proxy.index(r, 0).data() for r in range(proxy.rowCount()) if "kind" in proxy.index(r, 0).data(JOB_ROLE)]
    assert headers[0] == f"\u25b8 {tip}  (4 row(s) folded: click to show)" and headers[1].startswith(f"\u25be Run {runs[1]}")
    assert proxy.rowCount() == 2 + 4  # two headers, the second run's four rows
    window.queue_panel.table.clicked.emit(proxy.index(0, 0))  # a click on the first header unfolds it
    assert proxy.rowCount() == 2 + 8 and proxy.index(0, 0).data().startswith("\u25be")
    window.queue_panel.act_clear_runs.trigger()
    assert {j["run"] for j in window.queue_model.jobs()} == {runs[1]} and model.job_count() == 4
