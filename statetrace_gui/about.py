"""Help dialogs: About (the version users quote in bug reports, what it runs on) and Keyboard shortcuts."""

from __future__ import annotations

import platform
import sys

import pyqtgraph
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine import __version__
from statetrace_gui.paths import child, icon, load_ui


class AboutDialog(QDialog):
    def __init__(self, home: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About StateTrace Ingest")
        form = load_ui("about_form", self)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        child(form, QLabel, "iconLabel").setPixmap(icon("app").pixmap(64, 64))
        self.version_label = child(form, QLabel, "versionLabel")
        self.version_label.setText(f"Version {__version__}")
        details = [f"Python {platform.python_version()} ({sys.platform})", f"Qt {qVersion()}, PySide6 {pyside_version}",
                   f"pyqtgraph {pyqtgraph.__version__}"]
        if home:
            details.append(f"Workspace: {home}")
        child(form, QLabel, "detailsLabel").setText("\n".join(details))
        child(form, QDialogButtonBox, "buttonBox").rejected.connect(self.reject)


class ShortcutsDialog(QDialog):
    """Shortcuts in a two-column table: spaces in a message box never line up in a proportional font."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Action", "Shortcut"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setShowGrid(False)
        for r, (keys, text) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(text))
            self.table.setItem(r, 1, QTableWidgetItem(keys))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(440, min(640, 60 + 26 * len(rows)))
