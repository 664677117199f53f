"""What every `statetrace-cli` subcommand shares: the usage error, the --home and store options, and the
workspace, settings and store they name. Kept apart from `engine.cli` so feature commands (maintenance,
jobs, benches) use them without importing the CLI that imports them (that was an import cycle)."""

from __future__ import annotations

import argparse
import dataclasses
import sys

from engine.settings import Settings, SettingsError
from engine.store import StoreConfig
from engine.workspace import Workspace, WorkspaceError, resolve_home


class UsageError(Exception):
    """Bad arguments or configuration: exit status 2."""


def add_home(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--home", help="workspace folder (default: $STATETRACE_HOME, ./ with "
                                       "data/StateTraceSettings.json, else the user data folder)")


def add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=("sqlite", "odbc", "access", "postgresql"), default=None,
                        help="site database backend for this run (default: the workspace's Store setting)")
    parser.add_argument("--odbc", default="", help="ODBC connection string template with {site_path} (this run)")
    parser.add_argument("--dsn", default="", help="PostgreSQL connection string (this run)")


def store_config(args: argparse.Namespace, settings: Settings | None = None) -> StoreConfig:
    """The workspace's store (settings `Store`), with --backend/--dsn/--odbc overriding it for this run
    (said on stderr, so a one-off run is never mistaken for a changed workspace)."""
    from engine.store import config_from_settings
    from engine.store.secrets import mask_dsn

    if settings is None:
        settings = load_settings(workspace_of(args))
    base = config_from_settings(settings.store)
    backend = getattr(args, "backend", None)
    odbc, dsn = getattr(args, "odbc", "") or "", getattr(args, "dsn", "") or ""
    if not (backend or odbc or dsn):
        return dataclasses.replace(base, max_interfaces_per_batch=getattr(args, "max_interfaces_per_batch", 0) or 0)
    backend = backend or ("postgresql" if dsn else "odbc" if odbc else base.backend)
    same = backend == base.backend
    odbc = odbc or (base.odbc if same else "")
    dsn = dsn or (base.dsn if same else "")
    if backend == "odbc" and not odbc:
        raise UsageError("--backend odbc needs --odbc \"Driver=...;Database={site_path}\"")
    if backend == "postgresql" and not dsn:
        raise UsageError("--backend postgresql needs --dsn")
    config = StoreConfig(backend=backend, odbc=odbc, dsn=dsn,
                         max_interfaces_per_batch=getattr(args, "max_interfaces_per_batch", 0) or 0)
    if config != dataclasses.replace(base, max_interfaces_per_batch=config.max_interfaces_per_batch):
        print(f"statetrace-cli: note: this run uses the store {config.describe()} given on the command line, "
              f"not the workspace's {mask_dsn(base.describe())}", file=sys.stderr)
    return config


def load_settings(workspace: Workspace) -> Settings:
    try:
        return Settings.load(workspace.settings_path)
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc


def workspace_of(args: argparse.Namespace) -> Workspace:
    try:
        workspace = Workspace(resolve_home(getattr(args, "home", None)))
        workspace.check_usable()
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from exc
    return workspace
