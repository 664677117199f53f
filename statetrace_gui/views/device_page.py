"""The device page: one device as its latest capture shows it, and what changed, capture by capture.

Opened by double-click or Enter on a device anywhere (find results, the Devices tab, a neighbour row of
another device page when the neighbour is in the workspace). Everything is read
on a pool thread (`engine.views.device.device_page` and the device timeline); the page re-reads itself
when an ingestion finishes. Double-click a port for its own timeline.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.store.base import StoreConfig, StoreError
from engine.store.read import open_store_reader
from engine.views.device import ADDRESS_COLUMNS, NEIGHBOR_COLUMNS, DevicePage, device_page, neighbor_device
from engine.views.history import Change, device_timeline, port_timeline
from engine.workspace import Workspace
from statetrace_gui.devices.panel import RowsModel
from statetrace_gui.views.table_actions import install_table_actions
from statetrace_gui.workers import run_in_background

log = logging.getLogger("statetrace_gui.views")
HISTORY_COLUMNS = ("Capture", "Port", "Field", "Old", "New", "Change")
SUMMARY_LABELS = (("Make", "Make"), ("Model", "Model"), ("Version", "Version"), ("SerialNumber", "Serial"),
                  ("Uptime", "Uptime"), ("Location", "Location"), ("Ports", "Ports"))


@dataclass(slots=True)
class DeviceView:
    page: DevicePage | None
    timeline: list[Change]
    error: str = ""


def load_device(workspace: Workspace, store: StoreConfig, site: str, host: str) -> DeviceView:
    """The page and the device timeline (pool thread)."""
    with open_store_reader(store, workspace) as reader:
        try:
            with reader.site(site) as site_reader:
                page = device_page(site_reader, host)
                timeline = device_timeline(site_reader, host) if page is not None else []
        except StoreError as exc:
            return DeviceView(None, [], str(exc))
    return DeviceView(page, timeline, "" if page is not None else f"site {site} holds no device {host}")


def load_port(workspace: Workspace, store: StoreConfig, site: str, host: str, port: str) -> list[Change]:
    with open_store_reader(store, workspace) as reader, reader.site(site) as site_reader:
        return port_timeline(site_reader, host, port)


def history_rows(changes: Sequence[Change]) -> list[tuple[Any, ...]]:
    return [(c.capture, c.port, c.label, c.old, c.new, c.describe()) for c in changes]


def rows_table(name: str, parent: QWidget, meta: Any) -> tuple[QTableView, RowsModel]:
    model = RowsModel(parent)
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    install_table_actions(view, meta)
    return view, model


class PortTimeline(QDialog):
    """One port's changes, capture by capture."""

    sig_loaded = Signal()

    def __init__(self, workspace: Workspace, store: StoreConfig, site: str, host: str, port: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("portTimeline")
        self.setWindowTitle(f"{host} {port}: timeline")
        self.resize(900, 420)
        self.site, self.host, self.port = site, host, port
        self.title = QLabel(f"<b>{host}</b> {port} (site {site})", self)
        self.view, self.model = rows_table("portTimelineTable", self, lambda: {
            "query": f"history {host} {port}", "site": site})
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        run_in_background(load_port, workspace, store, site, host, port, on_result=self._loaded,
                          on_error=lambda m: self.title.setText(f"Timeline not read: {m}"))

    def _loaded(self, changes: list[Change]) -> None:
        self.model.set_rows(HISTORY_COLUMNS, history_rows(changes))
        self.view.resizeColumnsToContents()
        self.sig_loaded.emit()


def find_neighbor(workspace: Workspace, store: StoreConfig, name: str) -> tuple[str, str] | None:
    """(site, host) of a neighbour the workspace holds (pool thread)."""
    with open_store_reader(store, workspace) as reader:
        return neighbor_device(reader, name)


class DevicePageDialog(QDialog):
    """Summary, ports, VLANs, spanning tree, auth sessions, neighbours, addresses, config and history."""

    sig_loaded = Signal()
    sig_open_device = Signal(str, str, str)  # site, host, port: a neighbour that is in the workspace
    sig_neighbor_missing = Signal(str)  # a neighbour's name the workspace holds no device for

    def __init__(self, workspace: Workspace, store: StoreConfig, site: str, host: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("devicePage")
        self.setWindowTitle(f"{host}: device")
        self.resize(1100, 640)
        self.workspace, self.store, self.site, self.host = workspace, store, site, host
        self.view_data: DeviceView | None = None
        self.port_dialogs: list[PortTimeline] = []
        self.heading = QLabel(f"<b>{host}</b> (site {site}): loading…", self)
        self.heading.setObjectName("deviceHeading")
        self.summary = QFormLayout()
        self.summary_labels: dict[str, QLabel] = {}
        for key, label in (*SUMMARY_LABELS, ("Captured", "Captured"), ("Source", "Source file")):
            value = QLabel("", self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"summary{key}")
            self.summary_labels[key] = value
            self.summary.addRow(f"{label}:", value)
        meta = self._meta
        self.tabs = QTabWidget(self)
        self.ports_view, self.ports = rows_table("devicePorts", self, meta)
        self.vlans_view, self.vlans = rows_table("deviceVlans", self, meta)
        self.span_view, self.spans = rows_table("deviceSpans", self, meta)
        self.sessions_view, self.sessions = rows_table("deviceSessions", self, meta)
        self.history_view, self.history = rows_table("deviceHistory", self, meta)
        self.config = QPlainTextEdit(self)
        self.config.setObjectName("deviceConfig")
        self.config.setReadOnly(True)
        self.neighbours_view, self.neighbours = rows_table("deviceNeighbours", self, meta)
        self.neighbours_note = QLabel(self)
        self.neighbours_note.setObjectName("deviceNeighboursNote")
        neighbours_tab = QWidget(self)
        neighbours_layout = QVBoxLayout(neighbours_tab)
        neighbours_layout.setContentsMargins(0, 0, 0, 0)
        neighbours_layout.addWidget(self.neighbours_note)
        neighbours_layout.addWidget(self.neighbours_view, 1)
        self.addresses_view, self.addresses = rows_table("deviceAddresses", self, meta)
        for widget, title in ((self.ports_view, "Ports"), (self.vlans_view, "VLANs"), (self.span_view, "Spanning tree"),
                              (self.sessions_view, "Auth sessions"), (neighbours_tab, "Neighbours"),
                              (self.addresses_view, "Addresses"), (self.config, "Config"),
                              (self.history_view, "History")):
            self.tabs.addTab(widget, title)
        self.ports_view.doubleClicked.connect(self._open_port)
        self.history_view.doubleClicked.connect(self._open_history_port)
        self.neighbours_view.doubleClicked.connect(self._open_neighbor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.summary)
        layout.addWidget(self.tabs, 1)
        self.reload()

    def _meta(self) -> dict[str, str]:
        page = self.view_data.page if self.view_data else None
        return {"query": f"device {self.host}", "site": self.site,
                "captures": f"current state from {page.capture_time}" if page else ""}

    def reload(self) -> None:
        """Read the device again off the GUI thread (new captures may have been committed)."""
        run_in_background(load_device, self.workspace, self.store, self.site, self.host, on_result=self._loaded,
                          on_error=lambda m: self.heading.setText(f"<b>{self.host}</b>: not read ({m})"))

    def _loaded(self, data: DeviceView) -> None:
        self.view_data = data
        page = data.page
        if page is None:
            self.heading.setText(f"<b>{self.host}</b> (site {self.site}): {data.error}")
            self.sig_loaded.emit()
            return
        self.heading.setText(f"<b>{self.host}</b> (site {self.site}), {len(page.captures)} capture(s)")
        for key, _label in SUMMARY_LABELS:
            self.summary_labels[key].setText(page.summary.get(key, ""))
        self.summary_labels["Captured"].setText(f"{page.capture_time} ({page.capture_source or 'ingest time'})")
        self.summary_labels["Source"].setText(page.source_file)
        self.ports.set_rows(page.port_columns, page.ports)
        self.vlans.set_rows(["VLAN", "Ports"], page.vlans)
        self.spans.set_rows(page.span_columns, page.spans)
        self.sessions.set_rows(["Port", "State", "Mode", "Client MAC"], page.sessions)
        self.config.setPlainText("\n".join(f"interface {port}\n{text.rstrip()}\n!" for port, text in page.config))
        self.neighbours_note.setText(page.neighbours_note)
        self.neighbours.set_rows(NEIGHBOR_COLUMNS, page.neighbors)
        self.addresses.set_rows(ADDRESS_COLUMNS, page.addresses)
        self.history.set_rows(HISTORY_COLUMNS, history_rows(data.timeline))
        for view in (self.ports_view, self.history_view, self.neighbours_view, self.addresses_view):
            view.resizeColumnsToContents()
        self.sig_loaded.emit()

    def open_port(self, port: str) -> PortTimeline:
        dialog = PortTimeline(self.workspace, self.store, self.site, self.host, port, self)
        self.port_dialogs.append(dialog)
        dialog.show()
        return dialog

    def _open_port(self, index: QModelIndex) -> None:
        proxy = self.ports_view.model()
        port = proxy.data(proxy.index(index.row(), 0), Qt.ItemDataRole.DisplayRole)
        if port:
            self.open_port(str(port))

    def _open_history_port(self, index: QModelIndex) -> None:
        proxy = self.history_view.model()
        port = proxy.data(proxy.index(index.row(), 1), Qt.ItemDataRole.DisplayRole)
        if port:
            self.open_port(str(port))

    def open_neighbor(self, name: str) -> None:
        """Open the neighbour's own page when the workspace holds it; else say so under the table."""
        def found(where: tuple[str, str] | None) -> None:
            if where is None:
                self.neighbours_note.setText(f"{name} is not a device in this workspace")
                self.sig_neighbor_missing.emit(name)
            else:
                self.sig_open_device.emit(where[0], where[1], "")

        run_in_background(find_neighbor, self.workspace, self.store, name, on_result=found,
                          on_error=lambda m: self.neighbours_note.setText(f"{name}: not looked up ({m})"))

    def _open_neighbor(self, index: QModelIndex) -> None:
        proxy = self.neighbours_view.model()
        name = proxy.data(proxy.index(index.row(), 2), Qt.ItemDataRole.DisplayRole)
        if name:
            self.open_neighbor(str(name))
