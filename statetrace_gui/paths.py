"""Where the Designer files and resources live: next to the package in a checkout, or in a frozen bundle.

`ui/` and `resources/` sit at the repository root (they are edited with Designer and an SVG editor,
not imported), so the lookup tries the source tree first and then the PyInstaller bundle folder.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtGui import QIcon
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

T = TypeVar("T", bound=QObject)


def _roots() -> list[Path]:
    roots = [Path(__file__).resolve().parent.parent]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle))
    return roots


def asset_path(*parts: str) -> Path:
    """The first existing `<root>/<parts>`; the source-tree path when none exists (for the error)."""
    for root in _roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    return _roots()[0].joinpath(*parts)


@cache
def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons (an empty icon if the file is missing, never an exception)."""
    path = asset_path("resources", "icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def load_ui(name: str, parent: QWidget | None = None) -> QWidget:
    """Instantiate `ui/<name>.ui`; raises FileNotFoundError with the path when the file is missing."""
    path = asset_path("ui", f"{name}.ui")
    if not path.is_file():
        raise FileNotFoundError(f"Designer file not found: {path}")
    fh = QFile(str(path))
    if not fh.open(QIODevice.OpenModeFlag.ReadOnly):
        raise OSError(f"cannot open {path}: {fh.errorString()}")
    try:
        widget = QUiLoader().load(fh, parent)
    finally:
        fh.close()
    if widget is None:
        raise RuntimeError(f"{path}: not a valid Designer file")
    return widget


def child(parent: QObject, kind: type[T], name: str) -> T:
    """A named widget of a Designer form; a missing one is a broken .ui file, reported by name."""
    found = parent.findChild(kind, name)
    if found is None:
        raise LookupError(f"{kind.__name__} {name!r} missing from the Designer form")
    return found
