"""The Devices tab: the selected site's devices and interfaces, searched on a pool thread."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from engine.store.base import StoreConfig
from engine.workspace import Workspace
from statetrace_gui.devices.query import DevicesResult, query_devices
from statetrace_gui.workers import run_in_background

log = logging.getLogger("statetrace_gui.devices")
SEARCH_DEBOUNCE_MS = 300
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """Read-only rows of tuples with fixed column names (replaced as a whole per query); also the
    tables of the device page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: list[str] = []
        self.rows: list[tuple[Any, ...]] = []

    def set_rows(self, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.UserRole:  # the sort key of a proxy: numbers as numbers, text without case
            return value if isinstance(value, int) else ("" if value is None else str(value).lower())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if value is None:
            return ""
        text = str(value)
        if role == Qt.ItemDataRole.DisplayRole and "\n" in text:
            return text.replace("\n", ", ")
        return text if role == Qt.ItemDataRole.DisplayRole or len(text) > 30 else None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section] if section < len(self.columns) else None
        return None


def _table(name: str, model: RowsModel) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class DevicesPanel(QWidget):
    sig_loaded = Signal()

    def __init__(self, workspace: Workspace | None = None, store: StoreConfig | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("devicesPanel")
        self.workspace = workspace
        self.store = store or StoreConfig()
        self.site = ""
        self.db_path = ""
        self.host = ""
        self.generation = 0
        self.last_result: DevicesResult | None = None
        self._keep_devices = False
        self.title = QLabel("Select a site in the site tree", self)
        self.title.setObjectName("devicesTitle")
        self.search = QLineEdit(self)
        self.search.setObjectName("devicesSearch")
        self.search.setPlaceholderText("Search host, port, description, VLAN or MAC")
        self.search.setClearButtonEnabled(True)
        self.search.setAcceptDrops(False)
        self.status = QLabel(self)
        self.devices_model = RowsModel(self)
        self.interfaces_model = RowsModel(self)
        self.devices_view = _table("devicesTable", self.devices_model)
        self.interfaces_view = _table("interfacesTable", self.interfaces_model)
        self.devices_view.selectionModel().currentRowChanged.connect(self._device_chosen)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("devicesSplitter")
        splitter.addWidget(self.devices_view)
        splitter.addWidget(self.interfaces_view)
        splitter.setStretchFactor(1, 2)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(self._search_changed)

    def set_site(self, site: str, db_path: str) -> None:
        if (site, db_path) == (self.site, self.db_path):
            return
        self.site, self.db_path, self.host = site, db_path, ""
        self.title.setText(f"Site <b>{site}</b>" if site else "Select a site in the site tree")
        self.reload()

    def set_store(self, workspace: Workspace, store: StoreConfig) -> None:
        """Read through this workspace's store from now on (the window's, or a changed one)."""
        if (workspace, store) != (self.workspace, self.store):
            self.workspace, self.store = workspace, store
            self.reload()

    def _search_changed(self, _text: str) -> None:
        self.host = ""
        self._debounce.start()

    def _device_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        host = str(self.devices_model.rows[current.row()][0]) if current.isValid() else ""
        if host != self.host:
            self.host = host
            self.reload(keep_devices=True)

    def reload(self, keep_devices: bool = False) -> None:
        """Query on a pool thread; a newer request makes older answers irrelevant (generation)."""
        self.generation += 1
        if not self.db_path:
            self.devices_model.set_rows([], [])
            self.interfaces_model.set_rows([], [])
            self.status.setText("no database yet" if self.site else "")
            return
        self.status.setText("loading…")
        self._keep_devices = keep_devices
        if self.workspace is None:
            return
        run_in_background(query_devices, self.workspace, self.store, self.site, self.search.text(), self.host,
                          self.generation,
                          on_result=self._loaded, on_error=self._failed)

    def _failed(self, message: str) -> None:
        self.status.setText("query failed")
        log.warning("Devices of %s could not be read: %s", self.site, message)

    def _loaded(self, result: DevicesResult) -> None:
        if result.generation != self.generation:
            return
        self.last_result = result
        if not self._keep_devices:
            self.devices_model.set_rows(result.device_columns, result.devices)
        self.interfaces_model.set_rows(result.interface_columns, result.interfaces)
        more = " (first rows only)" if result.truncated else ""
        self.status.setText(f"{len(self.devices_model.rows)} devices, {len(result.interfaces)} interfaces{more}")
        self.sig_loaded.emit()
