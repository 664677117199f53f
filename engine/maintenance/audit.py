"""Index audit: every index the store's dialect has (`schema.indexes_for`) checked by table + columns (not by name, as legacy did),
missing ones rebuilt, all findings in `logs/Maintenance/<yyyyMMdd-HHmmss>-index-audit.csv` with the
legacy columns Database, Table, ExpectedIndex, ExpectedColumns, Status.

Status is Present, Rebuilt, Missing (rebuild failed; the reason goes to the log) or TableMissing.
"""

from __future__ import annotations

import csv
import dataclasses
import time
from pathlib import Path

from engine.locks import FileLock
from engine.maintenance.context import SiteContext
from engine.maintenance.report import BUSY, FAILED, OK, SKIPPED, WARNING, StepResult
from engine.store.backends import Unsupported
from engine.store.base import StoreBusy, StoreError
from engine.store.schema import Index, indexes_for

CSV_COLUMNS = ("Database", "Table", "ExpectedIndex", "ExpectedColumns", "Status")


def audit_csv_path(log_dir: Path, run_id: str) -> Path:
    return log_dir / f"{run_id}-index-audit.csv"


def append_rows(path: Path, rows: list[tuple[str, str, str, str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(path.with_name(path.name + ".lock"), timeout=10):
        new = not path.exists()
        with open(path, "a", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            if new:
                writer.writerow(CSV_COLUMNS)
            writer.writerows(rows)


def run_audit(ctx: SiteContext) -> StepResult:
    t0 = time.perf_counter()
    try:
        tables, existing = ctx.backend.indexes(ctx.target)
    except Unsupported as exc:
        return StepResult(ctx.site, "audit", SKIPPED, str(exc), time.perf_counter() - t0)
    except StoreBusy as exc:
        return StepResult(ctx.site, "audit", BUSY, f"busy, retried next run: {exc}", time.perf_counter() - t0)
    except (StoreError, OSError) as exc:
        return StepResult(ctx.site, "audit", FAILED, f"index audit failed: {exc}", time.perf_counter() - t0)
    expected = indexes_for(ctx.backend.dialect.name)
    rows: list[tuple[str, str, str, str, str]] = []
    rebuilt: list[str] = []
    missing: list[str] = []
    broken: list[str] = []
    for index in expected:
        key = (index.table, tuple(c.lower() for c in index.columns))
        if index.table not in tables:
            status = "TableMissing"
            missing.append(index.name)
        elif key in existing:
            status = "Present"
        else:
            error = _rebuild(ctx, index)
            if error:
                status = "Missing"
                missing.append(index.name)
                broken.append(index.name)
                ctx.say(f"index {index.name} could not be rebuilt: {error}")
            else:
                status = "Rebuilt"
                rebuilt.append(index.name)
        rows.append((ctx.target.label, index.table, index.name, ",".join(index.columns), status))
    csv_path = audit_csv_path(ctx.workspace.maintenance_log_dir, ctx.run_id)
    try:
        append_rows(csv_path, rows)
    except OSError as exc:
        ctx.say(f"index audit report not written: {exc}")
    ctx.state.update(ctx.site, "audit", {"at": ctx.now().isoformat(timespec="seconds"), "missing": missing,
                                         "rebuilt": rebuilt, "report": str(csv_path)})
    details = {"report": str(csv_path), "rebuilt": rebuilt, "missing": missing}
    present = len(expected) - len(rebuilt) - len(missing)
    if missing:
        return StepResult(ctx.site, "audit", FAILED if broken else WARNING,
                          f"indexes: {present} present, {len(rebuilt)} rebuilt, {len(missing)} missing "
                          f"({', '.join(missing)})", time.perf_counter() - t0, details)
    tail = f", rebuilt {', '.join(rebuilt)}" if rebuilt else ""
    return StepResult(ctx.site, "audit", OK, f"indexes: {present} of {len(expected)} present{tail}",
                      time.perf_counter() - t0, details)


def _rebuild(ctx: SiteContext, index: Index) -> str:
    """Create the index; a UNIQUE one that duplicates prevent falls back to a plain index (as the
    schema creation does), so lookups are fast again even before the duplicates are cleaned."""
    try:
        ctx.backend.create_index(ctx.target, index)
        return ""
    except (StoreError, OSError) as exc:
        if not index.unique:
            return str(exc)
        try:
            ctx.backend.create_index(ctx.target, dataclasses.replace(index, unique=False))
            return ""
        except (StoreError, OSError) as exc2:
            return str(exc2)
