"""The corrupt-database marker `<db>.corrupt` and the check ingestion makes before writing.

Maintenance writes the marker (JSON) when a site database fails its integrity check; ingestion
calls `assert_writable(db_path)` after taking the site's writer lock and refuses the site while the
marker exists, so a damaged file is never written further and its backups stay restorable. A
successful integrity check or a restore removes the marker.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.files import write_text_atomically
from engine.store.base import StoreError


class CorruptDatabase(StoreError):
    """The site database is marked corrupt; ingestion of that site is refused until it is restored."""


def marker_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".corrupt")


def read_marker(db_path: Path) -> dict[str, Any] | None:
    """The marker's content, `{}` for an unreadable marker (still a marker), None when absent."""
    path = marker_path(db_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def write_marker(db_path: Path, site: str, problems: list[str]) -> Path:
    path = marker_path(db_path)
    doc = {"site": site, "database": str(db_path), "detected": datetime.now().isoformat(timespec="seconds"),
           "problems": problems[:20],
           "restore": f"statetrace-cli maintain --restore {site}"}
    write_text_atomically(path, json.dumps(doc, indent=2))
    return path


def clear_marker(db_path: Path) -> bool:
    try:
        marker_path(db_path).unlink()
        return True
    except FileNotFoundError:
        return False


def refusal_message(db_path: Path, marker: dict[str, Any]) -> str:
    site = str(marker.get("site") or db_path.stem)
    problems = marker.get("problems") or []
    first = f": {problems[0]}" if problems else ""
    detected = f" (detected {marker['detected']})" if marker.get("detected") else ""
    return (f"site database {db_path} is corrupt{detected}{first}; ingestion of site {site} is refused. "
            f"Restore a backup with `statetrace-cli maintain --restore {site}` (or the Maintenance tab), "
            f"then ingest again")


def assert_writable(db_path: Path | None) -> None:
    """Raise CorruptDatabase (a StoreError) when maintenance marked the database corrupt.

    Cheap (one stat when healthy); call it after taking the writer lock and before opening the store.
    `None` (a server backend without a file) always passes.
    """
    if db_path is None or not os.path.exists(marker_path(db_path)):  # a stat, no exception when healthy
        return
    marker = read_marker(db_path)
    if marker is not None:
        raise CorruptDatabase(refusal_message(db_path, marker))
