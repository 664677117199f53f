"""`logs/Maintenance/state.json`: the last backup, compaction, audit, integrity result and size history
per site, so the tab and `schedule show` can answer "when was this site last compacted?" without
re-running anything. Read-modify-write under a file lock; a damaged file is started afresh.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine.files import write_text_atomically
from engine.locks import FileLock

SIZE_HISTORY = 120


class MaintenanceState:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, dict[str, Any]]:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {}
        sites = doc.get("sites") if isinstance(doc, dict) else None
        return sites if isinstance(sites, dict) else {}

    def site(self, site: str) -> dict[str, Any]:
        entry = self.load().get(site)
        return entry if isinstance(entry, dict) else {}

    def update(self, site: str, key: str, value: Any) -> None:
        """Set `sites[site][key] = value`; "sizes" appends a point to the bounded history instead."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(self.path.with_name(self.path.name + ".lock"), timeout=10):
                sites = self.load()
                entry = sites.setdefault(site, {})
                if key == "sizes":
                    history = list(entry.get("sizes") or [])
                    history.append(value)
                    entry["sizes"] = history[-SIZE_HISTORY:]
                else:
                    entry[key] = value
                write_text_atomically(self.path, json.dumps({"sites": sites}, indent=1))
        except OSError:
            pass  # state is a convenience; the log and telemetry still carry the result
