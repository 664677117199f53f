"""Verified backups with rolling retention, and restore.

`data/Backups/<Site>/<Site>_<yyyyMMdd-HHmmss>.<ext>`, one folder per site, written under the site's
writer lock (SQLite: online backup API; Access: file copy) and verified by opening the copy and
running the integrity check on it. A copy that fails verification is deleted at once, so retention
only ever sees verified copies; `backups.json` in the folder records which files were verified,
and retention keeps the newest `BackupRetentionCount` plus, always, the newest verified one.
Site discovery never looks inside data/Backups, so backups are never backed up.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.console import human_bytes
from engine.files import write_text_atomically
from engine.maintenance.context import SiteContext
from engine.maintenance.guard import clear_marker
from engine.maintenance.report import FAILED, OK, REFUSED, SKIPPED, StepResult
from engine.sites import safe_file_name
from engine.store.backends import Backend, SiteTarget, Unsupported
from engine.store.base import StoreError
from engine.workspace import Workspace

MANIFEST = "backups.json"
_NAME = re.compile(r"^(?P<site>.+)_(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?(?P<ext>\.[A-Za-z0-9]+)$")


class BackupError(StoreError):
    pass


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    stamp: str  # yyyyMMdd-HHmmss
    seq: int
    verified: bool | None  # None: not recorded (made by hand or by an older version)

    @property
    def created(self) -> datetime:
        return datetime.strptime(self.stamp, "%Y%m%d-%H%M%S")


def site_backup_dir(workspace: Workspace, site: str) -> Path:
    return workspace.backups_dir / safe_file_name(site)


def _load_manifest(folder: Path) -> dict[str, Any]:
    try:
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _save_manifest(folder: Path, doc: dict[str, Any]) -> None:
    write_text_atomically(folder / MANIFEST, json.dumps(doc, indent=1, sort_keys=True))


def list_backups(workspace: Workspace, site: str, suffix: str | None = None) -> list[BackupFile]:
    """The site's backups, newest first."""
    folder = site_backup_dir(workspace, site)
    if not folder.is_dir():
        return []
    manifest = _load_manifest(folder)
    prefix = safe_file_name(site)
    out: list[BackupFile] = []
    for path in folder.iterdir():
        m = _NAME.match(path.name)
        if not m or m.group("site") != prefix or not path.is_file():
            continue
        if suffix and m.group("ext").lower() != suffix.lower():
            continue
        entry = manifest.get(path.name)
        verified = bool(entry.get("verified")) if isinstance(entry, dict) else None
        out.append(BackupFile(path, m.group("stamp"), int(m.group("n") or 0), verified))
    out.sort(key=lambda b: (b.stamp, b.seq), reverse=True)
    return out


def _new_backup_path(folder: Path, site: str, suffix: str, moment: datetime) -> Path:
    base = f"{safe_file_name(site)}_{moment:%Y%m%d-%H%M%S}"
    path = folder / f"{base}{suffix}"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}{suffix}"
    return path


def apply_retention(workspace: Workspace, site: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups; the newest verified backup always survives."""
    backups = list_backups(workspace, site)
    kept = {b.path for b in backups[:max(keep, 1)]}
    newest_good = next((b for b in backups if b.verified), None)
    if newest_good is not None:
        kept.add(newest_good.path)
    removed: list[Path] = []
    for b in backups:
        if b.path not in kept:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                continue
    if removed:
        folder = site_backup_dir(workspace, site)
        manifest = _load_manifest(folder)
        for path in removed:
            manifest.pop(path.name, None)
        with contextlib.suppress(OSError):
            _save_manifest(folder, manifest)
    return removed


def make_backup(workspace: Workspace, target: SiteTarget, backend: Backend,
                moment: datetime, free_bytes: Any = None) -> tuple[Path, int]:
    """Copy, verify and record one backup; returns (path, bytes). Raises BackupError when there is no
    room for it or the copy does not verify (the bad copy is removed)."""
    if target.path is not None:
        suffix = target.path.suffix
    else:  # a server's site: the backend names its dump format (Unsupported when it has none)
        suffix_of = getattr(backend, "backup_suffix", None)
        if suffix_of is None:
            raise Unsupported(f"{backend.name}: no backup of a server site")
        suffix = str(suffix_of())
    folder = site_backup_dir(workspace, target.site)
    folder.mkdir(parents=True, exist_ok=True)
    size = backend.space(target).size_bytes
    if free_bytes is not None:
        free = int(free_bytes(folder))
        if free < size:
            raise BackupError(f"no disk space for a backup of {target.label}: needs {human_bytes(size)}, "
                              f"{human_bytes(free)} free in {folder}")
    dest = _new_backup_path(folder, target.site, suffix, moment)
    tmp = dest.with_name(dest.name + ".partial")
    for stale in folder.glob("*.partial"):  # left by a killed backup (this site's lock is held)
        with contextlib.suppress(OSError):
            stale.unlink()
    try:
        made = backend.backup(target, tmp)  # servers name the format they wrote
        if isinstance(made, str) and made and made != suffix:
            dest = _new_backup_path(folder, target.site, made, moment)
        problems = backend.verify_copy(tmp)
        if problems:
            raise BackupError(f"backup copy failed verification: {problems[0]}")
        if os.name == "posix":
            os.chmod(tmp, 0o600)
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    manifest = _load_manifest(folder)
    written = dest.stat().st_size
    manifest[dest.name] = {"verified": True, "at": moment.isoformat(timespec="seconds"), "bytes": written,
                           "source": target.label}
    _save_manifest(folder, manifest)
    return dest, written


def run_backup(ctx: SiteContext) -> StepResult:
    t0 = time.perf_counter()
    try:
        dest, written = make_backup(ctx.workspace, ctx.target, ctx.backend, ctx.now(), ctx.free_bytes)
    except Unsupported as exc:
        return StepResult(ctx.site, "backup", SKIPPED, str(exc), time.perf_counter() - t0)
    except BackupError as exc:
        ctx.backup_failed = str(exc)
        status = REFUSED if "no disk space" in str(exc) else FAILED
        return StepResult(ctx.site, "backup", status, str(exc), time.perf_counter() - t0)
    except (StoreError, OSError) as exc:
        ctx.backup_failed = str(exc)
        return StepResult(ctx.site, "backup", FAILED, f"backup failed: {exc}", time.perf_counter() - t0)
    ctx.fresh_backup = dest
    removed = apply_retention(ctx.workspace, ctx.site, ctx.settings.BackupRetentionCount)
    ctx.state.update(ctx.site, "backup", {"at": ctx.now().isoformat(timespec="seconds"), "file": str(dest),
                                          "bytes": written})
    extra = f"; retention removed {len(removed)} old backup(s)" if removed else ""
    return StepResult(ctx.site, "backup", OK,
                      f"backed up to {dest} ({written / 1048576:.2f} MB), verified{extra}",
                      time.perf_counter() - t0,
                      {"file": str(dest), "bytes": written, "removed": [p.name for p in removed]})


def choose_backup(workspace: Workspace, site: str, backend: Backend, suffix: str,
                  explicit: Path | None = None) -> Path:
    """The backup to restore: the given file, else the newest one that verifies now."""
    if explicit is not None:
        candidates = [explicit, site_backup_dir(workspace, site) / explicit.name]
        path = next((p for p in candidates if p.is_file()), None)
        if path is None:
            raise BackupError(f"backup {explicit} not found")
        problems = backend.verify_copy(path)
        if problems:
            raise BackupError(f"backup {path.name} does not verify: {problems[0]}")
        return path
    tried: list[str] = []
    for b in list_backups(workspace, site, suffix):
        if b.verified is False:
            continue
        problems = backend.verify_copy(b.path)
        if not problems:
            return b.path
        tried.append(f"{b.path.name}: {problems[0]}")
    detail = f" ({'; '.join(tried[:3])})" if tried else ""
    raise BackupError(f"no verified backup of site {site} to restore{detail}")


def restore_database(target: SiteTarget, backup: Path, moment: datetime,
                     backend: Backend | None = None) -> Path | None:
    """Put `backup` in place of the site database (caller holds the writer lock).

    The current file (with its -wal) is first kept as `<db>.replaced-<stamp>` for inspection, never
    deleted, and the backup itself stays where it is. When the backend can restore in place (SQLite's
    backup API into the live file), open connections of other processes see the restored content;
    otherwise (or when the file is too damaged to open) the files are swapped, moving the stale
    -wal/-shm aside too, since SQLite would replay an old WAL into the restored file.
    Returns the set-aside path, if there was a database.
    """
    assert target.path is not None
    db = target.path
    db.parent.mkdir(parents=True, exist_ok=True)
    aside: Path | None = None
    if db.exists():
        aside = db.with_name(f"{db.name}.replaced-{moment:%Y%m%d-%H%M%S}")
        shutil.copy2(db, aside)
        wal = db.with_name(db.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, aside.with_name(aside.name + "-wal"))
        in_place = getattr(backend, "restore_in_place", None)
        if in_place is not None and not _header_damaged(db):
            try:
                in_place(target, backup)
                if backend is not None and not backend.integrity(target, quick=True):
                    clear_marker(db)
                    return aside
            except (StoreError, OSError):
                pass  # fall back to swapping the files
    tmp = db.with_name(db.name + ".restore-tmp")
    shutil.copy2(backup, tmp)
    for extra in ("-wal", "-shm", "-journal"):
        side = db.with_name(db.name + extra)
        if side.exists():
            side.unlink()
    os.replace(tmp, db)
    clear_marker(db)
    return aside


def _header_damaged(db: Path) -> bool:
    from engine.store.sqlite_file import sqlite_header_problems

    if db.suffix != ".sqlite":
        return True
    problems = sqlite_header_problems(db)
    return any("header" in p for p in problems)
