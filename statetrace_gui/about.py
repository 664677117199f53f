"""The About dialog: the version users quote in bug reports, and what it runs on."""

from __future__ import annotations

import platform
import sys

import pyqtgraph
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

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
