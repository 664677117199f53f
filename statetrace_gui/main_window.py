"""The main window: drop zone, site tree, queue, dashboard, devices, maintenance, log, status bar.

It owns one `IngestRuntime` and is the only place that talks to it; the panels get data, never
the runtime. Runtime batches are applied straight to the queue model (cheap upserts); everything
that repaints lots of pixels (status bar, site queue depths, charts) is refreshed by timers at a
few hertz, and everything that touches the disk runs on a pool thread.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QWidget,
)

from engine.console import human_bytes, human_seconds
from engine.runtime.qt_runtime import IngestRuntime
from engine.settings import Settings, SettingsError
from engine.store import StoreConfig, StoreError, config_from_settings
from engine.store.probe import check_store
from engine.workspace import Workspace
from statetrace_gui.about import AboutDialog, ShortcutsDialog
from statetrace_gui.dashboard.panel import DashboardPanel
from statetrace_gui.devices.panel import DevicesPanel
from statetrace_gui.gc_policy import CollectBetweenRuns
from statetrace_gui.intake.classify import IntakeResult, classify
from statetrace_gui.intake.watcher import IncomingWatcher
from statetrace_gui.logpanel import LogPanel
from statetrace_gui.paths import icon
from statetrace_gui.queue.model import STAGED, TERMINAL_STATES, QueueModel
from statetrace_gui.queue.panel import QueuePanel
from statetrace_gui.settings.dialog import SettingsDialog
from statetrace_gui.sites.maintenance_ops import maintenance_available, run_site_action
from statetrace_gui.sites.panel import SiteTreePanel
from statetrace_gui.sites.sources import site_sources
from statetrace_gui.theme import THEMES, ThemeManager
from statetrace_gui.views.device_page import DevicePageDialog
from statetrace_gui.views.find_panel import FindPanel
from statetrace_gui.views.table_actions import install_table_actions
from statetrace_gui.workers import run_in_background

log = logging.getLogger("statetrace_gui")
UI_REFRESH_MS = 250  # status bar, queue rows and site queue depths: 4 Hz
INSERT_ROWS_S = 1.0  # new queue rows at most this often (each insertion repaints the whole table)
CLOSE_TIMEOUT_MS = 120_000  # after Cancel, give in-flight writes this long before shutting down anyway


def _classify_and_probe(paths: list[Path], store: StoreConfig) -> tuple[IntakeResult, str]:
    """On a pool thread: what can be ingested, and whether the workspace's store can be reached at all
    (a dead server is one error for the whole drop, not one per host)."""
    result = classify(paths)
    problem = ""
    if result.accepted:
        try:
            check_store(store)
        except StoreError as exc:
            problem = str(exc)
    return result, problem


def gui_settings() -> QSettings:
    """Window state and recent folders (per user; tests point QSettings' user scope at a temp folder)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "StateTrace", "StateTraceIngest")


def path_key(path: Path | str) -> str:
    """A comparable form of a path without touching the disk (no resolve() on the GUI thread)."""
    return os.path.normcase(os.path.abspath(os.fspath(path)))


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, settings: Settings, theme: ThemeManager,
                 store: StoreConfig | None = None, settings_problem: str = "") -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.workspace = workspace
        self.settings = settings
        # The workspace's store (settings `Store`); an explicit one (tests, a one-off launch) stays fixed.
        self._fixed_store = store
        self.store = store or config_from_settings(settings.store)
        self.theme = theme
        self.qsettings = gui_settings()
        self.setWindowTitle(f"StateTrace Ingest — {workspace.home}")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)

        self.queue_model = QueueModel(self)
        self.log_panel = LogPanel(self)
        self.log_panel.attach()
        self.queue_panel = QueuePanel(self.queue_model, self)
        self.dashboard = DashboardPanel(self)
        self.devices = DevicesPanel(workspace, self.store, self)
        self.sites = SiteTreePanel(workspace, self.store, self)
        self.watcher = IncomingWatcher(self)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.queue_panel, icon("queue"), "Queue")
        self.tabs.addTab(self.dashboard, icon("dashboard"), "Dashboard")
        self.tabs.addTab(self.devices, icon("device"), "Devices")
        self.maintenance_tab = self._maintenance_tab()
        self.tabs.addTab(self.maintenance_tab, icon("maintenance"), "Maintenance")
        self.find_panel = FindPanel(workspace, self.store, self)
        self.tabs.addTab(self.find_panel, icon("device"), "Find")
        self.find_panel.sig_open_device.connect(self.open_device)
        self.device_pages: list[DevicePageDialog] = []
        for view in (self.devices.devices_view, self.devices.interfaces_view):
            install_table_actions(view, lambda: {"query": f"devices of site {self.devices.site}"
                                                 + (f" matching {self.devices.search.text()!r}"
                                                    if self.devices.search.text() else ""),
                                                 "site": self.devices.site})
        self.devices.devices_view.doubleClicked.connect(self._open_device_row)
        self.devices.devices_view.activated.connect(self._open_device_row)
        self.setCentralWidget(self.tabs)

        self.sites_dock = self._dock("Sites", "sitesDock", self.sites, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.log_dock = self._dock("Log", "logDock", self.log_panel, Qt.DockWidgetArea.BottomDockWidgetArea)

        self.drop_overlay = QLabel("Drop transcripts, folders or archives (.log .txt .gz .zip) to ingest them",
                                   self.tabs)
        self.drop_overlay.setObjectName("dropOverlay")
        self.drop_overlay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_overlay.setWordWrap(True)
        self.drop_overlay.setStyleSheet("QLabel#dropOverlay { background: rgba(61, 127, 214, 60); "
                                        "border: 3px dashed #3d7fd6; border-radius: 12px; font-size: 18pt; }")
        self.drop_overlay.hide()

        self._progress: dict[str, Any] = {}
        self._status_dirty = True
        self._sites_dirty = True
        self._roots: dict[int, str] = {}  # job id -> the dropped/added path it came from
        self._pending_by_root: dict[str, set[int]] = {}  # path -> its jobs not yet Done/Skipped/Failed
        self._classifying: set[str] = set()
        self._site_sources: dict[str, set[str]] = {}  # site -> files its written/unchanged hosts came from
        self._staged: dict[str, tuple[int, Path]] = {}  # path key -> (negative row id, path)
        self._next_staged_id = 0
        self._close_requested = False
        self._ready_to_close = False
        self._runtime_stale = False
        self._devices_stale = False
        self._rows_inserted = 0.0
        self._last_run_cancelled = False
        self._run_no = 0
        self._run_label = ""  # "#3 16:05:12": the run new rows belong to
        self._run_of: dict[int, str] = {}  # job id -> its run label (set once, on the job's first batch)
        self._run_label_open = False  # a run label was begun and its run has not finished yet

        self.gc_policy = CollectBetweenRuns(self)
        self.runtime = self._make_runtime()
        self._build_actions()
        self._build_status_bar()
        self._wire_panels()
        self.theme.sig_changed.connect(self._theme_changed)
        self._theme_changed(self.theme.dark)
        self._restore_state()
        self._install_drop_filters()

        self._ui_timer = QTimer(self)
        self._ui_timer.setInterval(UI_REFRESH_MS)
        self._ui_timer.timeout.connect(self._refresh_ui)
        self._ui_timer.start()
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.timeout.connect(self._finish_close)

        log.info("Workspace %s (databases in %s)", workspace.home, workspace.data)
        if settings_problem:
            log.warning("Settings file not used (defaults apply until it is fixed or saved): %s", settings_problem)
        self.sites.request_refresh(immediate=True)
        self._update_actions()
        self._shown_once = False

    # -- construction ---------------------------------------------------------------------------------
    def _make_runtime(self) -> IngestRuntime:
        runtime = IngestRuntime(self.workspace, self.settings, self.store, self)
        runtime.sig_job_queued.connect(self._on_jobs)
        runtime.sig_job_started.connect(self._on_jobs)
        runtime.sig_job_finished.connect(self._on_jobs)
        runtime.sig_job_failed.connect(self._on_failed)
        runtime.sig_progress.connect(self._on_progress)
        runtime.sig_metrics.connect(self.dashboard.on_metrics)
        runtime.sig_run_finished.connect(self._on_run_finished)
        runtime.sig_state_changed.connect(self._on_state)
        runtime.sig_state_changed.connect(self.gc_policy.on_state)
        return runtime

    def _maintenance_tab(self) -> QWidget:
        """The Maintenance tab from its own package when present, else a placeholder saying why."""
        try:
            from statetrace_gui.maintenance import MaintenanceTab
        except ModuleNotFoundError as exc:
            if exc.name not in ("statetrace_gui.maintenance", "statetrace_gui.maintenance.tab"):
                raise
            reason = "The Maintenance tab is not part of this build."
        except ImportError as exc:
            reason = f"The Maintenance tab could not be loaded: {exc}"
        else:
            tab: QWidget = MaintenanceTab(self.workspace.home, self, settings=self.settings)
            if hasattr(tab, "set_is_ingesting"):  # its nightly run waits while we ingest
                tab.set_is_ingesting(lambda: self.runtime.is_busy())
            if hasattr(tab, "sig_run_started"):
                tab.sig_run_started.connect(lambda _info: self._release_all_sites())
            if hasattr(tab, "sig_run_finished"):
                tab.sig_run_finished.connect(lambda _report: self.sites.request_refresh(immediate=True))
            return tab
        placeholder = QLabel(reason)
        placeholder.setObjectName("maintenancePlaceholder")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return placeholder

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot: Any, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                icon_name: str = "", tip: str = "") -> QAction:
        act = QAction(icon(icon_name), text, self) if icon_name else QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        q = self.queue_panel
        self.act_add_files = self._action("Add &files…", self.choose_files, QKeySequence.StandardKey.Open,
                                          "add-file", "Add transcript files or archives to the queue")
        self.act_add_folder = self._action("Add f&older…", self.choose_folder, "Ctrl+Shift+O", "add-folder",
                                           "Add every transcript under a folder to the queue")
        self.act_watch = self._action("&Watch incoming folder", self.toggle_watch, "Ctrl+Shift+W", "watch",
                                      "Ingest files as they arrive in the incoming folder")
        self.act_watch.setCheckable(True)
        self.act_watch_folder = self._action("Choose incoming folder…", self.choose_incoming_folder)
        self.act_open_workspace = self._action("Open workspace folder", lambda: self.open_folder(
            str(self.workspace.home)), None, "folder")
        self.act_settings = self._action("&Settings…", self.open_settings, "Ctrl+,", "settings",
                                         "Concurrency, batch size and connection TTL")
        platform_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
        self.act_settings.setShortcuts([QKeySequence("Ctrl+,"), *(k for k in platform_keys if k != QKeySequence("Ctrl+,"))])
        self.act_quit = self._action("&Quit", self.close, "Ctrl+Q")
        self.act_auto_start = self._action("Start &automatically", self._auto_start_toggled)
        self.act_auto_start.setCheckable(True)
        self.act_auto_start.setToolTip("When off, added files wait as Staged until you press Start")
        self.act_refresh_sites = self._action("&Refresh sites", lambda: self.sites.request_refresh(True),
                                              QKeySequence.StandardKey.Refresh, "refresh")
        self.act_toggle_log = self.log_dock.toggleViewAction()
        self.act_toggle_log.setShortcut(QKeySequence("Ctrl+L"))
        self.act_toggle_sites = self.sites_dock.toggleViewAction()
        self.act_toggle_sites.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.act_about = self._action("&About StateTrace Ingest", self.show_about, None, "app")
        self.act_shortcuts = self._action("&Keyboard shortcuts", self.show_shortcuts, QKeySequence.StandardKey.HelpContents)
        self.act_find = self._action("&Find across sites…", self.show_find, QKeySequence.StandardKey.Find, "device",
                                     "Find a MAC, host, port, VLAN, description, model or serial in every site")

        q.act_start.triggered.connect(self.start)
        q.act_pause.triggered.connect(self.pause)
        q.act_resume.triggered.connect(self.resume)
        q.act_cancel.triggered.connect(self.cancel)
        q.act_clear.triggered.connect(self.clear_finished)
        q.act_clear_runs.triggered.connect(self.clear_old_runs)
        q.act_retry.triggered.connect(self.retry_failed)

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for act in (self.act_add_files, self.act_add_folder):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.act_watch)
        file_menu.addAction(self.act_watch_folder)
        file_menu.addSeparator()
        file_menu.addAction(self.act_open_workspace)
        file_menu.addAction(self.act_settings)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        ingest_menu = menu.addMenu("&Ingest")
        for act in (q.act_start, q.act_pause, q.act_resume, q.act_cancel):
            ingest_menu.addAction(act)
        ingest_menu.addSeparator()
        ingest_menu.addAction(q.act_retry)
        ingest_menu.addAction(q.act_clear)
        ingest_menu.addAction(q.act_clear_runs)
        ingest_menu.addSeparator()
        ingest_menu.addAction(self.act_auto_start)
        view_menu = menu.addMenu("&View")
        view_menu.addAction(self.act_find)
        view_menu.addSeparator()
        for i in range(self.tabs.count()):
            act = self._action(self.tabs.tabText(i), lambda _=False, i=i: self.tabs.setCurrentIndex(i), f"Ctrl+{i + 1}")
            view_menu.addAction(act)
        view_menu.addSeparator()
        view_menu.addAction(self.act_toggle_sites)
        view_menu.addAction(self.act_toggle_log)
        view_menu.addAction(self.act_refresh_sites)
        theme_menu = view_menu.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        for mode in THEMES:
            act = theme_menu.addAction(mode.capitalize())
            act.setCheckable(True)
            act.setData(mode)
            act.setChecked(mode == self.theme.mode)
            self.theme_group.addAction(act)
        self.theme_group.triggered.connect(lambda act: self.set_theme(str(act.data())))
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.act_shortcuts)
        help_menu.addAction(self.act_about)

        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (self.act_add_files, self.act_add_folder, self.act_watch):
            toolbar.addAction(act)
        toolbar.addSeparator()
        toolbar.addAction(self.act_settings)
        self.addToolBar(toolbar)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_state = QLabel("Idle")
        self.status_state.setObjectName("statusState")
        self.status_queue = QLabel()
        self.status_queue.setObjectName("statusQueue")
        self.status_writers = QLabel()
        self.status_writers.setObjectName("statusWriters")
        self.status_rate = QLabel()
        self.status_rate.setObjectName("statusRate")
        self.status_eta = QLabel()
        self.status_eta.setObjectName("statusEta")
        # A label, not a QProgressBar: that one repaints synchronously on every change (10+ ms under load).
        self.status_progress = QLabel()
        self.status_progress.setObjectName("statusProgress")
        bar.addWidget(self.status_state)
        for widget in (self.status_queue, self.status_writers, self.status_rate, self.status_eta,
                       self.status_progress):
            bar.addPermanentWidget(widget)

    def _wire_panels(self) -> None:
        self.queue_model.sig_site_counts_changed.connect(self._mark_sites_dirty)
        self.sites.sig_site_selected.connect(self.devices.set_site)
        self.sites.sig_scanned.connect(self._sites_scanned)
        self.sites.sig_open_folder.connect(self.open_folder)
        self.sites.sig_ingest_again.connect(self.ingest_site_again)
        self.sites.sig_maintenance.connect(self.run_maintenance)
        self.sites.can_ingest_again = lambda site: bool(self._site_sources.get(site)) or site in self.sites.infos
        available, reason = maintenance_available()
        self.sites.maintenance_available = dict.fromkeys(self.sites.maintenance_available, available)
        if reason:
            self.sites.maintenance_tooltip = reason
        self.watcher.sig_files_ready.connect(lambda paths: self.add_paths(paths, "incoming folder"))
        self.watcher.sig_error.connect(lambda msg: log.warning("Incoming folder: %s", msg))
        self.tabs.currentChanged.connect(lambda i: self.qsettings.setValue("view/tab", i))
        welcome = self.queue_panel.welcome
        welcome.sig_add_folder.connect(self.choose_folder)
        welcome.sig_open_samples.connect(lambda folder: self.add_paths([folder], "sample captures"))
        self.queue_model.rowsInserted.connect(self._update_welcome)
        self.queue_model.modelReset.connect(self._update_welcome)
        self.sites.sig_scanned.connect(self._update_welcome)
        self._update_welcome()

    def _update_welcome(self) -> None:
        """An empty workspace (no site, nothing queued) shows what to do instead of an empty table."""
        empty = self.queue_model.rowCount() == 0 and not self.sites.known_sites() and not self._classifying
        self.queue_panel.show_welcome(empty)

    def _install_drop_filters(self) -> None:
        """Children that take drops themselves (text fields, chart views) pass file drops to the window."""
        for child in self.findChildren(QWidget):
            if child.acceptDrops() and child is not self:
                child.installEventFilter(self)

    # -- QSettings ------------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        s = self.qsettings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 860)
        state = s.value("window/state")
        self._state_restored = isinstance(state, QByteArray) and not state.isEmpty() and self.restoreState(state)
        tab = str(s.value("view/tab", 0) or 0)
        self.tabs.setCurrentIndex(int(tab) if tab.isdigit() else 0)
        self.act_auto_start.setChecked(str(s.value("ingest/autoStart", "true")).lower() == "true")
        if str(s.value("incoming/enabled", "false")).lower() == "true" and self.incoming_folder():
            self.act_watch.setChecked(True)
            self.toggle_watch()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:  # dock sizes are only real once the window is laid out
            self._shown_once = True
            QTimer.singleShot(0, self.fit_sites_dock)

    def fit_sites_dock(self) -> None:
        """Give the Sites dock room for its columns on first run, and whenever a saved layout left it narrow
        (a layout saved at another scale factor came back 35 px wide)."""
        if self.sites_dock.isFloating() or not self.sites_dock.isVisible():
            return
        wanted = min(self.sites.default_width(), max(200, self.width() * 2 // 5))
        if not self._state_restored or self.sites_dock.width() < wanted * 3 // 4:
            self.resizeDocks([self.sites_dock], [wanted], Qt.Orientation.Horizontal)

    def _save_state(self) -> None:
        s = self.qsettings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("ingest/autoStart", "true" if self.act_auto_start.isChecked() else "false")
        s.setValue("incoming/enabled", "true" if self.watcher.active else "false")
        s.setValue("view/theme", self.theme.mode)
        s.sync()

    def incoming_folder(self) -> str:
        return str(self.qsettings.value("incoming/folder", "") or "")

    # -- adding work ----------------------------------------------------------------------------------
    def choose_files(self) -> None:
        start = str(self.qsettings.value("paths/lastFilesDir", "") or self.workspace.home)
        files, _ = QFileDialog.getOpenFileNames(self, "Add transcripts", start,
                                                "Transcripts and archives (*.log *.txt *.gz *.zip *);;All files (*)")
        if files:
            self.qsettings.setValue("paths/lastFilesDir", os.path.dirname(files[0]))
            self.add_paths([Path(f) for f in files], "file dialog")

    def choose_folder(self) -> None:
        start = str(self.qsettings.value("paths/lastFolderDir", "") or self.workspace.home)
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of transcripts", start)
        if folder:
            self.qsettings.setValue("paths/lastFolderDir", folder)
            self.add_paths([Path(folder)], "folder dialog")

    def choose_incoming_folder(self) -> bool:
        start = self.incoming_folder() or str(self.workspace.home)
        folder = QFileDialog.getExistingDirectory(self, "Incoming folder to watch", start)
        if not folder:
            return False
        self.qsettings.setValue("incoming/folder", folder)
        if self.watcher.active:
            self.watcher.start(Path(folder))
        return True

    def toggle_watch(self) -> None:
        if not self.act_watch.isChecked():
            if self.watcher.active:
                log.info("Stopped watching %s", self.watcher.folder)
            self.watcher.stop()
            return
        if not self.incoming_folder() and not self.choose_incoming_folder():
            self.act_watch.setChecked(False)
            return
        folder = Path(self.incoming_folder())
        try:
            ok = self.watcher.start(folder)
        except OSError as exc:
            log.warning("Cannot watch %s: %s", folder, exc)
            ok = False
        self.act_watch.setChecked(ok)
        if ok:
            log.info("Watching %s: transcripts that arrive there are ingested", folder)

    def add_paths(self, paths: list[Path], origin: str = "drop") -> None:
        """Check the paths on a pool thread, report what cannot be ingested, queue the rest."""
        fresh: list[Path] = []
        for path in paths:
            key = path_key(path)
            if self._pending_by_root.get(key) or key in self._classifying or key in self._staged:
                log.info("Already queued, not added again: %s", path)
                continue
            if key not in {path_key(p) for p in fresh}:
                fresh.append(path)
        if not fresh:
            return
        keys = {path_key(p) for p in fresh}
        self._classifying |= keys
        run_in_background(_classify_and_probe, fresh, self.store,
                          on_result=lambda result: self._classified(result, keys, origin),
                          on_error=lambda msg: self._classify_failed(msg, keys))

    def _classify_failed(self, message: str, keys: set[str]) -> None:
        self._classifying -= keys
        log.error("Could not check the added paths: %s", message)

    def _classified(self, result: tuple[IntakeResult, str], keys: set[str], origin: str) -> None:
        self._classifying -= keys
        result, store_problem = result
        if store_problem and result.accepted:
            log.error("%s; nothing was queued (fix the store in Settings, then add the files again)", store_problem)
            return
        for path, reason in result.rejected:
            log.warning("Not queued: %s — %s", path, reason)
        for note in result.notes:
            log.info("%s", note)
        if result.accepted:
            self.submit(result.accepted, origin)

    def submit(self, paths: list[Path], origin: str = "", force: bool = False) -> list[int]:
        """Hand paths to the runtime (or stage them while "Start automatically" is off)."""
        if not self.act_auto_start.isChecked() and not force:
            self._stage(paths, origin)
            return []
        return self._submit_now(paths, origin, force)

    def _stage(self, paths: list[Path], origin: str) -> None:
        rows = []
        for path in paths:
            key = path_key(path)
            if key in self._staged or self._pending_by_root.get(key):
                log.info("Already queued, not added again: %s", path)
                continue
            self._next_staged_id -= 1
            self._staged[key] = (self._next_staged_id, path)
            rows.append({"id": self._next_staged_id, "file": str(path), "host": "", "site": "", "state": STAGED,
                         "progress": 0.0})
        if rows:
            self.queue_model.upsert(rows)
            log.info("Staged %d path(s)%s: press Start to ingest them", len(rows), f" ({origin})" if origin else "")
        self._update_actions()

    def _submit_now(self, paths: list[Path], origin: str = "", force: bool = False) -> list[int]:
        """One path per submit call, so every job can be traced back to the path it came from."""
        all_ids: list[int] = []
        for path in paths:
            key = path_key(path)
            if self._pending_by_root.get(key):
                log.info("Already queued, not added again: %s", path)
                continue
            ids = self.runtime.submit([path], force=True) if force else self.runtime.submit([path])
            if not ids:
                log.info("Nothing new to queue from %s (its files are already queued)", path)
                continue
            for job_id in ids:
                self._roots[job_id] = key
            self._pending_by_root.setdefault(key, set()).update(ids)
            all_ids += ids
            log.info("Queued %d file(s) from %s%s", len(ids), path, f" ({origin})" if origin else "")
        self._update_actions()
        return all_ids

    def ingest_site_again(self, site: str) -> None:
        """Re-read the site's source files (from the file index and this session), found on a pool thread."""
        session = set(self._site_sources.get(site, ()))
        run_in_background(site_sources, self.workspace, site, session,
                          on_result=lambda found: self._ingest_again_found(site, *found),
                          on_error=lambda msg: log.error("Ingest %s again: %s", site, msg))

    def _ingest_again_found(self, site: str, files: list[Path], missing: int) -> None:
        gone = f"; {missing} known file(s) no longer exist" if missing else ""
        if not files:
            log.warning("Ingest %s again: none of its source files is known or still there%s", site, gone)
            return
        key = path_key(f"ingest {site} again")
        if self._pending_by_root.get(key):
            log.info("Ingest %s again is already queued", site)
            return
        ids = self.runtime.submit(files, force=True)  # one call, one log line, however many files
        for job_id in ids:
            self._roots[job_id] = key
        self._pending_by_root.setdefault(key, set()).update(ids)
        log.info("Ingesting %s again: %d file(s) queued%s", site, len(ids), gone)
        self._update_actions()

    # -- runtime signals --------------------------------------------------------------------------------
    def _begin_run_label(self) -> None:
        self._run_no += 1
        self._run_label = f"#{self._run_no} {datetime.now():%H:%M:%S}"
        self._run_label_open = True
        self.queue_model.set_run_summary(self._run_label, f"Run {self._run_label}: started, still running")

    def _on_jobs(self, jobs: list[dict[str, Any]]) -> None:
        if not self._run_label_open:
            self._begin_run_label()
        for job in jobs:  # each row says which run it belongs to (the same host can be Done in one, Skipped in the next)
            job_id = job.get("id")
            if isinstance(job_id, int) and job_id not in self._run_of:
                self._run_of[job_id] = self._run_label
                job["run"], job["run_no"] = self._run_label, self._run_no
        self.queue_model.post(jobs)  # applied by _refresh_ui, a few times a second
        done_hosts = False
        for job in jobs:
            job_id = job.get("id")
            if not isinstance(job_id, int):
                continue
            root = self._roots.get(job_id)
            parent = job.get("parent")
            if root is None and isinstance(parent, int):
                root = self._roots.get(parent)
                if root is not None:
                    self._roots[job_id] = root
            if root is not None:
                pending = self._pending_by_root.setdefault(root, set())
                if job.get("state") in TERMINAL_STATES:
                    pending.discard(job_id)
                else:
                    pending.add(job_id)
            site, source = job.get("site"), job.get("file")
            # Only files a host was written or found unchanged from: junk that failed is not re-queued.
            if site and source and job.get("host") and job.get("state") in ("Done", "Skipped"):
                for part in str(source).split(", "):
                    self._site_sources.setdefault(str(site), set()).add(part.split("!", 1)[0])
            if job.get("host") and job.get("state") == "Done":
                done_hosts = True
        if done_hosts:
            self.sites.request_refresh()
        self._status_dirty = True

    def _on_failed(self, jobs: list[dict[str, Any]]) -> None:
        self._on_jobs(jobs)
        jobs = [job for job in jobs if job.get("state") == "Failed"]
        for job in jobs[:200]:
            what = job.get("host") or job.get("file") or f"job {job.get('id')}"
            error = str(job.get("error") or "unknown reason")
            if error.startswith(str(what)):  # the reason already names the file: say it once
                log.warning("Failed: %s", error)
            else:
                log.warning("Failed: %s — %s", what, error)
        if len(jobs) > 200:
            log.warning("… and %d more failures (filter the queue by Failed)", len(jobs) - 200)

    def _on_progress(self, snapshot: dict[str, Any]) -> None:
        if snapshot == self._progress:
            return
        self._progress = snapshot
        self.dashboard.on_progress(snapshot)
        self._status_dirty = True
        self._sites_dirty = True

    def _on_state(self, state: str) -> None:
        if state == "running":
            self._last_run_cancelled = False
        self.sites.busy = state != "idle"
        self.dashboard.on_state(state)
        self._status_dirty = True
        self._update_actions()
        if state == "idle" and self._close_requested:
            self._finish_close()

    def _on_run_finished(self, summary: dict[str, Any]) -> None:
        self.queue_model.flush()
        rate = summary.get("bytes", 0) / summary["seconds"] / 1e6 if summary.get("seconds") else 0.0
        cancelled = int(summary.get("cancelled_jobs") or 0)
        self._last_run_cancelled = bool(summary.get("cancelled"))
        if self._run_label:
            self.queue_model.set_run_summary(self._run_label, (
                f"Run {self._run_label}: {'cancelled' if self._last_run_cancelled else 'finished'} after "
                f"{float(summary.get('seconds') or 0):.1f} s; {summary.get('files', 0)} file(s), hosts written "
                f"{summary.get('parsed', 0)}, unchanged {summary.get('skipped', 0)}, failed {summary.get('failed', 0)}"))
        self._run_label_open = False
        log.info("Run %s in %.1f s: %d file(s), %s (%.1f MB/s); hosts written %d, unchanged %d, failed %d; "
                 "%d interface rows%s", "cancelled" if self._last_run_cancelled else "finished",
                 summary.get("seconds", 0.0), summary.get("files", 0),
                 human_bytes(summary.get("bytes", 0)), rate, summary.get("parsed", 0), summary.get("skipped", 0),
                 summary.get("failed", 0), summary.get("rows_written", 0),
                 f"; {cancelled} queued file(s)/host(s) cancelled (add them again to ingest them)" if cancelled else "")
        for warning in summary.get("warnings", []):
            log.warning("%s", warning)
        # Everything of this run is settled: no path can still be "queued".
        self._pending_by_root.clear()
        self._devices_stale = True
        self.sites.request_refresh(immediate=True)
        self._refresh_maintenance()
        if summary.get("parsed"):  # new captures committed: open views read again, off the GUI thread
            for page in self.device_pages:
                if page.isVisible():
                    page.reload()
            if self.tabs.currentWidget() is self.find_panel:
                self.find_panel.refresh()
        self._update_actions()
        if self._runtime_stale and not self._close_requested:
            self._rebuild_runtime()

    # -- run control --------------------------------------------------------------------------------------
    def start(self) -> None:
        """Submit the staged paths and/or resume a paused run."""
        staged = sorted(self._staged.values())
        if staged:
            self._staged.clear()
            self.queue_model.remove_ids({job_id for job_id, _ in staged})
            self._submit_now([path for _, path in sorted(staged, reverse=True)], "staged")
        if self.runtime.state == "paused":
            self.runtime.resume()
        elif not staged and not self.runtime.is_busy():
            log.info("Nothing to start: add files or folders first")

    def pause(self) -> None:
        if self.runtime.is_busy():
            self.runtime.pause()
            log.info("Paused: writes in progress finish, nothing new starts")

    def resume(self) -> None:
        if self.runtime.state == "paused":
            self.runtime.resume()
            log.info("Resumed")

    def cancel(self) -> None:
        if self._staged:
            self.queue_model.remove_ids({job_id for job_id, _ in self._staged.values()})
            log.info("Dropped %d staged path(s)", len(self._staged))
            self._staged.clear()
            self._update_actions()
        if self.runtime.is_busy() or self.runtime.state == "paused":
            self.runtime.cancel()
            log.info("Cancelling: hosts already written are kept; queued work is dropped")

    def retry_failed(self) -> None:
        self.queue_model.flush()
        ids = self.queue_panel.failed_ids_to_retry()
        if not ids:
            return
        new_ids = self.runtime.retry(ids)
        for old in ids:
            root = self._roots.get(old)
            if root is not None:
                for job_id in new_ids:
                    self._roots.setdefault(job_id, root)
                self._pending_by_root.setdefault(root, set()).update(new_ids)
        log.info("Retrying %d failed job(s): %d file(s) queued again", len(ids), len(new_ids))
        self._update_actions()

    def clear_finished(self) -> None:
        self.queue_model.flush()
        removed = self.queue_model.clear_finished()
        if removed:
            log.info("Cleared %d finished row(s)", removed)
        self._update_actions()

    def clear_old_runs(self) -> None:
        self.queue_model.flush()
        removed = self.queue_model.clear_old_runs(self._run_label)
        if removed:
            log.info("Cleared %d row(s) of earlier runs", removed)
        self._update_actions()

    def _update_actions(self) -> None:
        q = self.queue_panel
        state = self.runtime.state
        busy = self.runtime.is_busy()
        q.act_start.setEnabled(state == "paused" or (bool(self._staged) and state != "cancelling"))
        q.act_pause.setEnabled(state == "running" and busy)
        q.act_resume.setEnabled(state == "paused")
        q.act_cancel.setEnabled(bool(self._staged) or (state in ("running", "paused") and busy))
        totals = self.queue_model.state_totals()
        q.act_retry.setEnabled(totals.get("Failed", 0) > 0 and state != "cancelling")
        q.act_clear.setEnabled(totals.get("Done", 0) + totals.get("Skipped", 0) + totals.get("Cancelled", 0) > 0)
        q.set_summary(totals)

    # -- periodic refresh (4 Hz) -------------------------------------------------------------------------
    def _mark_sites_dirty(self) -> None:
        self._sites_dirty = True
        self._status_dirty = True

    def _refresh_ui(self) -> None:
        now = time.monotonic()
        insert = now - self._rows_inserted >= INSERT_ROWS_S
        if insert:
            self._rows_inserted = now
        if self.queue_model.flush(insert):
            self._status_dirty = True
        if self._sites_dirty:
            self._sites_dirty = False
            self.sites.set_queue(self._progress.get("queued_by_site") or {}, self.queue_model.site_counts)
        if self._status_dirty:
            self._status_dirty = False
            self._update_status()
            self._update_actions()

    def _update_status(self) -> None:
        """Status bar texts; each widget is touched only when its text changes (no needless relayout).

        Rate and ETA are live or absent: blank when idle, "Paused" while paused (not a decaying rate
        and a climbing ETA). The byte counter counts only what was read: cancelled files are not "done".
        """
        p = self._progress
        state = self.runtime.state
        text = {"idle": "Idle", "running": "Ingesting", "paused": "Paused", "cancelling": "Cancelling…"}.get(state, state)
        if self._close_requested:
            text = "Stopping before exit: finishing the writes in progress…"
        live = state == "running" and p.get("state") == "running"
        eta = p.get("eta_seconds") if live else None
        rate = float(p.get("mb_per_s") or 0) if live else 0.0
        total, done = int(p.get("total_bytes") or 0), int(p.get("done_bytes") or 0)
        queued = int(p.get("queued_jobs") or 0) if state != "idle" else 0
        writers = int(p.get("active_writers") or 0) if state != "idle" else 0
        texts = ((self.status_state, text), (self.status_queue, f"Queue: {queued}" if queued else ""),
                 (self.status_writers, f"Writers: {writers}" if writers else ""),
                 (self.status_rate, f"{rate:.1f} MB/s" if rate > 0 else ""),
                 (self.status_eta, "Paused" if state == "paused" else
                  f"ETA {human_seconds(float(eta))}" if isinstance(eta, (int, float)) else ""))
        for label, value in texts:
            if label.text() != value:
                label.setText(value)
        done_text = f"{human_bytes(done)} / {human_bytes(total)} ({100 * done / total:.0f} %)" if total else ""
        if done_text and self._last_run_cancelled and state == "idle":
            done_text += ", cancelled"
        if self.status_progress.text() != done_text:
            self.status_progress.setText(done_text)

    def _sites_scanned(self) -> None:
        if not self.devices.site and self.sites.known_sites():
            self.sites.select_site(self.sites.known_sites()[0])
        elif self.devices.site:
            self.devices.set_site(self.devices.site, self.sites.db_path(self.devices.site))
            if self._devices_stale:
                self.devices.reload()
        self._devices_stale = False

    # -- other actions ----------------------------------------------------------------------------------------
    def open_folder(self, folder: str) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(folder))

    def _refresh_maintenance(self) -> None:
        """Sizes, free pages and backups changed: the Maintenance tab reloads them (off the GUI thread)."""
        refresh = getattr(self.maintenance_tab, "refresh", None)
        if callable(refresh):
            refresh()

    def _release_all_sites(self) -> None:
        """Idle writer connections let go of every database, so maintenance gets them without waiting."""
        for info in self.sites.infos.values():
            if info.db_path:
                self.runtime.release_site(info.db_path.lower())

    def run_maintenance(self, action: str, site: str, db_path: str) -> None:
        if db_path:
            self.runtime.release_site(db_path.lower())
        log.info("%s %s: started (waits for the site's writer if it is busy)", action, site)

        def done(report: dict[str, Any]) -> None:
            for site_report in report.get("sites", []):
                for step in site_report.get("steps", []):
                    level = logging.WARNING if step.get("status") not in ("ok", "skipped") else logging.INFO
                    log.log(level, "%s %s %s: %s", site, step.get("step"), step.get("status"), step.get("message"))
            if not report.get("sites"):
                log.warning("%s %s: the site has no database to maintain", action, site)
            self.sites.request_refresh(immediate=True)
            self._refresh_maintenance()

        run_in_background(run_site_action, self.workspace, site, action, on_result=done,
                          on_error=lambda msg: log.error("%s %s failed: %s", action, site, msg))

    def open_settings(self) -> None:
        try:  # the Maintenance tab saves its nightly settings itself: start from the file, not a stale copy
            self.settings.maintenance = Settings.load(self.workspace.settings_path).maintenance
        except SettingsError as exc:
            log.warning("Settings file not read (the dialog shows the values in use): %s", exc)
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            reload_nightly = getattr(self.maintenance_tab, "_load_nightly_settings", None)
            if callable(reload_nightly):
                reload_nightly()
            if self.runtime.is_busy():
                self._runtime_stale = True
                log.info("Settings saved; they apply when the current run has finished")
            else:
                self._rebuild_runtime()
                log.info("Settings saved and applied")

    def _rebuild_runtime(self) -> None:
        """The runtime reads its settings when created: replace it while it is idle."""
        self._runtime_stale = False
        if self._fixed_store is None:
            self.store = config_from_settings(self.settings.store)
            self.sites.set_store(self.store)
            self.devices.set_store(self.workspace, self.store)
            self.find_panel.set_store(self.workspace, self.store)
        old = self.runtime
        old.shutdown(wait=True)
        old.deleteLater()
        self.runtime = self._make_runtime()
        self._run_of.clear()  # the new runtime numbers its jobs from 1 again
        self._update_actions()

    def show_find(self) -> None:
        self.tabs.setCurrentWidget(self.find_panel)
        self.find_panel.focus_search()

    def open_device(self, site: str, host: str, port: str = "") -> DevicePageDialog:
        """The device page (one per device: opening it again raises the open one)."""
        for page in self.device_pages:
            if (page.site, page.host) == (site, host):
                page.show()
                page.raise_()
                if port:
                    page.open_port(port)
                return page
        page = DevicePageDialog(self.workspace, self.store, site, host, self)
        page.sig_open_device.connect(self.open_device)
        self.device_pages.append(page)
        page.finished.connect(lambda _r, p=page: self.device_pages.remove(p) if p in self.device_pages else None)
        page.show()
        if port:
            page.open_port(port)
        return page

    def _open_device_row(self, index: Any) -> None:
        rows = self.devices.devices_model.rows
        if self.devices.site and 0 <= index.row() < len(rows):
            self.open_device(self.devices.site, str(rows[index.row()][0]))

    def show_about(self) -> None:
        AboutDialog(str(self.workspace.home), self).exec()

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(key, what it does) for every action with a shortcut, the queue's Ctrl+F included, sorted by action."""
        rows: set[tuple[str, str]] = set()
        for act in self.findChildren(QAction):
            if not act.shortcut().isEmpty() and act.text():
                rows.add((act.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                          act.text().replace("&", "").rstrip("…")))
        return sorted(rows, key=lambda row: (row[1].lower(), row[0]))

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_rows(), self).exec()

    def set_theme(self, mode: str) -> None:
        self.theme.set_mode(mode)
        self.qsettings.setValue("view/theme", mode)

    def _theme_changed(self, _dark: bool) -> None:
        self.dashboard.apply_colors(self.theme.chart)

    def _auto_start_toggled(self) -> None:
        self.qsettings.setValue("ingest/autoStart", "true" if self.act_auto_start.isChecked() else "false")

    # -- drag and drop --------------------------------------------------------------------------------------
    @staticmethod
    def _local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
        data = event.mimeData()
        if data is None or not data.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile() and u.toLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
            self.drop_overlay.setGeometry(self.tabs.rect().adjusted(12, 12, -12, -12))
            self.drop_overlay.raise_()
            self.drop_overlay.show()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.drop_overlay.hide()
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop_overlay.hide()
        data = event.mimeData()
        paths = self._local_paths(event)
        if data is not None and data.hasUrls():
            for url in data.urls():
                if not url.isLocalFile():
                    log.warning("Not queued: %s — only local files and folders can be ingested", url.toString())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_paths(paths, "drop")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.DragEnter and isinstance(event, QDragEnterEvent) and self._local_paths(event):
            self.dragEnterEvent(event)
            return True
        if kind == QEvent.Type.DragMove and isinstance(event, QDragMoveEvent) and self._local_paths(event):
            self.dragMoveEvent(event)
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent) and self._local_paths(event):
            self.dropEvent(event)
            return True
        if kind == QEvent.Type.DragLeave and isinstance(event, QDragLeaveEvent):
            self.drop_overlay.hide()
        return super().eventFilter(watched, event)

    # -- closing ----------------------------------------------------------------------------------------------
    def confirm_stop(self) -> bool:
        """Ask before stopping a run (tests replace this; a modal box cannot be answered offscreen)."""
        answer = QMessageBox.question(
            self, "Ingestion is running",
            "Stop the ingestion and quit?\n\nHosts already written are kept; queued files are not ingested "
            "(adding them again later resumes where this run stopped).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._ready_to_close:
            event.accept()
            return
        if self._close_requested:
            event.ignore()  # already stopping
            return
        if self.runtime.is_busy():
            if not self.confirm_stop():
                event.ignore()
                return
            event.ignore()
            self._close_requested = True
            self._save_state()
            if self.runtime.state != "cancelling":
                self.runtime.cancel()
            self._update_status()
            self._close_timer.start(CLOSE_TIMEOUT_MS)
            if not self.runtime.is_busy():
                QTimer.singleShot(0, self._finish_close)
            return
        self._save_state()
        self._shutdown()
        event.accept()

    def _finish_close(self) -> None:
        if self._ready_to_close:
            return
        self._close_timer.stop()
        self._shutdown()
        self._ready_to_close = True
        self.close()

    def _shutdown(self) -> None:
        """Stop the runtime (in-flight writes finish, connections close) and the timers."""
        self._ui_timer.stop()
        self.dashboard.timer.stop()
        self.watcher.stop()
        self.runtime.shutdown(wait=True)
        self.log_panel.detach()
        self._ready_to_close = True

