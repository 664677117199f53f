"""The site tree (`siteTree`): prefix > site > device with size, devices, freshness, queue and status.

The workspace is scanned on a pool thread (`scan.scan_workspace`), at most every
`MIN_SCAN_INTERVAL_MS` while ingestion runs; queue depths come from the runtime's progress
snapshot and the queue model, so they cost no I/O. Device rows are created only when a site is
expanded, so a site of 10,000 switches costs nothing until someone looks at it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.console import human_bytes
from engine.sites import prefix_of
from engine.store.base import StoreConfig
from engine.workspace import Workspace
from statetrace_gui import theme
from statetrace_gui.paths import icon
from statetrace_gui.sites.scan import SiteInfo, freshness, human_age, scan_workspace
from statetrace_gui.workers import run_in_background

log = logging.getLogger("statetrace_gui.sites")
COLUMNS = ("Name", "Devices", "DB size", "Last ingest", "Queue", "Status")
C_NAME, C_DEVICES, C_SIZE, C_AGE, C_QUEUE, C_STATUS = range(len(COLUMNS))
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
# Wide enough for a site name, "1999.9 MB", "1 h 25 min ago" with its dot, a queue depth and "Ingesting".
SECTION_WIDTHS = {C_NAME: 125, C_DEVICES: 52, C_SIZE: 72, C_AGE: 118, C_QUEUE: 44, C_STATUS: 80}
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
MIN_SCAN_INTERVAL_MS = 2000
BUSY_SCAN_INTERVAL_MS = 5000  # while ingesting: the scan's reads compete with the writers
MAINTENANCE_ACTIONS = ("Compact", "Back up", "Audit indexes")
_FRESH = {"green": theme.FRESH_GREEN, "yellow": theme.FRESH_YELLOW, "orange": theme.FRESH_ORANGE,
          "red": theme.FRESH_RED, "gray": theme.FRESH_GRAY}


@cache
def fresh_dot(level: str) -> QIcon:
    pix = QPixmap(QSize(12, 12))
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(_FRESH.get(level, theme.FRESH_GRAY))
    p.drawEllipse(1, 1, 10, 10)
    p.end()
    return QIcon(pix)


@dataclass(frozen=True, slots=True)
class SiteStatus:
    """What the tree shows in the Status column, decided from queue counts and the scan."""

    name: str
    text: str


def site_status(info: SiteInfo | None, queued: int, counts: Mapping[str, int]) -> SiteStatus:
    if counts.get("Parsing", 0) > 0 or counts.get("Writing", 0) > 0:
        return SiteStatus("running", "Ingesting")
    if queued > 0 or counts.get("Queued", 0) > 0:
        return SiteStatus("queued", "Queued")
    if counts.get("Failed", 0) > 0:
        return SiteStatus("failed", f"{counts['Failed']} failed")
    if info is not None and info.error:
        return SiteStatus("failed", "Unreadable")
    if info is None or info.device_count is None:
        return SiteStatus("idle", "No database")
    return SiteStatus("ok", "OK")


class SiteTreePanel(QWidget):
    sig_site_selected = Signal(str, str)  # site, database path ("" for none)
    sig_ingest_again = Signal(str)  # site
    sig_maintenance = Signal(str, str, str)  # action, site, database path
    sig_open_folder = Signal(str)
    sig_scanned = Signal()

    def __init__(self, workspace: Workspace, store: StoreConfig | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.store = store or StoreConfig()
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("siteTree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemExpanded.connect(self._populate_devices)
        self.tree.currentItemChanged.connect(self._current_changed)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in SECTION_WIDTHS.items():
            header.resizeSection(col, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)

        self.infos: dict[str, SiteInfo] = {}
        self.queued_by_site: dict[str, int] = {}
        self.counts_by_site: Mapping[str, Mapping[str, int]] = {}
        self._prefix_items: dict[str, QTreeWidgetItem] = {}
        self._site_items: dict[str, QTreeWidgetItem] = {}
        self._populated: set[str] = set()
        self._scanning = False
        self._dirty = False
        self._last_scan = 0.0
        self.scans = 0
        self.busy = False  # set by the window while ingestion runs
        self.maintenance_available: dict[str, bool] = dict.fromkeys(MAINTENANCE_ACTIONS, False)
        self.maintenance_tooltip = "The maintenance engine is not available in this build"
        self.can_ingest_again: Callable[[str], bool] = lambda _site: False
        self._scan_timer = QTimer(self)
        self._scan_timer.setSingleShot(True)
        self._scan_timer.timeout.connect(self._start_scan)
        self._age_timer = QTimer(self)  # ages move on even when nothing is ingested
        self._age_timer.setInterval(60_000)
        self._age_timer.timeout.connect(self._render_all)
        self._age_timer.start()

    def default_width(self) -> int:
        """The dock width that shows every column (name, size with unit, freshness, queue, status)."""
        frame = 2 * self.tree.frameWidth() + self.tree.verticalScrollBar().sizeHint().width()
        return sum(SECTION_WIDTHS.values()) + frame + 8

    # -- scanning -----------------------------------------------------------------------------------
    def request_refresh(self, immediate: bool = False) -> None:
        """Coalesce refresh requests: one scan at a time, at most one every MIN_SCAN_INTERVAL_MS."""
        if self._scanning:
            self._dirty = True
            return
        interval = BUSY_SCAN_INTERVAL_MS if self.busy else MIN_SCAN_INTERVAL_MS
        wait = 0 if immediate else max(0, int(interval - (time.monotonic() - self._last_scan) * 1000))
        if not self._scan_timer.isActive() or wait == 0:
            self._scan_timer.start(wait)

    def _start_scan(self) -> None:
        if self._scanning:
            self._dirty = True
            return
        self._scanning = True
        self._dirty = False
        run_in_background(scan_workspace, self.workspace, self.store, set(self._populated),
                          on_result=self._scan_done, on_error=self._scan_failed)

    def set_store(self, store: StoreConfig) -> None:
        """The workspace's store changed (Settings dialog): list what the new one holds."""
        if store != self.store:
            self.store = store
            self.infos = {}
            self.request_refresh(immediate=True)

    def _scan_failed(self, message: str) -> None:
        log.warning("Site scan failed: %s", message)
        self._scan_finished()

    def _scan_done(self, infos: list[SiteInfo]) -> None:
        self.infos = {i.site: i for i in infos}
        self._sync_items()
        self.scans += 1
        self._scan_finished()
        self.sig_scanned.emit()

    def _scan_finished(self) -> None:
        self._scanning = False
        self._last_scan = time.monotonic()
        if self._dirty:
            self.request_refresh()

    # -- live figures (no I/O) ----------------------------------------------------------------------
    def set_queue(self, queued_by_site: Mapping[str, int], counts_by_site: Mapping[str, Mapping[str, int]]) -> None:
        """New queue figures (call when they changed); re-renders site rows, not device rows."""
        self.queued_by_site = dict(queued_by_site)
        self.counts_by_site = counts_by_site
        self._sync_items(devices=False)

    # -- items --------------------------------------------------------------------------------------
    def known_sites(self) -> list[str]:
        return sorted(self._site_items)

    def _sync_items(self, devices: bool = True) -> None:
        active = set(self.infos)
        active.update(s for s, n in self.queued_by_site.items() if n)
        # A site only failed or cancelled hosts point at has no database: it gets no (empty) row.
        active.update(s for s, c in self.counts_by_site.items()
                      if any(n for state, n in c.items() if state not in ("Failed", "Cancelled")))
        self.tree.setUpdatesEnabled(False)
        try:
            for site in sorted(active, key=str.lower):
                if site not in self._site_items:
                    self._add_site(site)
            self._render_all(devices)
        finally:
            self.tree.setUpdatesEnabled(True)

    def _insert_top_level(self, item: QTreeWidgetItem, key: str) -> None:
        keys = [str(self.tree.topLevelItem(i).text(C_NAME)) for i in range(self.tree.topLevelItemCount())]
        at = next((i for i, k in enumerate(keys) if k.lower() > key.lower()), len(keys))
        self.tree.insertTopLevelItem(at, item)

    def _add_site(self, site: str) -> None:
        info = self.infos.get(site)
        prefix = info.prefix if info else prefix_of(site)
        item = QTreeWidgetItem([site])
        item.setData(C_NAME, KIND_ROLE, "site")
        item.setData(C_NAME, KEY_ROLE, site)
        item.setIcon(C_NAME, icon("site"))
        item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        self._site_items[site] = item
        if prefix.lower() == site.lower() and prefix not in self._prefix_items:
            # The prefix folder holds just this site (the usual case): no "BOYO > BOYO" level.
            self._insert_top_level(item, site)
            return
        parent = self._prefix_items.get(prefix)
        if parent is None:
            parent = QTreeWidgetItem([prefix])
            parent.setData(C_NAME, KIND_ROLE, "prefix")
            parent.setData(C_NAME, KEY_ROLE, prefix)
            parent.setIcon(C_NAME, icon("prefix"))
            self._insert_top_level(parent, prefix)
            self._prefix_items[prefix] = parent
            parent.setExpanded(True)
        siblings = sorted([c.data(C_NAME, KEY_ROLE) for c in self._children(parent)] + [site], key=str.lower)
        parent.insertChild(siblings.index(site), item)

    def _render_all(self, devices: bool = True) -> None:
        now = datetime.now(timezone.utc)
        for site, item in self._site_items.items():
            if item.parent() is None:  # a top-level site (its prefix is itself)
                self._render_site(item, site, self.infos.get(site), self.queued_by_site.get(site, 0), now, devices)
        for prefix, pitem in self._prefix_items.items():
            total_devices = total_bytes = total_queue = 0
            newest: datetime | None = None
            for site_item in self._children(pitem):
                site = site_item.data(C_NAME, KEY_ROLE)
                info = self.infos.get(site)
                queued = self.queued_by_site.get(site, 0)
                self._render_site(site_item, site, info, queued, now, devices)
                total_queue += queued
                if info:
                    total_devices += info.device_count or 0
                    total_bytes += info.db_bytes
                    if info.last_ingested and (newest is None or info.last_ingested > newest):
                        newest = info.last_ingested
            self._set_row(pitem, str(total_devices), human_bytes(total_bytes) if total_bytes else "", newest, now,
                          str(total_queue) if total_queue else "")
            pitem.setToolTip(C_NAME, f"Folder data/{prefix}/")

    def _render_site(self, item: QTreeWidgetItem, site: str, info: SiteInfo | None, queued: int,
                     now: datetime, devices_too: bool) -> None:
        counts = self.counts_by_site.get(site, {})
        status = site_status(info, queued, counts)
        devices = "" if info is None or info.device_count is None else str(info.device_count)
        size = human_bytes(info.db_bytes) if info and info.db_bytes else ""
        self._set_row(item, devices, size, info.last_ingested if info else None, now, str(queued) if queued else "")
        item.setText(C_STATUS, status.text)
        item.setIcon(C_STATUS, icon(f"status-{status.name}"))
        tip = [f"Site {site}", f"Database: {info.db_path if info else '(not created yet)'}"]
        if info and info.error:
            tip.append(info.error)
        item.setToolTip(C_NAME, "\n".join(tip))
        item.setToolTip(C_STATUS, info.error if info and info.error else status.text)
        if info is not None and not info.device_count:
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)
        elif info is not None:
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        if devices_too and site in self._populated:
            self._fill_devices(item, info, now)

    def _set_row(self, item: QTreeWidgetItem, devices: str, size: str, last: datetime | None, now: datetime,
                 queue: str) -> None:
        item.setText(C_DEVICES, devices)
        item.setText(C_SIZE, size)
        item.setText(C_AGE, human_age(last, now))
        item.setIcon(C_AGE, fresh_dot(freshness(last, now)))
        item.setToolTip(C_AGE, f"Last ingested {last.astimezone():%Y-%m-%d %H:%M:%S}" if last else "Never ingested")
        item.setText(C_QUEUE, queue)
        for col in (C_DEVICES, C_SIZE, C_QUEUE):
            item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _populate_devices(self, item: QTreeWidgetItem) -> None:
        if item.data(C_NAME, KIND_ROLE) != "site":
            return
        site = item.data(C_NAME, KEY_ROLE)
        first = site not in self._populated
        self._populated.add(site)
        info = self.infos.get(site)
        if first and info is not None and info.device_count and not info.devices:
            self.request_refresh(immediate=True)  # this site's devices were only counted so far
        self._fill_devices(item, info, datetime.now(timezone.utc))

    def _fill_devices(self, item: QTreeWidgetItem, info: SiteInfo | None, now: datetime) -> None:
        """Bring the device children in line with the scan (in place; children are sorted by host)."""
        if info is not None and info.device_count and not info.devices:
            return  # a count-only scan: the device list comes with the next scan
        devices = info.devices if info else []
        existing = {c.data(C_NAME, KEY_ROLE): c for c in self._children(item)}
        wanted = {d.hostname for d in devices}
        for host, gone in existing.items():
            if host not in wanted:
                item.removeChild(gone)
        for row, dev in enumerate(devices):
            found = existing.get(dev.hostname)
            if found is None:
                child = QTreeWidgetItem([dev.hostname])
                child.setData(C_NAME, KIND_ROLE, "device")
                child.setData(C_NAME, KEY_ROLE, dev.hostname)
                child.setIcon(C_NAME, icon("device"))
                item.insertChild(row, child)
            else:
                child = found
            child.setText(C_STATUS, f"{dev.make} {dev.model}".strip())
            child.setToolTip(C_NAME, f"{dev.hostname}\n{dev.make} {dev.model}".strip())
            child.setText(C_AGE, human_age(dev.last_ingested, now))
            child.setIcon(C_AGE, fresh_dot(freshness(dev.last_ingested, now)))

    # -- selection and menu -------------------------------------------------------------------------
    @staticmethod
    def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        return [c for c in (item.child(i) for i in range(item.childCount())) if c is not None]

    def site_of_item(self, item: QTreeWidgetItem | None) -> str:
        while item is not None and item.data(C_NAME, KIND_ROLE) != "site":
            item = item.parent()
        return str(item.data(C_NAME, KEY_ROLE)) if item is not None else ""

    def db_path(self, site: str) -> str:
        info = self.infos.get(site)
        return info.db_path if info and info.device_count is not None else ""

    def select_site(self, site: str) -> None:
        item = self._site_items.get(site)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        site = self.site_of_item(current)
        if site:
            self.sig_site_selected.emit(site, self.db_path(site))

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None:
            return
        kind = item.data(C_NAME, KIND_ROLE)
        menu = QMenu(self)
        if kind == "prefix":
            folder = self.workspace.data / str(item.data(C_NAME, KEY_ROLE))
            menu.addAction(icon("folder"), "Open folder").triggered.connect(
                lambda: self.sig_open_folder.emit(str(folder)))
            menu.exec(self.tree.viewport().mapToGlobal(pos))
            return
        self.build_site_menu(menu, self.site_of_item(item))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def build_site_menu(self, menu: QMenu, site: str) -> None:
        """The site actions (also used by tests, which cannot open a modal menu)."""
        db = self.db_path(site)
        again = menu.addAction(icon("retry"), "Ingest again")
        again.setObjectName("siteIngestAgain")
        again.setEnabled(self.can_ingest_again(site))
        if not again.isEnabled():
            again.setToolTip("None of this site's source files were added in this session")
        again.triggered.connect(lambda: self.sig_ingest_again.emit(site))
        menu.addSeparator()
        for action in MAINTENANCE_ACTIONS:
            act = menu.addAction(action)
            act.setObjectName("site" + action.replace(" ", ""))
            available = self.maintenance_available.get(action, False)
            act.setEnabled(available and bool(db))
            if not available:
                act.setToolTip(self.maintenance_tooltip)
            elif not db:
                act.setToolTip("This site has no database yet")
            act.triggered.connect(lambda _=False, a=action: self.sig_maintenance.emit(a, site, db))
        menu.setToolTipsVisible(True)
        menu.addSeparator()
        folder = Path(db).parent if db and Path(db).is_file() else self.workspace.data  # server stores: data/
        menu.addAction(icon("folder"), "Open folder").triggered.connect(
            lambda: self.sig_open_folder.emit(str(folder)))

