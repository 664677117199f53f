"""The source files a site was ingested from: "Ingest again" re-reads exactly those.

The workspace's file index (written by every run, GUI or CLI) knows them across sessions; the files
seen in this session add what the index does not have yet. Runs on a pool thread (the index can be
megabytes, and each file is checked on disk).
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.ingest import file_index
from engine.workspace import Workspace


def site_sources(workspace: Workspace, site: str, session: set[str]) -> tuple[list[Path], int]:
    """(existing source files of `site`, how many known ones are gone); archives are named as the archive."""
    wanted = site.lower()
    found = set(session)
    for key, entry in file_index.load(workspace.data).items():
        hosts = entry.get("hosts") if isinstance(entry, dict) else None
        if hosts and any(len(h) > 1 and str(h[1]).lower() == wanted for h in hosts):
            found.add(key.split("!", 1)[0])
    present = sorted(p for p in found if os.path.isfile(p))
    return [Path(p) for p in present], len(found) - len(present)
