"""The Maintenance tab (`maintenanceTab`).

Per site: database, size, growth, free pages, last backup, last compaction, index and integrity
status, and a progress bar while a step runs. Buttons run steps on the selected sites (all sites
when none is selected) in a pool worker; only one maintenance run at a time. The in-app nightly
timer runs at the set time only: it is armed for the next occurrence of that time after it was set
(setting 01:00 at 01:57 means tomorrow 01:00, not now), and it waits while an ingestion runs (the main
window supplies `is_ingesting`), saying so once. A run missed while the computer slept runs once on wake,
said in the log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool, QTime, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from engine.console import human_bytes
from engine.maintenance.log import recent_runs, tail
from engine.maintenance.overview import site_overview
from engine.maintenance.runner import USER_STEPS
from engine.maintenance.schedule import Scheduler
from engine.settings import Settings, SettingsError
from engine.workspace import Workspace
from statetrace_gui.maintenance.worker import Worker, maintenance_job
from statetrace_gui.views.table_actions import install_table_actions

COLUMNS = ("Site", "Database", "Size", "Growth", "Free", "Last backup", "Last compaction", "Indexes",
           "Integrity", "Progress")
PROGRESS_COL = COLUMNS.index("Progress")
ACTIONS = (("Back up", ("backup",)), ("Compact", ("compact",)), ("Audit", ("audit",)),
           ("Check", ("integrity",)), ("Run all", USER_STEPS))


def _overview_job(workspace: Workspace) -> Callable[[Callable[[dict[str, Any]], None]], dict[str, Any]]:
    def job(_progress: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        try:
            schedule = Scheduler(workspace.home).status().describe()
        except Exception as exc:  # noqa: BLE001 - a broken scheduler must not hide the sites
            schedule = f"unknown ({exc})"
        runs = [r.describe() for r in recent_runs(workspace.maintenance_log_dir, 14)]
        return {"sites": site_overview(workspace), "schedule": schedule, "runs": runs,
                "log": tail(workspace.maintenance_log_dir, 200)}

    return job


def schedule_sentence(status: str) -> str:
    """The OS schedule's status as a sentence with a fix, not "crontab -l failed (127): [Errno 2] ..."."""
    low = status.lower()
    if "crontab" in low and ("(127)" in low or "errno 2" in low or "not available" in low or "not found" in low):
        return ("not available: cron is not installed. Install it (sudo apt-get install cron) and use "
                "statetrace-cli schedule install, or use the in-app nightly run")
    if "schtasks" in low and ("not found" in low or "errno 2" in low):
        return "not available: the Windows Task Scheduler cannot be reached; use the in-app nightly run"
    if status.startswith("unknown ("):
        return f"could not be read ({status[9:].rstrip(')')}); use the in-app nightly run"
    return status


class MaintenanceTab(QWidget):
    sig_overview_loaded = Signal(dict)
    sig_run_started = Signal(object)  # {"steps": [...], "sites": [...] or None, "nightly": bool}
    sig_run_finished = Signal(dict)  # RunReport.to_json()
    sig_run_failed = Signal(str)
    sig_nightly_skipped = Signal(str)

    def __init__(self, home: Path, parent: QWidget | None = None, settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maintenanceTab")
        self.workspace = Workspace(home)
        # The window's own Settings object: one per process, so a later save elsewhere (the Settings
        # dialog) can never write back a stale copy over a nightly change made here.
        self.settings = settings
        self.is_ingesting: Callable[[], bool] = lambda: False
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)  # one maintenance run + one overview refresh
        self._live: set[Worker] = set()
        self._running = False
        self._rows: dict[str, int] = {}
        self._nightly_done: date | None = None
        self._nightly_skip_reported: datetime | None = None  # the due time whose wait was reported
        self.clock: Callable[[], datetime] = datetime.now  # tests set a fixed clock
        self.next_due: datetime | None = None
        self._build()
        self._load_nightly_settings()
        self.nightly_timer = QTimer(self)
        self.nightly_timer.setInterval(30_000)
        self.nightly_timer.timeout.connect(self.nightly_tick)
        self.nightly_timer.start()
        self.refresh()

    # -- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("maintenanceSites")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Ctrl+C copies the selected sites as TSV; the context menu exports the overview as CSV/XLSX.
        self.table_actions = install_table_actions(self.table, lambda: {
            "query": "maintenance overview", "workspace": str(self.workspace.home),
            "taken": datetime.now().strftime("%Y-%m-%d %H:%M:%S")})

        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for text, steps in ACTIONS:
            button = QPushButton(text, self)
            button.setObjectName("maintenance" + text.title().replace(" ", "") + "Button")
            button.setToolTip(f"{', '.join(steps)} on the selected sites (all sites when none is selected)")
            button.clicked.connect(lambda _=False, s=steps: self.run_steps(s))
            buttons.addWidget(button)
            self.buttons[text] = button
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.clicked.connect(self.refresh)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("maintenanceStatus")
        buttons.addWidget(self.status_label)

        nightly = QGroupBox("Schedule", self)
        row = QHBoxLayout(nightly)
        self.nightly_check = QCheckBox("In-app nightly run at", nightly)
        self.nightly_check.setObjectName("maintenanceNightlyEnabled")
        self.nightly_time = QTimeEdit(nightly)
        self.nightly_time.setObjectName("maintenanceNightlyAt")
        self.nightly_time.setDisplayFormat("HH:mm")
        self.nightly_label = QLabel("", nightly)
        self.nightly_label.setObjectName("maintenanceNightlyStatus")
        self.schedule_label = QLabel("OS schedule: …", nightly)
        self.schedule_label.setObjectName("maintenanceOsSchedule")
        self.schedule_label.setToolTip("statetrace-cli schedule install|remove|show")
        # A long message wraps inside the tab; it never widens the window's centre and squeezes the Sites dock.
        self.schedule_label.setWordWrap(True)
        self.schedule_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.nightly_check)
        row.addWidget(self.nightly_time)
        row.addWidget(self.nightly_label, 1)
        row.addWidget(self.schedule_label)
        self.nightly_check.toggled.connect(self._save_nightly_settings)
        self.nightly_time.timeChanged.connect(self._save_nightly_settings)

        self.log_view = QPlainTextEdit(self)
        self.log_view.setObjectName("maintenanceLog")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(2000)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.log_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        layout.addWidget(nightly)

    # -- workers ------------------------------------------------------------------------------------
    def _start(self, worker: Worker) -> Worker:
        self._live.add(worker)
        worker.signals.sig_finished.connect(lambda _r, w=worker: self._live.discard(w))
        worker.signals.sig_errored.connect(lambda _e, w=worker: self._live.discard(w))
        self.pool.start(worker)
        return worker

    def refresh(self) -> None:
        """Reload the site rows, the OS schedule status and the recent runs, off the GUI thread."""
        worker = Worker(_overview_job(self.workspace))
        worker.signals.sig_finished.connect(self._on_overview)
        worker.signals.sig_errored.connect(lambda e: self._append_log(f"overview failed: {e}"))
        self._start(worker)

    def selected_sites(self) -> list[str] | None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        names = [self.table.item(r, 0).text() for r in rows if self.table.item(r, 0) is not None]
        return names or None

    @property
    def running(self) -> bool:
        return self._running

    def run_steps(self, steps: tuple[str, ...], sites: list[str] | None = None, nightly: bool = False) -> bool:
        """Start a maintenance run (False when one is already running)."""
        if self._running:
            self._append_log("a maintenance run is already in progress")
            return False
        chosen = sites if sites is not None else (None if nightly else self.selected_sites())
        self._running = True
        self._set_buttons(False)
        for r in range(self.table.rowCount()):
            site = self.table.item(r, 0).text()
            bar = self._bar(r)
            bar.setValue(0)
            bar.setFormat("queued" if chosen is None or site in chosen else "")
        force = steps == ("compact",) and not nightly  # the button means "compact now"
        worker = Worker(maintenance_job(self.workspace, steps, chosen, force),
                        {"steps": list(steps), "sites": chosen, "nightly": nightly})
        worker.signals.sig_started.connect(self.sig_run_started)
        worker.signals.sig_progress.connect(self._on_progress)
        worker.signals.sig_finished.connect(self._on_finished)
        worker.signals.sig_errored.connect(self._on_errored)
        self.status_label.setText(f"Running {', '.join(steps)} on {', '.join(chosen) if chosen else 'all sites'}…")
        self._start(worker)
        return True

    # -- slots --------------------------------------------------------------------------------------
    def _on_overview(self, data: dict[str, Any]) -> None:
        self._fill(data["sites"])
        self.schedule_label.setText(f"OS schedule: {schedule_sentence(data['schedule'])}")
        self.schedule_label.setToolTip(f"{data['schedule']}\nstatetrace-cli schedule install|remove|show")
        runs = data["runs"]
        self.log_view.setPlainText("Recent runs:\n" + ("\n".join(f"  {r}" for r in runs) or "  none yet")
                                   + "\n\nLog:\n" + "\n".join(data["log"]))
        self.log_view.verticalScrollBar().setValue(self.log_view.verticalScrollBar().maximum())
        self.sig_overview_loaded.emit(data)

    def _fill(self, sites: list[dict[str, Any]]) -> None:
        selected = set(self.selected_sites() or [])
        self.table.setRowCount(len(sites))
        self._rows = {}
        for r, s in enumerate(sites):
            self._rows[s["site"]] = r
            growth = s["growth"]
            values = [
                s["site"], s["database"], human_bytes(s["size"]) if s["size"] is not None else "?",
                "" if growth is None else ("+" if growth >= 0 else "-") + human_bytes(abs(growth)),
                f"{s['free_ratio']:.1%}" if s["free_ratio"] is not None else "n/a",
                s["last_backup"] or "never", s["last_compaction"] or "never", s["indexes"], s["integrity"],
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if c == COLUMNS.index("Integrity") and s["corrupt"]:
                    item.setToolTip(f"Ingestion of this site is refused. Restore with "
                                    f"statetrace-cli maintain --restore {s['site']}")
                    item.setForeground(QColor(198, 40, 40))
                    item.setText("CORRUPT - restore offered")
                self.table.setItem(r, c, item)
            self._bar(r)
            if s["site"] in selected:
                self.table.selectRow(r)

    def _bar(self, row: int) -> QProgressBar:
        bar = self.table.cellWidget(row, PROGRESS_COL)
        if not isinstance(bar, QProgressBar):
            bar = QProgressBar(self.table)
            bar.setRange(0, 100)
            bar.setValue(0)
            bar.setFormat("")
            bar.setTextVisible(True)
            self.table.setCellWidget(row, PROGRESS_COL, bar)
        return bar

    def _on_progress(self, p: dict[str, Any]) -> None:
        row = self._rows.get(p["site"])
        if row is None:
            return
        bar = self._bar(row)
        bar.setValue(int(p["fraction"] * 100))
        bar.setFormat(p["status"] if p["step"] == "done" else f"{p['step']} %p%")

    def _on_finished(self, report: dict[str, Any]) -> None:
        self._running = False
        self._set_buttons(True)
        counts = ", ".join(f"{n} {s}" for s, n in sorted(report.get("counts", {}).items()))
        self.status_label.setText(f"Last run {report['result']} ({counts}) in {report['seconds']:.1f} s")
        for site in report["sites"]:
            for step in site["steps"]:
                if step["status"] not in ("ok", "skipped"):
                    self._append_log(f"{site['site']} {step['step']} {step['status']}: {step['message']}")
        self.sig_run_finished.emit(report)
        self.refresh()

    def _on_errored(self, message: str) -> None:
        self._running = False
        self._set_buttons(True)
        self.status_label.setText("Maintenance failed")
        self._append_log(f"maintenance failed: {message}")
        self.sig_run_failed.emit(message)
        self.refresh()

    def _set_buttons(self, enabled: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(enabled)

    def _append_log(self, line: str) -> None:
        self.log_view.appendPlainText(f"[{datetime.now():%Y-%m-%dT%H:%M:%S}] {line}")

    # -- nightly ------------------------------------------------------------------------------------
    def set_is_ingesting(self, probe: Callable[[], bool]) -> None:
        """The main window tells the tab how to ask whether an ingestion is running."""
        self.is_ingesting = probe

    def _load_nightly_settings(self) -> None:
        try:
            m = (self.settings or Settings.load(self.workspace.settings_path)).maintenance
            at, enabled = m.NightlyAt, m.NightlyEnabled
        except SettingsError:
            at, enabled = "02:00", False
        self.nightly_time.blockSignals(True)
        self.nightly_check.blockSignals(True)
        self.nightly_time.setTime(QTime.fromString(at, "HH:mm"))
        self.nightly_check.setChecked(enabled)
        self.nightly_time.blockSignals(False)
        self.nightly_check.blockSignals(False)
        self._arm(self.clock())
        self._show_nightly_state()

    def _save_nightly_settings(self) -> None:
        try:
            settings = self.settings or Settings.load(self.workspace.settings_path)
            settings.update_maintenance(NightlyAt=self.nightly_time.time().toString("HH:mm"),
                                        NightlyEnabled=self.nightly_check.isChecked())
            settings.save()
        except (SettingsError, OSError) as exc:
            self._append_log(f"nightly setting not saved: {exc}")
        self._arm(self.clock())  # a new time counts from now: never a run at once for a time already past
        self._show_nightly_state()

    def _arm(self, after: datetime) -> None:
        """The next run: the first occurrence of the set time strictly after `after`."""
        at = self.nightly_time.time()
        due = after.replace(hour=at.hour(), minute=at.minute(), second=0, microsecond=0)
        self.next_due = due if due > after else due + timedelta(days=1)

    def _show_nightly_state(self, extra: str = "") -> None:
        if not self.nightly_check.isChecked():
            self.next_due = None
            self.nightly_label.setText("off")
            return
        if self.next_due is None:
            self._arm(self.clock())
        assert self.next_due is not None
        done = f"; last ran {self._nightly_done}" if self._nightly_done else ""
        self.nightly_label.setText(f"next run {self.next_due:%a %d %b %H:%M}, only while no ingestion runs"
                                   f"{done}{extra}")

    def nightly_tick(self, now: datetime | None = None) -> bool:
        """Start the nightly run when due; True when it started. Called by the timer every 30 s."""
        if not self.nightly_check.isChecked():
            return False
        moment = now or self.clock()
        if self.next_due is None:
            self._arm(moment)
        due = self.next_due
        assert due is not None
        if moment < due:
            return False
        reason = ""
        if self.is_ingesting():
            reason = "ingestion running"
        elif self._running:
            reason = "another maintenance run in progress"
        if reason:
            if self._nightly_skip_reported != due:
                self._nightly_skip_reported = due
                message = (f"Nightly maintenance due at {due:%H:%M} waits: {reason}; it starts as soon as "
                           "it can")
                self._append_log(message)
                self._show_nightly_state(f" - waiting since {due:%H:%M} ({reason})")
                self.sig_nightly_skipped.emit(message)
            return False
        if self._nightly_skip_reported != due and moment - due > timedelta(seconds=3 * self.nightly_timer_s()):
            self._append_log(f"Nightly maintenance due {due:%a %d %b %H:%M} was missed (the computer was asleep): "
                             "running it once now")
        self._nightly_done = moment.date()
        self._arm(moment)  # once, however many nights were missed
        self._show_nightly_state()
        return self.run_steps(USER_STEPS, nightly=True)

    def nightly_timer_s(self) -> float:
        timer = getattr(self, "nightly_timer", None)
        return timer.interval() / 1000 if timer is not None else 30.0
