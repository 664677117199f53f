"""StateTrace Ingest desktop app: the analyst's window onto the engine runtime (PySide6 + pyqtgraph)."""
