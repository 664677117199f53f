"""The Find tab (Ctrl+F): one search box over every site of the workspace's store.

The search runs on a pool thread and reports per site (`sig_batch`), so results grow as sites are
searched and the window never waits for the slowest site; a newer query makes the older one's batches
irrelevant (generation). Results are grouped by site and device (each site's hits arrive together,
its devices ordered by their best match), sortable by any column. Double-click or Enter opens the device.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from engine.store.base import StoreConfig
from engine.store.read import open_store_reader
from engine.views.find import RANK_NAMES, Hit, iter_find
from engine.workspace import Workspace
from statetrace_gui.views.table_actions import install_table_actions
from statetrace_gui.workers import gui_pool

log = logging.getLogger("statetrace_gui.views")
DEBOUNCE_MS = 250
LIMIT = 1000
COLUMNS = ("Site", "Host", "Kind", "Port", "Matched", "Match", "VLAN", "Status", "Description", "First seen",
           "Last seen")
Index = QModelIndex | QPersistentModelIndex


def hit_row(hit: Hit) -> tuple[Any, ...]:
    return (hit.site, hit.hostname, hit.kind, hit.port, hit.matched, RANK_NAMES[hit.rank], hit.get("vlan"),
            hit.get("status"), hit.get("description"), hit.get("first_seen"), hit.get("last_seen"))


class FindSignals(QObject):
    sig_started = Signal(int)  # generation
    sig_batch = Signal(int, str, object, str)  # generation, site, [Hit], error
    sig_finished = Signal(int, int, float)  # generation, sites searched, elapsed ms
    sig_errored = Signal(int, str)


class FindWorker(QRunnable):
    """One search over every site, reported site by site."""

    def __init__(self, workspace: Workspace, store: StoreConfig, text: str, generation: int) -> None:
        super().__init__()
        self.workspace, self.store, self.text, self.generation = workspace, store, text, generation
        self.signals = FindSignals()
        self.cancelled = False

    def run(self) -> None:
        started = time.perf_counter()
        self.signals.sig_started.emit(self.generation)
        sites = 0
        try:
            with open_store_reader(self.store, self.workspace) as reader:
                for site, hits, error in iter_find(reader, self.text, LIMIT):
                    if self.cancelled:
                        return
                    sites += 1
                    self.signals.sig_batch.emit(self.generation, site, hits, error)
        except Exception as exc:  # noqa: BLE001 - the store unreachable, a driver error: shown, not lost
            self.signals.sig_errored.emit(self.generation, f"{type(exc).__name__}: {exc}")
            return
        self.signals.sig_finished.emit(self.generation, sites, (time.perf_counter() - started) * 1000)


class HitsModel(QAbstractTableModel):
    """Find results; rows are only appended (one batch per site) or cleared."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []
        self._rows: list[tuple[Any, ...]] = []

    def clear(self) -> None:
        self.beginResetModel()
        self.hits, self._rows = [], []
        self.endResetModel()

    def append(self, hits: Sequence[Hit]) -> None:
        if not hits:
            return
        best: dict[str, int] = {}
        for h in hits:
            best[h.hostname] = min(best.get(h.hostname, 9), h.rank)
        ordered = sorted(hits, key=lambda h: (best[h.hostname], h.hostname.lower(), h.sort_key))
        start = len(self.hits)
        self.beginInsertRows(QModelIndex(), start, start + len(ordered) - 1)
        self.hits += ordered
        self._rows += [hit_row(h) for h in ordered]
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:  # the sort key: numbers as numbers
            return value if isinstance(value, int) else ("" if value is None else str(value).lower())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class FindPanel(QWidget):
    """Search box, results table and a line with the count per kind."""

    sig_open_device = Signal(str, str, str)  # site, host, port ("" for the device itself)
    sig_finished = Signal()

    def __init__(self, workspace: Workspace, store: StoreConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findPanel")
        self.workspace, self.store = workspace, store
        self.generation = 0
        self.query = ""
        self.counts: dict[str, int] = {}
        self.errors: list[str] = []
        self._worker: FindWorker | None = None
        self._live: set[FindWorker] = set()
        self.search = QLineEdit(self)
        self.search.setObjectName("findSearch")
        self.search.setPlaceholderText("Find a MAC (any notation), host, port, 'vlan 150', description, model, "
                                       "serial or location across every site")
        self.search.setClearButtonEnabled(True)
        self.search.setAcceptDrops(False)
        self.status = QLabel("Type to search every site of the workspace", self)
        self.status.setObjectName("findStatus")
        self.model = HitsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView(self)
        self.table.setObjectName("findResults")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # arrival order until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.actions_ = install_table_actions(self.table, lambda: {"query": self.query,
                                                                   "store": self.store.describe()})
        top = QHBoxLayout()
        top.addWidget(QLabel("Find:", self))
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_query)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.run_query)

    def set_store(self, workspace: Workspace, store: StoreConfig) -> None:
        self.workspace, self.store = workspace, store

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_query(self) -> None:
        """Start a search for the box's text (cancelling the display of any earlier one)."""
        self._debounce.stop()
        text = self.search.text().strip()
        if text == self.query and self._worker is not None:
            return
        self.generation += 1
        if self._worker is not None:
            self._worker.cancelled = True
        self.query = text
        self.model.clear()
        self.counts, self.errors = {}, []
        if not text:
            self._worker = None
            self.status.setText("Type to search every site of the workspace")
            return
        self.status.setText(f"Searching for {text!r}…")
        worker = FindWorker(self.workspace, self.store, text, self.generation)
        worker.signals.sig_batch.connect(self._batch)
        worker.signals.sig_finished.connect(self._finished)
        worker.signals.sig_errored.connect(self._errored)
        self._live.add(worker)
        worker.signals.sig_finished.connect(lambda *_a, w=worker: self._live.discard(w))
        worker.signals.sig_errored.connect(lambda *_a, w=worker: self._live.discard(w))
        self._worker = worker
        gui_pool().start(worker)

    def refresh(self) -> None:
        """Run the current query again (new captures were committed)."""
        if self.query:
            self._worker = None
            text, self.query = self.query, ""
            self.search.blockSignals(True)
            self.search.setText(text)
            self.search.blockSignals(False)
            self.run_query()

    def _batch(self, generation: int, site: str, hits: list[Hit], error: str) -> None:
        if generation != self.generation:
            return
        if error:
            self.errors.append(error)
            log.warning("Find: %s", error)
        room = LIMIT - self.model.rowCount()
        self.model.append(hits[:max(room, 0)])
        for hit in hits[:max(room, 0)]:
            self.counts[hit.kind] = self.counts.get(hit.kind, 0) + 1
        self.status.setText(f"Searching for {self.query!r}… {self._summary()} so far (searched {site})")

    def _summary(self) -> str:
        return ", ".join(f"{n} {kind}" for kind, n in sorted(self.counts.items())) or "nothing found"

    def _finished(self, generation: int, sites: int, elapsed_ms: float) -> None:
        if generation != self.generation:
            return
        more = " (first results only: refine the search)" if self.model.rowCount() >= LIMIT else ""
        errors = f"; {len(self.errors)} site(s) could not be read" if self.errors else ""
        self.status.setText(f"{self._summary()}{more} in {sites} site(s), {elapsed_ms:.0f} ms{errors}")
        self.table.resizeColumnsToContents()
        self.sig_finished.emit()

    def _errored(self, generation: int, message: str) -> None:
        if generation == self.generation:
            self.status.setText(f"Search failed: {message}")
            log.error("Find %r failed: %s", self.query, message)
            self.sig_finished.emit()

    def _activated(self, index: QModelIndex) -> None:
        hit = self.model.hits[self.proxy.mapToSource(index).row()]
        self.sig_open_device.emit(hit.site, hit.hostname, hit.port)
