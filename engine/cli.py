"""`statetrace-cli`: the headless front door (ingest, rollup, loadgen, harness, maintain, ...)."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine import __version__, logs
from engine.cli_args import UsageError, add_home, add_store_options, load_settings, store_config, workspace_of
from engine.console import ProgressBar, human_bytes
from engine.files import keep_new_files_private
from engine.ingest.pipeline import Failure, IngestSummary
from engine.workspace import Workspace

# Subcommands contributed by feature packages: module exposing `register(subparsers)`.
FEATURE_COMMANDS = (
    "engine.loadgen.command",
    "engine.bench.command",
    "engine.harness.command",
    "engine.rollup.command",
    "engine.maintenance.command",
    "engine.jobs.command",
    "engine.accdb_import.command",
    "engine.bench.stores_command",
    "engine.views.command",
    "engine.doctor.command",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="statetrace-cli", description=__doc__)
    parser.add_argument("--version", action="version", version=f"StateTrace Ingest {__version__}")
    logs.add_arguments(parser)  # accepted anywhere on the line: main() takes them out first
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="ingest transcripts (files, folders, .gz, .zip) into per-site databases")
    p.add_argument("paths", nargs="+", type=Path)
    add_home(p)
    add_store_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON summary object")
    p.add_argument("--processes", type=int, default=0, help="parse processes (default: one per core)")
    p.add_argument("--force", action="store_true", help="re-ingest hosts even when unchanged")
    p.set_defaults(func=cmd_ingest)
    for name in FEATURE_COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        module.register(sub)
    return parser


def cmd_ingest(args: argparse.Namespace) -> int:
    workspace = workspace_of(args)
    settings = load_settings(workspace)
    config = store_config(args, settings)
    if args.processes < 0:
        raise UsageError("--processes must be 0 (auto) or more")
    from engine.store import StoreError
    from engine.store.probe import check_store

    try:
        check_store(config)
    except StoreError as exc:
        raise UsageError(f"{exc}; nothing was ingested") from exc
    bar = ProgressBar("ingest") if not args.json and sys.stderr.isatty() else None
    from engine.runtime.qt_runtime import run_headless

    def on_snapshot(p: dict[str, Any]) -> None:
        if bar:
            detail = f"{p.get('files_done', 0)}/{p.get('files_total', 0)} files, {p.get('hosts_done', 0)} hosts"
            bar.update(int(p.get("done_bytes", 0)), int(p.get("total_bytes", 0)), detail, p.get("eta_seconds"))

    summary = run_headless(workspace, list(args.paths), settings, config, processes=args.processes,
                           force=args.force, on_progress=on_snapshot)
    if bar:
        bar.close()
    if args.json:
        print(json.dumps(summary.to_json(), indent=2))
    else:
        print_summary(summary, workspace)
    return summary.exit_code


def failure_line(f: Failure) -> str:
    """A failure that names its path: "no such file or folder" alone does not say which one."""
    if f.file and f.file not in f.reason:
        return f"{f.file}: {f.reason}"
    return f.reason


def print_summary(s: IngestSummary, workspace: Workspace) -> None:
    rate = s.bytes / s.seconds / 1e6 if s.seconds > 0 else 0.0
    read = s.files - s.failed_files
    print(f"Ingested {read} of {s.files} file(s), {human_bytes(s.bytes)} in {s.seconds:.2f} s ({rate:.1f} MB/s) "
          f"into {workspace.home}")
    print(f"  hosts {s.hosts}: {s.parsed} written, {s.skipped} unchanged (skipped), {s.failed} failed; "
          f"{s.rows_written} interface rows written")
    for site, e in sorted(s.sites.items()):
        print(f"  {site:<12} parsed {e['parsed']:>5}  skipped {e['skipped']:>5}  failed {e['failed']:>4}  "
              f"{e['db_path']}")
    if s.failures:
        print(f"Failures ({len(s.failures)}):")
        for f in s.failures[:50]:
            print(f"  - {failure_line(f)}")
        if len(s.failures) > 50:
            print(f"  ... {len(s.failures) - 50} more (use --json for all)")
    for w in s.warnings:
        print(f"Warning: {w}")
    if s.cancelled:
        print(f"Interrupted: {s.cancelled_jobs} queued file(s)/host(s) cancelled; committed hosts are kept whole; "
              "run the same command again to ingest the rest.")


def main(argv: Sequence[str] | None = None) -> int:
    level, rest = logs.split_arguments(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(rest)
    except SystemExit as exc:
        return int(exc.code or 0)
    keep_new_files_private()
    logs.setup("statetrace-cli", level)
    logs.install_excepthook()
    logs.log.info("statetrace-cli %s: %s", __version__, " ".join(rest), extra=logs.FILE_ONLY)
    try:
        code: int = args.func(args)
        return code
    except UsageError as exc:
        print(f"statetrace-cli: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("statetrace-cli: interrupted; committed hosts are kept, the rest is ingested next run",
              file=sys.stderr)
        return 130


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
