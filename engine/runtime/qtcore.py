"""The engine's only door to Qt: QtCore names the runtime layer uses, nothing from QtGui/QtWidgets.

The import contract in pyproject.toml forbids PySide6 everywhere in `engine` except this module, so
the core stays usable headless and the window code stays in `statetrace_gui`.
"""

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

__all__ = ["QCoreApplication", "QObject", "QRunnable", "QThreadPool", "QTimer", "Signal"]
