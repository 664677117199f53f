"""`statetrace-cli maintain` and `statetrace-cli schedule` (registered through engine.cli.FEATURE_COMMANDS)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from engine.console import StepBar
from engine.maintenance.log import recent_runs
from engine.maintenance.report import FAILURES, RunReport
from engine.maintenance.runner import USER_STEPS, MaintenanceOptions, Progress, restore_site, run_maintenance
from engine.maintenance.schedule import KINDS, ScheduleError, Scheduler
from engine.store.base import StoreError


def register(sub: Any) -> None:
    from engine.cli_args import add_home

    p = sub.add_parser("maintain", help="back up, compact, audit and check site databases",
                       description="Maintenance of site databases. Without step flags every step runs: "
                                   "integrity, backup, compact, audit (and size, always). Exit 1 when a step "
                                   "failed; a site whose writer is busy is reported and retried next run.")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--site", action="append", metavar="SITE", help="a site to maintain (repeatable)")
    who.add_argument("--all", action="store_true", help="every site of the workspace (the default)")
    p.add_argument("--backup", nargs="?", const=True, default=None, metavar="FILE",
                   help="back up (with --restore: the backup FILE to restore)")
    p.add_argument("--compact", action="store_true", help="compact when it pays (VACUUM + ANALYZE / DAO)")
    p.add_argument("--audit", action="store_true", help="audit indexes, rebuild missing ones, write the CSV")
    p.add_argument("--integrity", action="store_true", help="integrity check (marks a corrupt database)")
    p.add_argument("--quick", action="store_true", help="quick_check instead of the full integrity_check")
    p.add_argument("--force", action="store_true", help="compact even when the thresholds say it does not pay")
    p.add_argument("--lock-timeout", type=float, default=None, metavar="SECONDS",
                   help="wait this long for a site's writer (default: MaintenanceSettings.LockTimeoutSeconds)")
    p.add_argument("--restore", metavar="SITE", help="restore SITE from its newest verified backup "
                                                     "(or --backup FILE)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_home(p)
    p.set_defaults(func=cmd_maintain)

    s = sub.add_parser("schedule", help="register the nightly maintenance with the OS scheduler")
    s.add_argument("action", choices=("install", "remove", "show"))
    s.add_argument("--at", default=None, metavar="HH:MM", help="time of day (default: MaintenanceSettings.NightlyAt)")
    s.add_argument("--kind", choices=("auto", *KINDS), default="auto",
                   help="scheduler (default: Task Scheduler on Windows, systemd where it runs, else cron)")
    s.add_argument("--json", action="store_true", help="print one JSON object (show)")
    add_home(s)
    s.set_defaults(func=cmd_schedule)


class _SiteProgress:
    """One bar per site on a TTY: `maintain [2/5] BOYO: 40%|####  | compact`, ending with its status."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._bar: StepBar | None = None
        self._site = ""

    def __call__(self, p: Progress) -> None:
        if self._bar is None or self._site != p.site:
            if self._bar is not None:
                self._bar.done("")
            self._bar = StepBar(f"maintain [{p.site_index + 1}/{p.site_count}] {p.site}", self.stream)
            self._site = p.site
        if p.step == "done":
            self._bar.done(p.status)
            self._bar = None
        else:
            self._bar.update(p.fraction, p.step)


def cmd_maintain(args: argparse.Namespace) -> int:
    from engine.cli_args import UsageError, load_settings, store_config, workspace_of
    from engine.store.probe import check_store

    workspace = workspace_of(args)
    try:
        check_store(store_config(args, load_settings(workspace)))
    except StoreError as exc:
        raise UsageError(f"{exc}; nothing was maintained") from exc
    if args.restore:
        if args.site or args.all or args.compact or args.audit or args.integrity:
            raise UsageError("--restore SITE takes only --backup FILE")
        backup = Path(args.backup) if isinstance(args.backup, str) else None
        result = restore_site(workspace, args.restore, backup)
        if args.json:
            print(json.dumps(result.to_json(), indent=2))
        else:
            print(f"{result.site}: restore {result.status}: {result.message}")
        return 1 if result.failed or result.status == "busy" else 0
    if isinstance(args.backup, str):
        raise UsageError("--backup FILE is only for --restore; use --backup alone to back up")
    steps = tuple(s for s in USER_STEPS if getattr(args, "backup" if s == "backup" else s))
    if args.force and not args.compact and steps:
        raise UsageError("--force applies to --compact")
    progress = _SiteProgress(sys.stderr) if not args.json and sys.stderr.isatty() else None
    options = MaintenanceOptions(steps=steps or USER_STEPS, sites=args.site, quick_check=args.quick,
                                 force_compact=args.force, lock_timeout=args.lock_timeout, progress=progress)
    try:
        report = run_maintenance(workspace, options)
    except StoreError as exc:
        raise UsageError(str(exc)) from exc
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        print_report(report, workspace.maintenance_log_dir)
    return report.exit_code


def print_report(report: RunReport, log_dir: Path) -> None:
    if not report.sites:
        print("No site databases found.")
    for site in report.sites:
        print(f"{site.site} ({site.database}): {site.status}")
        for step in site.steps:
            mark = "!" if step.status in FAILURES else " "
            print(f" {mark} {step.step:<9} {step.status:<8} {step.message}")
    if report.audit_csv:
        print(f"Index audit: {report.audit_csv}")
    counts = ", ".join(f"{n} {s}" for s, n in sorted(report.counts().items()))
    print(f"Maintenance {report.result} in {report.seconds:.1f} s ({counts or 'nothing to do'}); log in {log_dir}")


def cmd_schedule(args: argparse.Namespace) -> int:
    from engine.cli_args import UsageError, workspace_of
    from engine.maintenance.runner import load_settings

    workspace = workspace_of(args)
    try:
        scheduler = Scheduler(workspace.home, None if args.kind == "auto" else args.kind)
        if args.action == "install":
            print(scheduler.install(args.at or load_settings(workspace).NightlyAt))
            return 0
        if args.action == "remove":
            print(scheduler.remove())
            return 0
        status = scheduler.status()
    except ScheduleError as exc:
        raise UsageError(str(exc)) from exc
    runs = recent_runs(workspace.maintenance_log_dir, 14)
    if args.json:
        print(json.dumps({"kind": status.kind, "name": status.name, "installed": status.installed,
                          "at": status.at, "entry": status.entry, "detail": status.detail,
                          "runs": [{"run_id": r.run_id, "started": r.started, "finished": r.finished,
                                    "result": r.result, "summary": r.summary} for r in runs]}, indent=2))
        return 0
    print(status.describe())
    if status.entry:
        print("Entry:")
        for line in status.entry.splitlines():
            print(f"  {line}")
    print(f"Last {len(runs)} run(s) (from {workspace.maintenance_log_dir}):" if runs else "No runs logged yet.")
    for r in runs:
        print(f"  {r.describe()}")
    return 0
