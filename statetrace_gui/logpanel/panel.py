"""A bounded, batched log view fed by Python logging from any thread.

Records arrive through a queued signal and are appended a few times a second in one block, so a
burst of thousands of failures costs one repaint, and the view keeps at most `MAX_LINES` lines.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

GUI_LOGGER = "statetrace_gui"
MAX_LINES = 5000
MAX_LINES_PER_FLUSH = 500
FLUSH_MS = 200
_LEVEL_COLORS = {logging.WARNING: "#d68a00", logging.ERROR: "#d63b30", logging.CRITICAL: "#d63b30"}


class _Bridge(QObject):
    sig_record = Signal(int, str)


class QtLogHandler(logging.Handler):
    """Forwards records to the GUI thread; `emit` never touches widgets."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.bridge = _Bridge()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            stamp = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
            self.bridge.sig_record.emit(record.levelno, f"{stamp}  {self.format(record)}")
        except Exception:  # noqa: BLE001 - logging must never raise into the caller
            self.handleError(record)


class LogPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logPanel")
        self.view = QPlainTextEdit(self)
        self.view.setObjectName("logView")
        self.view.setReadOnly(True)
        self.view.setAcceptDrops(False)
        self.view.setMaximumBlockCount(MAX_LINES)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.count_label = QLabel(self)
        clear = QPushButton("Clear", self)
        clear.clicked.connect(self.clear)
        bar = QHBoxLayout()
        bar.addWidget(self.count_label, 1)
        bar.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.warnings = 0
        self._pending: list[tuple[int, str]] = []
        self._dropped = 0
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_MS)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self.handler = QtLogHandler()
        self.handler.setFormatter(logging.Formatter("%(message)s"))
        self.handler.bridge.sig_record.connect(self.append)
        self._update_count()

    def attach(self, logger_name: str = GUI_LOGGER) -> None:
        logger = logging.getLogger(logger_name)
        logger.setLevel(logging.INFO)
        logger.addHandler(self.handler)

    def detach(self, logger_name: str = GUI_LOGGER) -> None:
        logging.getLogger(logger_name).removeHandler(self.handler)

    def append(self, level: int, text: str) -> None:
        if level >= logging.WARNING:
            self.warnings += 1
        self._pending.append((level, text))
        if len(self._pending) > MAX_LINES_PER_FLUSH:
            self._dropped += len(self._pending) - MAX_LINES_PER_FLUSH
            del self._pending[: len(self._pending) - MAX_LINES_PER_FLUSH]
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Append the pending lines in one edit block (one layout pass, however many lines)."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        if self._dropped:
            pending.insert(0, (logging.WARNING, f"... {self._dropped} earlier line(s) not shown"))
            self._dropped = 0
        cursor = QTextCursor(self.view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        plain = QTextCharFormat()
        empty = self.view.document().isEmpty()
        for level, text in pending:
            fmt = plain
            if level >= logging.WARNING:
                fmt = QTextCharFormat()
                fmt.setForeground(QColor(_LEVEL_COLORS.get(level, "#d63b30")))
            if not empty:
                cursor.insertBlock()
            empty = False
            cursor.insertText(text, fmt)
        cursor.endEditBlock()
        self.view.verticalScrollBar().setValue(self.view.verticalScrollBar().maximum())
        self._update_count()

    def text(self) -> str:
        self.flush()
        return self.view.toPlainText()

    def clear(self) -> None:
        self._pending.clear()
        self.view.clear()
        self.warnings = 0
        self._update_count()

    def _update_count(self) -> None:
        # The dock's title already says "Log": the label only speaks when there is something to count.
        self.count_label.setText(f"{self.warnings} warning(s)" if self.warnings else "")
