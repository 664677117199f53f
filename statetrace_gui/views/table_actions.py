"""Copy and export for any table of the window: Ctrl+C copies the selected rows (all rows when none is
selected) as TSV with the header, as Excel pastes them; the context menu adds Copy rows, Export CSV… and
Export XLSX…, whose files carry the view's query and capture times (`engine.views.export`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QTableView

from engine.views.export import tsv, write_table

log = logging.getLogger("statetrace_gui.views")
Meta = Callable[[], dict[str, str]]


def table_contents(view: QTableView, selected_only: bool = True) -> tuple[list[str], list[list[Any]]]:
    """(header, rows) as the view shows them (sorted, filtered), the selected rows or all of them."""
    model: QAbstractItemModel = view.model()
    columns = [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
               for c in range(model.columnCount())]
    hidden = {c for c in range(len(columns)) if view.isColumnHidden(c)}
    rows_wanted = sorted({i.row() for i in view.selectionModel().selectedIndexes()}) if selected_only else []
    if not rows_wanted:
        rows_wanted = list(range(model.rowCount()))
    keep = [c for c in range(len(columns)) if c not in hidden]
    rows = [[model.data(model.index(r, c, QModelIndex()), Qt.ItemDataRole.DisplayRole) for c in keep]
            for r in rows_wanted]
    return [columns[c] for c in keep], rows


class TableActions:
    """Installed on one table: the copy shortcut and the context menu (kept alive by the view)."""

    def __init__(self, view: QTableView, meta: Meta | None = None, own_menu: bool = True) -> None:
        self.view = view
        self.meta = meta or (lambda: {})
        self.act_copy = QAction("Copy rows", view)
        self.act_copy.setShortcut(QKeySequence.StandardKey.Copy)
        self.act_copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_copy.triggered.connect(self.copy)
        view.addAction(self.act_copy)
        if own_menu:  # else the view's own menu adds these entries with fill_menu()
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(self._menu)
        self.last_export = ""

    def copy(self) -> str:
        columns, rows = table_contents(self.view)
        text = tsv(columns, rows)
        QGuiApplication.clipboard().setText(text)
        return text

    def export(self, kind: str, path: str = "") -> str:
        """Write the whole table (as shown) to a .csv or .xlsx file chosen in a dialog (or `path`)."""
        if not path:
            name = (self.meta().get("site") or self.view.objectName() or "table").replace(" ", "_")
            path, _ = QFileDialog.getSaveFileName(self.view, f"Export {kind.upper()}", f"{name}.{kind}",
                                                  f"{kind.upper()} files (*.{kind})")
            if not path:
                return ""
            if not path.lower().endswith(f".{kind}"):
                path += f".{kind}"
        columns, rows = table_contents(self.view, selected_only=False)
        try:
            write_table(path, columns, rows, self.meta())
        except (OSError, ValueError) as exc:
            log.error("Export to %s failed: %s", path, exc)
            QMessageBox.warning(self.view, "Export failed", f"{path}: {exc}")
            return ""
        log.info("Exported %d rows to %s", len(rows), path)
        self.last_export = path
        return path

    def _menu(self, pos: QPoint) -> None:
        menu = QMenu(self.view)
        self.fill_menu(menu)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def fill_menu(self, menu: QMenu) -> None:
        menu.addAction(self.act_copy)
        menu.addSeparator()
        menu.addAction("Export CSV…").triggered.connect(lambda: self.export("csv"))
        menu.addAction("Export XLSX…").triggered.connect(lambda: self.export("xlsx"))


def install_table_actions(view: QTableView, meta: Meta | None = None, own_menu: bool = True) -> TableActions:
    actions = TableActions(view, meta, own_menu)
    view.table_actions = actions  # type: ignore[attr-defined]  # lives as long as its view
    return actions
