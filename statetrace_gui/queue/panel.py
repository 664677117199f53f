"""The Queue tab: toolbar (Start/Pause/Resume/Cancel/Clear finished/Retry), filters and the job table."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QColor, QDesktopServices, QGuiApplication, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from statetrace_gui.paths import icon
from statetrace_gui.queue.model import CELL_ROLE, COL, JOB_ROLE, QueueFilterProxy, QueueModel, is_header
from statetrace_gui.queue.welcome import WelcomePanel
from statetrace_gui.views.table_actions import install_table_actions

_PROGRESS_DONE = QColor("#2e9e44")
_SELECTED = int(QStyle.StateFlag.State_Selected.value)
_ELIDE_CACHE_MAX = 4096
FILTER_DEBOUNCE_MS = 250


class QueueDelegate(QStyledItemDelegate):
    """Paints a cell from one `CELL_ROLE` value (text, colours, progress, alignment).

    The stock delegate asks the model for seven roles per cell, each a call into Python through
    the proxy; with this one a full repaint of the table costs a fraction of that, which matters
    while the writer threads compete for the GIL. Python-side costs are kept small too: no enum
    arithmetic (flags are ints), alternate rows by parity, elided texts cached.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._elided: dict[tuple[str, int], str] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        cell = index.data(CELL_ROLE)
        if cell is None:
            super().paint(painter, option, index)
            return
        text, foreground, background, progress, align = cell
        rect: QRect = option.rect
        palette = option.palette
        selected = int(option.state.value) & _SELECTED
        if selected:
            painter.fillRect(rect, palette.highlight())
        elif background is not None:
            painter.fillRect(rect, background)
        elif index.row() % 2:
            painter.fillRect(rect, palette.alternateBase())
        if progress is not None:
            bar = rect.adjusted(3, 4, -3, -4)
            painter.fillRect(bar, palette.mid())
            bar.setWidth(int(bar.width() * max(0.0, min(1.0, progress))))
            painter.fillRect(bar, _PROGRESS_DONE if progress >= 1.0 else palette.highlight())
        painter.setPen(palette.highlightedText().color() if selected else
                       (foreground or palette.text().color()))
        inner = rect.adjusted(4, 0, -4, 0)
        key = (text, inner.width())
        elided = self._elided.get(key)
        if elided is None:
            if len(self._elided) > _ELIDE_CACHE_MAX:
                self._elided.clear()
            metrics = option.fontMetrics
            elided = self._elided[key] = metrics.elidedText(text, Qt.TextElideMode.ElideRight, key[1])
        painter.drawText(inner, align, elided)


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
        self.act_clear = self._action("Clear finished", "clear", "Remove Done, Skipped and Cancelled rows from the "
                                      "table",
                                      QKeySequence("Ctrl+Shift+Del"))
        self.act_clear_runs = self._action("Clear old runs", "clear", "Remove the settled rows of earlier runs "
                                           "(the latest run stays)", QKeySequence("Ctrl+Alt+Del"))
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
        self.toolbar.addAction(self.act_clear_runs)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("queueFilter")
        self.filter_edit.setPlaceholderText("Filter by file, host, site, vendor or error  (Ctrl+Shift+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAcceptDrops(False)
        # Each filter pass re-examines every row (25k rows: 200-300 ms): typing waits for a pause.
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DEBOUNCE_MS)
        self._filter_timer.timeout.connect(lambda: self.proxy.set_text(self.filter_edit.text()))
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
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
        self.table.setItemDelegate(QueueDelegate(self.table))
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for name, width in (("Run", 92), ("File", 220), ("Host", 150), ("Site", 70), ("Vendor", 70), ("Size", 75),
                            ("State", 70), ("Progress", 90), ("Parse ms", 70), ("Write ms", 70), ("Rows", 55)):
            header.resizeSection(COL[name], width)
        # Insertion (job id) order until the user clicks a header.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table_actions = install_table_actions(self.table, lambda: {"query": "ingestion queue" + (
            f" filtered by {self.filter_edit.text()!r}" if self.filter_edit.text() else "")}, own_menu=False)
        # Run headers: each spans the table and folds its run on a click.
        self._spanned: list[int] = []
        model.sig_folds_changed.connect(self.proxy.refilter)
        # Once per event-loop turn: a filter pass removes thousands of row ranges, each a signal.
        self._span_timer = QTimer(self)
        self._span_timer.setSingleShot(True)
        self._span_timer.setInterval(0)
        self._span_timer.timeout.connect(self._span_headers)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.layoutChanged,
                       self.proxy.modelReset):
            signal.connect(lambda *_args: self._span_timer.start())
        self.table.clicked.connect(self._toggle_run)

        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.state_combo)
        filters.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addLayout(filters)
        self.stack = QStackedWidget(self)  # the table, or the first-run page while there is nothing to show
        self.stack.addWidget(self.table)
        self.welcome = WelcomePanel(self)
        self.stack.addWidget(self.welcome)
        layout.addWidget(self.stack, 1)

        find = QAction("Filter the queue", self)  # named: the shortcuts dialog lists it
        find.setShortcut(QKeySequence("Ctrl+Shift+F"))  # Ctrl+F is the window's Find across sites
        find.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        find.triggered.connect(self.focus_filter)
        self.addAction(find)

    def _span_headers(self, *_args: object) -> None:
        """Each run header spans every column (rows move when sorted, filtered or inserted); only the
        headers are touched, and only when their places changed."""
        rows = []
        for source_row in self.model.header_rows():
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
            if index.isValid():
                rows.append(index.row())
        if rows == self._spanned:
            return
        self.table.clearSpans()
        for row in rows:
            self.table.setSpan(row, 0, 1, len(COL))
        self._spanned = rows

    def _toggle_run(self, index: QModelIndex) -> None:
        job = index.data(JOB_ROLE)
        if isinstance(job, dict) and is_header(job):
            label = str(job.get("run") or "")
            self.model.set_folded(label, label not in self.model.folded)

    def show_welcome(self, on: bool) -> None:
        self.stack.setCurrentWidget(self.welcome if on else self.table)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

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
        """The selected rows' jobs; a selected run header stands for all of its run's rows."""
        rows = {self.proxy.mapToSource(ix).row() for ix in self.table.selectionModel().selectedRows()}
        out: dict[int, dict[str, Any]] = {}
        for row in sorted(rows):
            job = self.model.job_at(row)
            for one in self.model.run_jobs(str(job.get("run") or "")) if is_header(job) else [job]:
                out.setdefault(one["id"], one)
        return list(out.values())

    def failed_ids_to_retry(self) -> list[int]:
        chosen = [j["id"] for j in self.selected_jobs() if j.get("state") == "Failed"]
        return chosen or self.model.ids_in_state("Failed")

    def set_summary(self, totals: dict[str, int]) -> None:
        parts = [f"{totals[s]} {s.lower()}" for s in ("Staged", "Queued", "Parsing", "Writing", "Done", "Skipped",
                                                       "Failed", "Cancelled")
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
        menu.addSeparator()
        self.table_actions.fill_menu(menu)
        menu.exec(self.table.viewport().mapToGlobal(pos))
