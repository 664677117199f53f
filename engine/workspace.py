"""Where a workspace lives and the paths inside it (legacy layout: data/, logs/)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from engine.sites import prefix_of, safe_file_name

SETTINGS_NAME = "StateTraceSettings.json"
APP_NAME = "StateTraceIngest"


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

    def ensure(self) -> None:
        for folder in (self.data, self.logs, self.history_dir, self.metrics_dir):
            folder.mkdir(parents=True, exist_ok=True)
