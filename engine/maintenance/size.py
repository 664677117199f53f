"""Size and growth per site against warning/critical thresholds; emits the `DatabaseSize` event.

Growth is measured against the previous run's size (kept in the maintenance state), and Access files
are held to their own 2 GB ceiling whatever the settings say: warn at 1,500 MB as the legacy health
check did. Critical counts as a failure so the nightly run raises an alert before the limit is hit.
"""

from __future__ import annotations

import time
from datetime import datetime

from engine.console import human_bytes
from engine.maintenance.context import SiteContext
from engine.maintenance.report import BUSY, CRITICAL, FAILED, OK, SKIPPED, WARNING, StepResult
from engine.settings import MaintenanceSettings
from engine.store.backends import SpaceInfo, Unsupported
from engine.store.backends.access import ACCESS_CRITICAL_BYTES, ACCESS_WARN_BYTES
from engine.store.base import StoreBusy, StoreError


def thresholds(backend: str, settings: MaintenanceSettings) -> tuple[int, int]:
    warn, critical = settings.SizeWarningBytes, settings.SizeCriticalBytes
    if backend == "access":
        warn, critical = min(warn, ACCESS_WARN_BYTES), min(critical, ACCESS_CRITICAL_BYTES)
    return warn, critical


def level_of(size: int, warn: int, critical: int) -> str:
    if critical and size >= critical:
        return CRITICAL
    if warn and size >= warn:
        return WARNING
    return OK


def growth_since_last(sizes: list[list[object]], size: int) -> tuple[int | None, str]:
    """(bytes grown since the previous recorded size, when that was)."""
    if not sizes:
        return None, ""
    last = sizes[-1]
    try:
        return size - int(str(last[1])), str(last[0])
    except (IndexError, ValueError):
        return None, ""


def run_size(ctx: SiteContext) -> StepResult:
    t0 = time.perf_counter()
    try:
        space: SpaceInfo = ctx.backend.space(ctx.target)
    except StoreBusy as exc:
        return StepResult(ctx.site, "size", BUSY, f"busy, retried next run: {exc}", time.perf_counter() - t0)
    except Unsupported as exc:
        return StepResult(ctx.site, "size", SKIPPED, str(exc), time.perf_counter() - t0)
    except (StoreError, OSError) as exc:
        if ctx.target.path is None or not ctx.target.path.is_file():
            return StepResult(ctx.site, "size", FAILED, f"size unknown: {exc}", time.perf_counter() - t0)
        space = SpaceInfo(ctx.target.path.stat().st_size)  # an unreadable file still has a size
    warn, critical = thresholds(ctx.backend.name, ctx.settings)
    level = level_of(space.size_bytes, warn, critical)
    previous = ctx.state.site(ctx.site).get("sizes") or []
    growth, since = growth_since_last(previous, space.size_bytes)
    now: datetime = ctx.now()
    ctx.state.update(ctx.site, "sizes", [now.isoformat(timespec="seconds"), space.size_bytes])
    ratio = space.free_ratio
    ctx.telemetry.emit("DatabaseSize", Site=ctx.site, Database=ctx.target.label, Backend=ctx.backend.name,
                       SizeBytes=space.size_bytes, FreeBytes=space.free_page_bytes,
                       FreeRatio=round(ratio, 4) if ratio is not None else None,
                       GrowthBytes=growth, Level={OK: "Ok", WARNING: "Warning", CRITICAL: "Critical"}[level],
                       WarningBytes=warn, CriticalBytes=critical)
    grown = f", {'+' if (growth or 0) >= 0 else '-'}{human_bytes(abs(growth))} since {since}" \
        if growth is not None else ""
    free = f", {ratio:.1%} free pages" if ratio is not None else ""
    text = f"size {human_bytes(space.size_bytes)}{grown}{free}"  # the one unit convention (1000-based, as the GUI)
    if level != OK:
        limit = critical if level == CRITICAL else warn
        text += f" - {level.upper()}: at or above {human_bytes(limit)}"
    return StepResult(ctx.site, "size", level, text, time.perf_counter() - t0,
                      {"bytes": space.size_bytes, "growth_bytes": growth, "free_ratio": ratio})
