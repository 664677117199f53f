"""`logs/Maintenance/<yyyy-MM-dd>.log`: one line per step, `[yyyy-MM-ddTHH:mm:ss] message` (legacy format).

Each run is framed by `run <id> started: ...` and `run <id> finished: OK|BUSY|FAILED ...` lines, which
is what `schedule show` and the Maintenance tab read back as "the last runs"; several processes may
append at once, so appends go through a file lock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from engine.locks import FileLock

_LINE = re.compile(r"^\[(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\] (.*)$")
_STARTED = re.compile(r"^run (\S+) started: (.*)$")
_FINISHED = re.compile(r"^run (\S+) finished: (\w+)(.*)$")


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


class MaintenanceLog:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path_for(self, moment: datetime) -> Path:
        return self.directory / f"{moment:%Y-%m-%d}.log"

    def write(self, message: str, moment: datetime | None = None) -> str:
        """Append one line; never raises (a full disk must not hide the maintenance result itself)."""
        now = moment or datetime.now()
        line = f"[{stamp(now)}] {' '.join(message.splitlines())}"
        path = self.path_for(now)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with FileLock(path.with_name(path.name + ".lock"), timeout=10), \
                    open(path, "a", encoding="utf-8", newline="\n") as fh:
                fh.write(line + "\n")
        except OSError:
            pass
        return line


@dataclass(slots=True)
class RunRecord:
    run_id: str
    started: str
    finished: str = ""
    result: str = "INCOMPLETE"  # OK | BUSY | FAILED | INCOMPLETE (crashed or still running)
    summary: str = ""
    detail: str = ""

    def describe(self) -> str:
        return f"{self.started}  {self.result:<10} {self.summary}".rstrip()


def recent_runs(directory: Path, limit: int = 14) -> list[RunRecord]:
    """The newest `limit` runs found in the daily logs, newest first."""
    runs: dict[str, RunRecord] = {}
    order: list[str] = []
    files = sorted(directory.glob("????-??-??.log"), reverse=True) if directory.is_dir() else []
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for raw in lines:
            m = _LINE.match(raw)
            if not m:
                continue
            when, message = m.groups()
            started = _STARTED.match(message)
            if started:
                rec = runs.setdefault(started.group(1), RunRecord(started.group(1), when))
                rec.started = when
                rec.detail = started.group(2)
                if started.group(1) not in order:
                    order.append(started.group(1))
                continue
            finished = _FINISHED.match(message)
            if finished:
                rec = runs.setdefault(finished.group(1), RunRecord(finished.group(1), when))
                rec.finished = when
                rec.result = finished.group(2)
                rec.summary = finished.group(3).strip(" :")
                if finished.group(1) not in order:
                    order.append(finished.group(1))
        if len(order) >= limit * 2:
            break
    ordered = sorted(runs.values(), key=lambda r: (r.started, r.run_id), reverse=True)
    return ordered[:limit]


def tail(directory: Path, lines: int = 200) -> list[str]:
    """The last lines across the newest daily logs, oldest first (for the tab's log view)."""
    out: list[str] = []
    files = sorted(directory.glob("????-??-??.log"), reverse=True) if directory.is_dir() else []
    for path in files:
        try:
            chunk = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        out = chunk + out
        if len(out) >= lines:
            break
    return out[-lines:]
