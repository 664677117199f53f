"""What both frozen entry points do after `freeze_support()`: seed the user's workspace.

The bundle carries `data/StateTraceSettings.json` (the documented defaults, so analysts have a file to
edit). On first start, when the workspace is the default one (no --home, no $STATETRACE_HOME: the
per-user data folder from platformdirs), the file is copied there. An explicit --home is never touched:
the engine runs on built-in defaults when a workspace has no settings file.
"""

from __future__ import annotations

import importlib.resources
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path


def default_settings() -> Path:
    """The bundled default settings file (package data of `engine.data`, under `_internal` when frozen)."""
    return Path(str(importlib.resources.files("engine.data").joinpath("StateTraceSettings.json")))


def prepare_workspace(argv: Sequence[str]) -> Path | None:
    """Copy the default settings into the default workspace if it has none; returns the file written."""
    if any(a == "--home" or a.startswith("--home=") for a in argv) or os.environ.get("STATETRACE_HOME"):
        return None
    from engine.workspace import Workspace, resolve_home

    workspace = Workspace(resolve_home(None))
    source = default_settings()
    target = workspace.settings_path
    if target.exists() or not source.is_file():
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)  # copyfile, not copy2: the bundle's file mode may be read-only
    except OSError as exc:  # a read-only profile must not stop the app: the engine has the same defaults
        print(f"statetrace: could not write default settings to {target}: {exc}", file=sys.stderr)
        return None
    return target
