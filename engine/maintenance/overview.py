"""One row per site for the Maintenance tab: size, growth, free pages, last backup/compaction, index
and integrity status, from a cheap look at the file plus the recorded maintenance state (no checks run)."""

from __future__ import annotations

from typing import Any

from engine.maintenance.backup import list_backups
from engine.maintenance.guard import read_marker
from engine.maintenance.runner import discover_targets, workspace_backends
from engine.maintenance.state import MaintenanceState
from engine.store.backends import Backend
from engine.store.base import StoreError
from engine.workspace import Workspace


def site_overview(workspace: Workspace, backends: dict[str, Backend] | None = None
                  ) -> list[dict[str, Any]]:
    chosen = backends or workspace_backends(workspace)  # the workspace's own store (PostgreSQL sites too)
    state = MaintenanceState(workspace.maintenance_log_dir / "state.json").load()
    rows: list[dict[str, Any]] = []
    for target in discover_targets(workspace, chosen):
        backend = chosen[target.backend]
        size: int | None = None
        free_ratio: float | None = None
        try:
            space = backend.space(target)
            size, free_ratio = space.size_bytes, space.free_ratio
        except (StoreError, OSError):
            if target.path is not None and target.path.is_file():
                size = target.path.stat().st_size
        entry = state.get(target.site) or {}
        sizes = entry.get("sizes") or []
        growth = size - int(sizes[-1][1]) if size is not None and sizes else None
        backups = list_backups(workspace, target.site)
        audit = entry.get("audit") or {}
        integrity = entry.get("integrity") or {}
        marker = read_marker(target.path) if target.path is not None else None
        if marker is not None:
            integrity_text = "CORRUPT"
        elif integrity:
            integrity_text = f"{'ok' if integrity.get('ok') else 'CORRUPT'} ({integrity.get('at', '')[:16]})"
        else:
            integrity_text = "never checked"
        if audit:
            missing = audit.get("missing") or []
            index_text = (f"{len(missing)} missing" if missing else "complete") + f" ({audit.get('at', '')[:16]})"
        else:
            index_text = "never audited"
        compaction = entry.get("compaction") or {}
        rows.append({
            "site": target.site, "database": target.label, "backend": target.backend, "size": size,
            "growth": growth, "free_ratio": free_ratio,
            "last_backup": backups[0].created.isoformat(sep=" ") if backups else "",
            "backups": len(backups),
            "last_compaction": str(compaction.get("at", "")).replace("T", " "),
            "compaction_saved": (int(compaction["bytes_before"]) - int(compaction["bytes_after"]))
            if compaction.get("bytes_before") is not None and compaction.get("bytes_after") is not None else None,
            "indexes": index_text, "integrity": integrity_text, "corrupt": marker is not None,
        })
    return rows
