"""The Queue tab: toolbar (Start/Pause/Resume/Cancel/Clear finished/Retry), filters and the job table."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from statetrace_gui.paths import icon
from statetrace_gui.queue.model import COL, JOB_ROLE, QueueFilterProxy, QueueModel


class ProgressDelegate(QStyledItemDelegate):
    """Draws the 0..1 progress as a native progress bar."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        job = index.data(JOB_ROLE)
        if not isinstance(job, dict):
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 3, -2, -3)  # type: ignore[attr-defined]
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = int(float(job.get("progress") or 0) * 1000)
        bar.text = f"{bar.progress / 10:.0f} %"
        bar.textVisible = True
        bar.state = option.state  # type: ignore[attr-defined]
        bar.palette = option.palette  # type: ignore[attr-defined]
        style = option.widget.style() if option.widget else QApplication.style()  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


class QueuePanel(QWidget):
    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self.model = model
        self.proxy = QueueFilterProxy(self)
        self.proxy.setSourceModel(model)

        self.act_start = self._action("Start", "start", "Start ingesting the staged files (or resume a paused run)",
                                      QKeySequence("Ctrl+Return"))
        self.act_pause = self._action("Pause", "pause", "Pause: running writes finish, nothing new starts",
                                      QKeySequence("Ctrl+P"))
        self.act_resume = self._action("Resume", "resume", "Resume a paused run", QKeySequence("Ctrl+Shift+P"))
        self.act_cancel = self._action("Cancel", "cancel", "Cancel: committed hosts are kept, queued jobs are "
                                       "dropped", QKeySequence("Ctrl+."))
        self.act_clear = self._action("Clear finished", "clear", "Remove Done and Skipped rows from the table",
                                      QKeySequence("Ctrl+Shift+Del"))
        self.act_retry = self._action("Retry failed", "retry", "Queue the selected failed jobs again (all failed "
                                      "jobs when none is selected)", QKeySequence("Ctrl+Shift+R"))

        self.toolbar = QToolBar("Queue", self)
        self.toolbar.setObjectName("queueToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (self.act_start, self.act_pause, self.act_resume, self.act_cancel):
            self.toolbar.addAction(act)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_retry)
        self.toolbar.addAction(self.act_clear)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("queueFilter")
        self.filter_edit.setPlaceholderText("Filter by file, host, site, vendor or error  (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAcceptDrops(False)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("queueStateFilter")
        self.state_combo.addItems(list(QueueFilterProxy.STATE_GROUPS))
        self.state_combo.currentTextChanged.connect(self.proxy.set_state_group)
        self.summary = QLabel(self)
        self.summary.setObjectName("queueSummary")

        self.table = QTableView(self)
        self.table.setObjectName("queueTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(COL["Progress"], ProgressDelegate(self.table))
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for name, width in (("File", 220), ("Host", 150), ("Site", 70), ("Vendor", 70), ("Size", 75),
                            ("State", 70), ("Progress", 90), ("Parse ms", 70), ("Write ms", 70), ("Rows", 55)):
            header.resizeSection(COL[name], width)
        # Insertion (job id) order until the user clicks a header.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.state_combo)
        filters.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        find.triggered.connect(lambda: (self.filter_edit.setFocus(), self.filter_edit.selectAll()))
        self.addAction(find)

    def _action(self, text: str, icon_name: str, tip: str, shortcut: QKeySequence) -> QAction:
        act = QAction(icon(icon_name), text, self)
        act.setObjectName(f"action{text.replace(' ', '')}")
        act.setShortcut(shortcut)
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.setToolTip(f"{tip} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        act.setStatusTip(tip)
        return act

    # -- selection helpers --------------------------------------------------------------------------
    def selected_jobs(self) -> list[dict[str, Any]]:
        rows = {self.proxy.mapToSource(ix).row() for ix in self.table.selectionModel().selectedRows()}
        return [self.model.job_at(r) for r in sorted(rows)]

    def failed_ids_to_retry(self) -> list[int]:
        chosen = [j["id"] for j in self.selected_jobs() if j.get("state") == "Failed"]
        return chosen or self.model.ids_in_state("Failed")

    def set_summary(self, totals: dict[str, int]) -> None:
        parts = [f"{totals[s]} {s.lower()}" for s in ("Staged", "Queued", "Parsing", "Writing", "Done", "Skipped",
                                                       "Failed")
                 if totals.get(s)]
        self.summary.setText(", ".join(parts))

    # -- context menu -------------------------------------------------------------------------------
    def _context_menu(self, pos: QPoint) -> None:
        jobs = self.selected_jobs()
        menu = QMenu(self)
        failed = [j for j in jobs if j.get("state") == "Failed"]
        retry = menu.addAction(icon("retry"), f"Retry {len(failed)} failed job(s)")
        retry.setEnabled(bool(failed))
        retry.triggered.connect(self.act_retry.trigger)
        copy = menu.addAction("Copy error")
        copy.setEnabled(any(j.get("error") for j in jobs))
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(
            "\n".join(f"{j.get('file', '')}: {j.get('error', '')}" for j in jobs if j.get("error"))))
        folder = menu.addAction("Open containing folder")
        files = [str(j.get("file") or "").split("!", 1)[0] for j in jobs if j.get("file")]
        folder.setEnabled(bool(files))
        if files:
            folder.triggered.connect(lambda: QDesktopServices.openUrl(
                QUrl.fromLocalFile(os.path.dirname(files[0]))))
        menu.exec(self.table.viewport().mapToGlobal(pos))
