"""Where a workspace lives and the paths inside it (legacy layout: data/, logs/)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from engine.sites import prefix_of, safe_file_name

SETTINGS_NAME = "StateTraceSettings.json"
APP_NAME = "StateTraceIngest"


class WorkspaceError(ValueError):
    """The workspace folder cannot be used (a file, unwritable, on a missing drive)."""


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--home, else $STATETRACE_HOME, else the current folder when it holds data/StateTraceSettings.json,
    else the platform's per-user data folder."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("STATETRACE_HOME")
    if env:
        return Path(env).expanduser().resolve()
    cwd = Path.cwd()
    if (cwd / "data" / SETTINGS_NAME).is_file():
        return cwd
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True, slots=True)
class Workspace:
    home: Path

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def settings_path(self) -> Path:
        return self.data / SETTINGS_NAME

    @property
    def history_dir(self) -> Path:
        return self.data / "IngestionHistory"

    @property
    def metrics_dir(self) -> Path:
        env = os.environ.get("STATETRACE_TELEMETRY_DIR")
        if env and Path(env).is_dir():
            return Path(env)
        return self.logs / "IngestionMetrics"

    @property
    def backups_dir(self) -> Path:
        return self.data / "Backups"

    @property
    def maintenance_log_dir(self) -> Path:
        return self.logs / "Maintenance"

    def metrics_file(self, day: date | None = None) -> Path:
        return self.metrics_dir / f"{(day or date.today()).isoformat()}.json"

    def history_file(self, site: str) -> Path:
        return self.history_dir / f"{safe_file_name(site)}.json"

    def db_path(self, site: str, suffix: str = ".sqlite") -> Path:
        """`data/<prefix>/<Site><suffix>`; a legacy `data/<Site><suffix>` is used when only it exists."""
        modern = self.data / prefix_of(site) / f"{safe_file_name(site)}{suffix}"
        legacy = self.data / f"{safe_file_name(site)}{suffix}"
        if not modern.exists() and legacy.exists():
            return legacy
        return modern

    def site_databases(self, suffix: str = ".sqlite") -> dict[str, Path]:
        """Every site database of the workspace: data/<dir>/*<suffix> and legacy data/*<suffix>."""
        found: dict[str, Path] = {}
        if not self.data.is_dir():
            return found
        for path in sorted(self.data.glob(f"*{suffix}")):
            if not path.name.startswith("PerfPipeline"):
                found.setdefault(path.stem, path)
        for path in sorted(self.data.glob(f"*/*{suffix}")):
            if path.parent.name not in ("Backups", "IngestionHistory"):
                found[path.stem] = path
        return found

    def check_usable(self) -> None:
        """Fail at once, in one line, when the workspace cannot hold its files: a file in the way,
        a folder this user cannot write, a missing drive or share (nothing is created here)."""
        home = self.home
        try:
            probe = home
            while not probe.exists():
                if probe.parent == probe:
                    raise WorkspaceError(f"workspace {home}: the drive or share {probe} does not exist")
                probe = probe.parent
            if not probe.is_dir():
                what = "is a file, not a folder" if probe == home else f"cannot be created: {probe} is a file"
                raise WorkspaceError(f"workspace {home} {what}")
            if probe == home and self.data.exists() and not self.data.is_dir():
                raise WorkspaceError(f"workspace {home}: {self.data} is a file, not a folder")
            if not os.access(probe, os.W_OK | os.X_OK):
                raise WorkspaceError(f"workspace {home}: the folder {probe} is not writable by this user")
        except OSError as exc:
            raise WorkspaceError(f"workspace {home} cannot be used: {exc.strerror or exc}") from exc

    def ensure(self) -> None:
        for folder in (self.data, self.logs, self.history_dir, self.metrics_dir):
            folder.mkdir(parents=True, exist_ok=True)
