"""The log panel: what the app did and what it refused, in one scrolling place."""

from statetrace_gui.logpanel.panel import LogPanel, QtLogHandler

__all__ = ["LogPanel", "QtLogHandler"]
