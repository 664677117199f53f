"""Where the Designer forms and icons live: package data found with importlib.resources.

`ui/` and `resources/` sit at the repository root (edited with Designer and an SVG editor, not imported);
setup.py maps them into the packages `statetrace_gui.ui` and `statetrace_gui.resources`, so a checkout
(editable install), an installed wheel and the PyInstaller bundle all find them the same way.
"""

from __future__ import annotations

import atexit
import importlib.resources
from contextlib import ExitStack
from functools import cache
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtGui import QIcon
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

T = TypeVar("T", bound=QObject)
_extracted = ExitStack()  # files importlib.resources had to extract (a zipped install); removed at exit
atexit.register(_extracted.close)


def asset_path(package: str, *parts: str) -> Path:
    """The file `<parts>` of the data package `package` as a real path (Qt's loaders need one).

    Raises FileNotFoundError naming the package and file when it is missing (a broken install).
    """
    try:
        resource = importlib.resources.files(package).joinpath(*parts)
    except ModuleNotFoundError as exc:
        raise FileNotFoundError(f"package data {package} is not installed (looking for {'/'.join(parts)})") from exc
    if not resource.is_file():
        raise FileNotFoundError(f"{'/'.join(parts)} is missing from the installed package data {package}")
    if isinstance(resource, Path):
        return resource
    return _extracted.enter_context(importlib.resources.as_file(resource))


@cache
def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons (an empty icon if the file is missing, never an exception)."""
    try:
        return QIcon(str(asset_path("statetrace_gui.resources", "icons", f"{name}.svg")))
    except FileNotFoundError:
        return QIcon()


def load_ui(name: str, parent: QWidget | None = None) -> QWidget:
    """Instantiate `ui/<name>.ui`; raises FileNotFoundError naming the file when it is missing."""
    path = asset_path("statetrace_gui.ui", f"{name}.ui")
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
