"""Integrity check; a corrupt database is marked (`<db>.corrupt`) so ingestion refuses it.

Detection covers what SQLite reports (`PRAGMA integrity_check` or `quick_check`) and what it may not
(wrong header, a file truncated mid-page or shorter than its header says). A clean check clears an
old marker, which is how a database repaired or restored by hand becomes writable again.
"""

from __future__ import annotations

import time

from engine.maintenance.context import SiteContext
from engine.maintenance.guard import clear_marker, write_marker
from engine.maintenance.report import BUSY, CORRUPT, OK, SKIPPED, StepResult
from engine.store.backends import Unsupported
from engine.store.base import StoreBusy, StoreError


def run_integrity(ctx: SiteContext) -> StepResult:
    t0 = time.perf_counter()
    kind = "quick_check" if ctx.quick_check else "integrity_check"
    try:
        problems = ctx.backend.integrity(ctx.target, quick=ctx.quick_check)
    except Unsupported as exc:
        return StepResult(ctx.site, "integrity", SKIPPED, str(exc), time.perf_counter() - t0)
    except StoreBusy as exc:
        return StepResult(ctx.site, "integrity", BUSY, f"busy, retried next run: {exc}", time.perf_counter() - t0)
    except (StoreError, OSError) as exc:
        problems = [str(exc)]
    at = ctx.now().isoformat(timespec="seconds")
    if problems:
        if ctx.target.path is not None:
            write_marker(ctx.target.path, ctx.site, problems)
        ctx.state.update(ctx.site, "integrity", {"at": at, "ok": False, "problems": problems[:5], "check": kind})
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        return StepResult(ctx.site, "integrity", CORRUPT,
                          f"CORRUPT: {problems[0]}{more}; ingestion of this site is refused until restored: "
                          f"statetrace-cli maintain --restore {ctx.site}", time.perf_counter() - t0,
                          {"problems": problems[:20], "check": kind})
    cleared = ctx.target.path is not None and clear_marker(ctx.target.path)
    ctx.state.update(ctx.site, "integrity", {"at": at, "ok": True, "check": kind})
    return StepResult(ctx.site, "integrity", OK, f"{kind} ok" + ("; corrupt marker cleared" if cleared else ""),
                      time.perf_counter() - t0, {"check": kind})
