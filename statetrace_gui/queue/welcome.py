"""What an empty workspace shows instead of an empty table: a drop target, one sentence, two buttons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from statetrace_gui.paths import asset_path, icon

SENTENCE = "Drop device transcripts, folders or archives (.log .txt .gz .zip) here to build one database per site."


def sample_captures() -> Path | None:
    """The shipped data/samples folder (in a checkout, a wheel or the frozen bundle), None if not installed."""
    try:
        return asset_path("engine.data.samples", "wlls_batch01.log").parent
    except FileNotFoundError:
        return None


class WelcomePanel(QFrame):
    sig_add_folder = Signal()
    sig_open_samples = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self.setStyleSheet("QFrame#welcomePanel { border: 2px dashed #3d7fd6; border-radius: 12px; }")
        self.sentence = QLabel(SENTENCE, self)
        self.sentence.setObjectName("welcomeSentence")
        self.sentence.setWordWrap(True)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.sentence.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.sentence.setFont(font)
        self.add_folder = QPushButton(icon("add-folder"), "Add folder…", self)
        self.add_folder.setObjectName("welcomeAddFolder")
        self.add_folder.clicked.connect(self.sig_add_folder)
        self.samples = QPushButton(icon("folder"), "Open the sample captures", self)
        self.samples.setObjectName("welcomeSamples")
        folder = sample_captures()
        self.samples.setEnabled(folder is not None)
        self.samples.setToolTip(str(folder) if folder else "The sample captures are not installed")
        if folder is not None:
            self.samples.clicked.connect(lambda: self.sig_open_samples.emit(folder))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_folder)
        buttons.addWidget(self.samples)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(self.sentence)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(1)
