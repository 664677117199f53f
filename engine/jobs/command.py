"""`statetrace-cli worker` (registered through engine.cli.FEATURE_COMMANDS)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    from engine.cli_args import add_home

    p = sub.add_parser("worker", help="ingest a shared drop folder together with other workers (PostgreSQL)",
                       description="Claims files of a shared drop folder from a job table on PostgreSQL "
                                   "(FOR UPDATE SKIP LOCKED), so several workers on several machines ingest "
                                   "every host once. A dead worker's jobs return to the queue when its lease "
                                   "runs out.")
    p.add_argument("--dsn", required=True, help="PostgreSQL connection string (job table and site schemas)")
    p.add_argument("--watch", required=True, type=Path, metavar="DIR", help="the shared drop folder")
    p.add_argument("--once", action="store_true", help="exit when nothing is left to claim")
    p.add_argument("--queue", default="", help="queue name shared by the workers (default: the folder's name, "
                                                "so machines may mount the share at different paths)")
    p.add_argument("--lease", type=float, default=60.0, metavar="SECONDS",
                   help="a job returns to the queue this long after its worker stopped renewing (default 60)")
    p.add_argument("--poll", type=float, default=2.0, metavar="SECONDS", help="idle wait between scans")
    p.add_argument("--settle", type=float, default=2.0, metavar="SECONDS",
                   help="ignore files modified more recently than this (still being copied)")
    p.add_argument("--max-attempts", type=int, default=5, help="give a job up after this many tries")
    p.add_argument("--processes", type=int, default=1, help="parse processes per job (default 1)")
    p.add_argument("--name", default="", help="worker name in the job table (default host:pid)")
    add_home(p)
    p.set_defaults(func=cmd_worker)


def cmd_worker(args: argparse.Namespace) -> int:
    from engine.cli_args import UsageError, workspace_of
    from engine.jobs.worker import WorkerOptions, run_worker

    if not args.watch.is_dir():
        raise UsageError(f"--watch {args.watch}: not a folder")
    if args.lease <= 0 or args.max_attempts < 1:
        raise UsageError("--lease must be > 0 and --max-attempts >= 1")
    options = WorkerOptions(dsn=args.dsn, watch=args.watch, queue=args.queue, once=args.once, lease_s=args.lease,
                            poll_s=args.poll, settle_s=args.settle, max_attempts=args.max_attempts,
                            processes=args.processes)
    if args.name:
        options.name = args.name
    return run_worker(options, workspace_of(args))
