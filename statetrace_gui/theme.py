"""Light and dark palettes that follow the system colour scheme (or a choice saved in QSettings).

Fusion is used on every platform so both palettes look the same everywhere, and the charts take
matching colours from `ThemeManager.chart`. No application style sheet: it would slow down painting
of the big queue table.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")

# Legacy freshness colours (green < 24 h, yellow < 48 h, orange < 7 d, red older, gray unknown).
FRESH_GREEN = QColor("#2e9e44")
FRESH_YELLOW = QColor("#d4b000")
FRESH_ORANGE = QColor("#e67e22")
FRESH_RED = QColor("#d63b30")
FRESH_GRAY = QColor("#8a8f98")


@dataclass(frozen=True, slots=True)
class ChartColors:
    background: str
    foreground: str
    series: tuple[str, ...]
    p50: str
    p95: str
    goal: str
    points: str


LIGHT_CHART = ChartColors("#ffffff", "#30343a",
                          ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"),
                          "#1f77b4", "#d62728", "#7a7a7a", "#7fa7cf")
DARK_CHART = ChartColors("#1e2126", "#d7dae0",
                         ("#61afef", "#e06c75", "#98c379", "#c678dd", "#e5c07b", "#56b6c2", "#d19a66", "#ff79c6"),
                         "#61afef", "#e06c75", "#9aa0a6", "#4f6d8f")


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def _dark_palette() -> QPalette:
    p = QPalette()
    base, window, text, disabled = QColor("#1e2126"), QColor("#282c34"), QColor("#d7dae0"), QColor("#7f848e")
    for role, color in (
        (QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, QColor("#252930")),
        (QPalette.ColorRole.ToolTipBase, QColor("#323842")), (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, disabled), (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor("#2f343d")), (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor("#ff6b6b")), (QPalette.ColorRole.Link, QColor("#61afef")),
        (QPalette.ColorRole.Highlight, QColor("#3d6fb4")), (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.Mid, QColor("#3a3f4b")), (QPalette.ColorRole.Dark, QColor("#16181c")),
        (QPalette.ColorRole.Light, QColor("#3e4451")),
    ):
        p.setColor(role, color)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


class ThemeManager(QObject):
    """Applies the palette and tells the charts when the effective scheme changes."""

    sig_changed = Signal(bool)  # dark?

    def __init__(self, app: QApplication, mode: str = "system", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.mode = mode if mode in THEMES else "system"
        self.dark = False
        app.setStyle("Fusion")
        self._light = app.style().standardPalette()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_changed)
        self.apply()

    def set_mode(self, mode: str) -> None:
        self.mode = mode if mode in THEMES else "system"
        self.apply()

    def _on_system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.mode == "system":
            self.apply()

    def apply(self) -> None:
        dark = system_is_dark() if self.mode == "system" else self.mode == "dark"
        self.app.setPalette(_dark_palette() if dark else self._light)
        changed = dark != self.dark
        self.dark = dark
        if changed:
            self.sig_changed.emit(dark)

    @property
    def chart(self) -> ChartColors:
        return DARK_CHART if self.dark else LIGHT_CHART
