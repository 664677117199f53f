"""Runs the maintenance steps site by site, each site under its writer lock, and records the result.

Order per site: integrity (a corrupt file stops the rest, so no corrupt copy displaces a good
backup), backup, compaction (reuses that backup), index audit, size. A site whose writer keeps the
lock past `LockTimeoutSeconds` is put back and tried once more after the other sites; if still busy
it is reported "busy, retried next run". Every step becomes one log line and one `MaintenanceRun`
telemetry event; failures also emit `MaintenanceFailure`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from engine.maintenance.audit import audit_csv_path, run_audit
from engine.maintenance.backup import (
    BackupError,
    choose_backup,
    list_backups,
    restore_database,
    run_backup,
    site_backup_dir,
)
from engine.maintenance.compaction import run_compaction
from engine.maintenance.context import SiteContext, disk_free
from engine.maintenance.coordination import SiteBusy, site_lock
from engine.maintenance.guard import read_marker
from engine.maintenance.integrity import run_integrity
from engine.maintenance.log import MaintenanceLog
from engine.maintenance.report import (
    BUSY,
    CORRUPT,
    FAILED,
    OK,
    SKIPPED,
    STEPS,
    RunReport,
    SiteReport,
    StepResult,
)
from engine.maintenance.size import run_size
from engine.maintenance.state import MaintenanceState
from engine.settings import MaintenanceSettings, Settings, SettingsError
from engine.store.backends import Backend, SiteTarget, maintenance_backends
from engine.store.base import StoreBusy, StoreError
from engine.telemetry import Telemetry
from engine.workspace import Workspace

USER_STEPS = ("backup", "compact", "audit", "integrity")  # what the CLI flags and tab buttons select


@dataclass(slots=True)
class Progress:
    site: str
    site_index: int  # 0-based
    site_count: int
    step: str  # the step about to run, or "done"
    steps_done: int
    steps_total: int
    status: str = ""  # the site's status once step == "done"

    @property
    def fraction(self) -> float:
        return self.steps_done / self.steps_total if self.steps_total else 1.0


@dataclass(slots=True)
class MaintenanceOptions:
    steps: tuple[str, ...] = USER_STEPS
    sites: list[str] | None = None  # None: every site
    quick_check: bool = False
    force_compact: bool = False
    lock_timeout: float | None = None  # None: MaintenanceSettings.LockTimeoutSeconds
    retry_busy: bool = True
    progress: Callable[[Progress], None] | None = None
    free_bytes: Callable[[Path], int] = disk_free
    backends: dict[str, Backend] | None = None
    settings: MaintenanceSettings | None = None
    telemetry: Telemetry | None = None
    now: Callable[[], datetime] = field(default=datetime.now)


def load_settings(workspace: Workspace) -> MaintenanceSettings:
    try:
        return Settings.load(workspace.settings_path).maintenance
    except SettingsError:
        return MaintenanceSettings()


def workspace_backends(workspace: Workspace) -> dict[str, Backend]:
    """The backends of the workspace's own store (settings `Store`), then the file backends."""
    from engine.store import StoreConfig, config_from_settings

    try:
        config = config_from_settings(Settings.load(workspace.settings_path).store)
    except SettingsError:
        config = StoreConfig()
    return maintenance_backends(config)


def discover_targets(workspace: Workspace, backends: dict[str, Backend]) -> list[SiteTarget]:
    """The sites each backend holds (file databases in data/, never under data/Backups; the sites a
    server lists); the first backend naming a site wins."""
    targets: dict[str, SiteTarget] = {}
    for backend in backends.values():
        try:
            entries = backend.sites(workspace)
        except StoreError:
            continue  # an unreachable server lists nothing (the CLI says so once, before it starts)
        for entry in entries:
            targets.setdefault(entry.site.lower(), SiteTarget(entry.site, backend.name, entry.path))
    return sorted(targets.values(), key=lambda t: t.site.lower())


def ordered_steps(steps: tuple[str, ...]) -> tuple[str, ...]:
    wanted = set(steps) | {"size"}
    return tuple(s for s in STEPS if s in wanted)


class _Run:
    def __init__(self, workspace: Workspace, options: MaintenanceOptions) -> None:
        self.workspace = workspace
        self.options = options
        self.settings = options.settings or load_settings(workspace)
        self.backends = options.backends or workspace_backends(workspace)
        self.telemetry = options.telemetry or Telemetry(workspace.metrics_dir)
        self.owns_telemetry = options.telemetry is None
        self.log = MaintenanceLog(workspace.maintenance_log_dir)
        self.state = MaintenanceState(workspace.maintenance_log_dir / "state.json")
        self.steps = ordered_steps(options.steps)
        started = options.now()
        self.report = RunReport(started.strftime("%Y%m%d-%H%M%S"), self.steps)
        self.timeout = (options.lock_timeout if options.lock_timeout is not None
                        else self.settings.LockTimeoutSeconds)

    def targets(self) -> list[SiteTarget]:
        found = discover_targets(self.workspace, self.backends)
        if self.options.sites is None:
            return found
        by_name = {t.site.lower(): t for t in found}
        out: list[SiteTarget] = []
        for name in self.options.sites:
            target = by_name.get(name.lower())
            if target is None:
                raise StoreError(f"no database for site {name!r} in {self.workspace.data}")
            out.append(target)
        return out

    def run(self) -> RunReport:
        t0 = time.perf_counter()
        targets = self.targets()
        self.log.write(f"run {self.report.run_id} started: {len(targets)} site(s) "
                       f"[{', '.join(t.site for t in targets)}], steps {','.join(self.steps)}")
        reports: dict[str, SiteReport] = {}
        busy: list[tuple[int, SiteTarget]] = []
        for i, target in enumerate(targets):
            report = self.site(target, i, len(targets))
            if report is None:
                busy.append((i, target))
                self.log.write(f"{target.site}: writer busy, trying again after the other sites")
            else:
                reports[target.site] = report
        for i, target in busy:
            report = self.site(target, i, len(targets)) if self.options.retry_busy else None
            if report is None:
                report = SiteReport(target.site, target.label, target.backend, [
                    self.record(target, StepResult(target.site, step, BUSY,
                                                   f"busy, retried next run: writer lock held for more than "
                                                   f"{self.timeout:g} s", 0.0))
                    for step in self.steps])
                self.progress(target, i, len(targets), "done", len(self.steps), report.status)
            reports[target.site] = report
        self.report.sites = [reports[t.site] for t in targets]
        self.report.seconds = time.perf_counter() - t0
        csv_path = audit_csv_path(self.workspace.maintenance_log_dir, self.report.run_id)
        self.report.audit_csv = str(csv_path) if csv_path.exists() else ""
        counts = ", ".join(f"{n} {s}" for s, n in sorted(self.report.counts().items()))
        self.log.write(f"run {self.report.run_id} finished: {self.report.result} ({len(targets)} site(s), "
                       f"{counts or 'nothing to do'}) in {self.report.seconds:.1f} s")
        self.telemetry.emit("MaintenanceRun", Step="Run", RunId=self.report.run_id, Status=self.report.result,
                            Sites=len(targets), DurationMs=round(self.report.seconds * 1000),
                            Counts=self.report.counts())
        if self.owns_telemetry:
            self.telemetry.close()
        else:
            self.telemetry.flush()
        return self.report

    def progress(self, target: SiteTarget, index: int, count: int, step: str, done: int, status: str = "") -> None:
        if self.options.progress:
            self.options.progress(Progress(target.site, index, count, step, done, len(self.steps), status))

    def site(self, target: SiteTarget, index: int, count: int) -> SiteReport | None:
        """One site's steps under its lock; None when the writer lock stayed busy."""
        backend = self.backends[target.backend]
        ctx = SiteContext(self.workspace, target, backend, self.settings, self.report.run_id, self.log,
                          self.state, self.telemetry, free_bytes=self.options.free_bytes, now=self.options.now,
                          quick_check=self.options.quick_check, force_compact=self.options.force_compact)
        report = SiteReport(target.site, target.label, target.backend)
        self.progress(target, index, count, "lock", 0)
        try:
            with site_lock(target.path, self.timeout):
                self.steps_of(ctx, report, index, count)
        except SiteBusy:
            if report.steps:
                raise
            return None
        self.progress(target, index, count, "done", len(self.steps), report.status)
        return report

    def steps_of(self, ctx: SiteContext, report: SiteReport, index: int, count: int) -> None:
        target = ctx.target
        corrupt = ""
        marker = read_marker(target.path) if target.path is not None else None
        if marker is not None and "integrity" not in self.steps:
            corrupt = "marked corrupt" + (f" since {marker['detected']}" if marker.get("detected") else "")
            report.steps.append(self.record(target, StepResult(
                target.site, "integrity", CORRUPT,
                f"{corrupt}; restore with statetrace-cli maintain --restore {target.site}")))
        for n, step in enumerate(self.steps):
            self.progress(target, index, count, step, n)
            if corrupt and step in ("backup", "compact", "audit"):
                result = StepResult(target.site, step, SKIPPED, f"skipped: database is {corrupt}; backups untouched")
            elif target.path is not None and not target.path.exists():
                result = StepResult(target.site, step, FAILED, f"{target.path} disappeared")
            else:
                result = self.run_step(step, ctx)
            report.steps.append(self.record(target, result))
            if step == "integrity" and result.status == CORRUPT:
                corrupt = "corrupt"

    @staticmethod
    def run_step(step: str, ctx: SiteContext) -> StepResult:
        funcs: dict[str, Callable[[SiteContext], StepResult]] = {
            "integrity": run_integrity, "backup": run_backup, "compact": run_compaction,
            "audit": run_audit, "size": run_size}
        t0 = time.perf_counter()
        try:
            return funcs[step](ctx)
        except StoreBusy as exc:
            return StepResult(ctx.site, step, BUSY, f"busy, retried next run: {exc}", time.perf_counter() - t0)
        except (StoreError, OSError) as exc:
            return StepResult(ctx.site, step, FAILED, f"{step} failed: {exc}", time.perf_counter() - t0)

    def record(self, target: SiteTarget, result: StepResult) -> StepResult:
        self.log.write(f"{target.site} {result.step} {result.status}: {result.message}")
        extra = {k: v for k, v in result.details.items() if k in ("bytes_before", "bytes_after", "bytes")}
        self.telemetry.emit("MaintenanceRun", Step=result.step, RunId=self.report.run_id, Site=target.site,
                            Database=target.label, Status=result.status, DurationMs=round(result.seconds * 1000),
                            Message=result.message, **{k.title().replace("_", ""): v for k, v in extra.items()})
        if result.failed:
            self.telemetry.emit("MaintenanceFailure", Step=result.step, RunId=self.report.run_id,
                                Site=target.site, Database=target.label, Status=result.status,
                                Reason=result.message)
        return result


def run_maintenance(workspace: Workspace, options: MaintenanceOptions | None = None) -> RunReport:
    return _Run(workspace, options or MaintenanceOptions()).run()


def restore_site(workspace: Workspace, site: str, backup: Path | None = None,
                 options: MaintenanceOptions | None = None) -> StepResult:
    """Replace a site's database with a verified backup (the given one, else the newest good one),
    under the writer lock; the replaced file is kept aside and the corrupt marker removed."""
    opts = options or MaintenanceOptions()
    run = _Run(workspace, opts)
    t0 = time.perf_counter()
    target = _restore_target(workspace, site, run.backends, backup)
    backend = run.backends[target.backend]
    try:
        if target.path is None:  # a server's site: the backend swaps the schema under its own lock
            restore = getattr(backend, "restore", None)
            if restore is None:
                raise BackupError(f"{backend.name} cannot restore a backup")
            chosen = choose_backup(workspace, target.site, backend, "", backup)
            restore(target, chosen)
            aside = None
            problems = backend.integrity(target, quick=True)
        else:
            with site_lock(target.path, run.timeout):
                chosen = choose_backup(workspace, target.site, backend, target.path.suffix, backup)
                aside = restore_database(target, chosen, opts.now(), backend)
                problems = backend.integrity(target, quick=True)
        forgotten = resync_history(workspace, target)
    except SiteBusy as exc:
        result = StepResult(target.site, "restore", BUSY, f"busy, try again: {exc}", time.perf_counter() - t0)
    except BackupError as exc:
        result = StepResult(target.site, "restore", FAILED, str(exc), time.perf_counter() - t0)
    except (StoreError, OSError) as exc:
        result = StepResult(target.site, "restore", FAILED, f"restore failed: {exc}", time.perf_counter() - t0)
    else:
        kept = f"; the replaced file is kept as {aside.name}" if aside else ""
        if problems:
            result = StepResult(target.site, "restore", FAILED,
                                f"restored {chosen.name} but it fails its check: {problems[0]}",
                                time.perf_counter() - t0)
        else:
            again = (f"; {forgotten} host(s) will be ingested again from their captures (the backup predates "
                     "them)") if forgotten else ""
            result = StepResult(target.site, "restore", OK, f"restored {target.label} from {chosen}{kept}{again}",
                                time.perf_counter() - t0, {"backup": str(chosen),
                                                           "replaced": str(aside) if aside else "",
                                                           "history_forgotten": forgotten})
    run.log.write(f"{target.site} restore {result.status}: {result.message}")
    run.telemetry.emit("MaintenanceRun", Step="restore", Site=target.site, Database=target.label,
                       Status=result.status, Message=result.message)
    if result.failed:
        run.telemetry.emit("MaintenanceFailure", Step="restore", Site=target.site, Database=target.label,
                           Status=result.status, Reason=result.message)
    run.telemetry.close() if run.owns_telemetry else run.telemetry.flush()
    return result


def resync_history(workspace: Workspace, target: SiteTarget) -> int:
    """After a restore, the site's ingestion history keeps only the hosts the restored database holds at
    the recorded slice; the others are forgotten, so the next ingest writes them again (the history is
    a cache of the store, never the other way round). Returns how many were forgotten."""
    from engine.history import SiteHistory
    from engine.settings import Settings, SettingsError
    from engine.store import StoreConfig, config_from_settings, stored_sources

    path = workspace.history_file(target.site)
    if not path.is_file():
        return 0
    try:
        configured = config_from_settings(Settings.load(workspace.settings_path).store)
    except SettingsError:
        configured = StoreConfig()
    config = configured if configured.backend == target.backend else StoreConfig(backend=target.backend)
    held = stored_sources(config, target.site, target.path)
    history = SiteHistory(path)
    stale = [host for host, rec in history.records.items()
             if held.get(host.lower()) != (rec.file_hash.lower(), rec.source_length)]
    history.drop(stale)
    return len(stale)


def _restore_target(workspace: Workspace, site: str, backends: dict[str, Backend],
                    backup: Path | None) -> SiteTarget:
    for target in discover_targets(workspace, backends):
        if target.site.lower() == site.lower():
            return target
    # The database itself is gone: restore to its usual place, backend chosen by the backup's suffix.
    suffix = backup.suffix if backup is not None else next(
        (b.path.suffix for b in list_backups(workspace, site)), "")
    for backend in backends.values():
        if backend.suffix and backend.suffix == suffix:
            return SiteTarget(site, backend.name, workspace.db_path(site, suffix))
    raise StoreError(f"no database and no backup for site {site!r} (looked in {site_backup_dir(workspace, site)})")


__all__ = ["OK", "USER_STEPS", "MaintenanceOptions", "Progress", "discover_targets", "restore_site",
           "run_maintenance"]
