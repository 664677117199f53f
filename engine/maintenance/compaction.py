"""Compaction: only when it pays, only with a verified backup first, bytes before and after.

"Pays" means the reclaimable share of the file reaches `CompactFreeRatio` and the file is at least
`CompactMinBytes`; backends that cannot tell their free space (Access) fall back to the size test
alone. The backup taken earlier in the run is reused; without one, compaction makes its own and is
refused when there is no room for it (rewriting a database without a way back is not an option).
VACUUM also needs room for a rewritten copy beside the file, which is checked too.
"""

from __future__ import annotations

import time

from engine.console import human_bytes
from engine.maintenance.backup import BackupError, apply_retention, make_backup, restore_database
from engine.maintenance.context import SiteContext
from engine.maintenance.report import BUSY, FAILED, OK, REFUSED, SKIPPED, StepResult
from engine.settings import MaintenanceSettings
from engine.store.backends import SpaceInfo, Unsupported
from engine.store.base import StoreBusy, StoreError


def pays(space: SpaceInfo, settings: MaintenanceSettings) -> tuple[bool, str]:
    """Whether compaction is worth it, and the reason in words for the log."""
    if space.size_bytes < settings.CompactMinBytes:
        return False, (f"{human_bytes(space.size_bytes)} is below CompactMinBytes "
                       f"({human_bytes(settings.CompactMinBytes)})")
    ratio = space.reclaimable_ratio
    if ratio is None:
        return True, f"{human_bytes(space.size_bytes)} >= CompactMinBytes (free space unknown for this backend)"
    if ratio < settings.CompactFreeRatio:
        return False, f"only {ratio:.1%} reclaimable (CompactFreeRatio {settings.CompactFreeRatio:.0%})"
    return True, f"{ratio:.1%} reclaimable ({human_bytes(space.reclaimable_bytes or 0)})"


def run_compaction(ctx: SiteContext) -> StepResult:
    t0 = time.perf_counter()

    def result(status: str, message: str, **details: object) -> StepResult:
        return StepResult(ctx.site, "compact", status, message, time.perf_counter() - t0, dict(details))

    unavailable = ctx.backend.compact_unavailable()
    if unavailable:
        return result(SKIPPED, unavailable)
    try:
        before = ctx.backend.space(ctx.target, thorough=True)
    except StoreBusy as exc:
        return result(BUSY, f"busy, retried next run: {exc}")
    except (StoreError, OSError) as exc:
        return result(FAILED, f"cannot measure the database: {exc}")
    worth, why = pays(before, ctx.settings)
    if not worth and not ctx.force_compact:
        return result(SKIPPED, f"not needed: {why}", bytes_before=before.size_bytes)
    backup = ctx.fresh_backup
    if ctx.target.path is not None:
        if ctx.backup_failed:
            return result(REFUSED, f"compaction refused: no backup ({ctx.backup_failed})")
        if backup is None:
            try:
                backup, _ = make_backup(ctx.workspace, ctx.target, ctx.backend, ctx.now(), ctx.free_bytes)
            except BackupError as exc:
                return result(REFUSED, f"compaction refused: {exc}")
            except StoreBusy as exc:
                return result(BUSY, f"busy, retried next run: {exc}")
            except (StoreError, OSError) as exc:
                return result(REFUSED, f"compaction refused: backup failed ({exc})")
            ctx.fresh_backup = backup
            apply_retention(ctx.workspace, ctx.site, ctx.settings.BackupRetentionCount)
        free = ctx.free_bytes(ctx.target.path.parent)
        if free < before.size_bytes:
            return result(REFUSED, f"compaction refused: needs {human_bytes(before.size_bytes)} free beside "
                                   f"the database for the rewritten copy, {human_bytes(free)} free")
    c0 = time.perf_counter()
    try:
        ctx.backend.compact(ctx.target, backup)
    except Unsupported as exc:
        return result(SKIPPED, str(exc))
    except StoreBusy as exc:
        return result(BUSY, f"busy, retried next run: {exc}")
    except (StoreError, OSError) as exc:
        return result(FAILED, f"compaction failed: {exc}")
    compact_seconds = time.perf_counter() - c0
    after = ctx.backend.space(ctx.target)
    if ctx.target.path is not None:
        problems = ctx.backend.integrity(ctx.target, quick=True)
        if problems and backup is not None:
            restore_database(ctx.target, backup, ctx.now(), ctx.backend)
            return result(FAILED, f"compacted file failed its check ({problems[0]}); restored {backup.name}")
    saved = before.size_bytes - after.size_bytes
    gb = before.size_bytes / 1e9
    details = {"bytes_before": before.size_bytes, "bytes_after": after.size_bytes, "bytes_saved": saved,
               "compact_seconds": round(compact_seconds, 3),
               "seconds_per_gb": round(compact_seconds / gb, 3) if gb > 0 else 0.0, "reason": why}
    ctx.state.update(ctx.site, "compaction", {"at": ctx.now().isoformat(timespec="seconds"),
                                              "bytes_before": before.size_bytes,
                                              "bytes_after": after.size_bytes})
    pct = saved / before.size_bytes if before.size_bytes else 0.0
    return result(OK, f"compacted {before.size_bytes / 1048576:.2f} MB -> {after.size_bytes / 1048576:.2f} MB "
                      f"({pct:.1%} smaller) in {compact_seconds:.1f} s; {why}", **details)
