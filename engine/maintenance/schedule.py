"""Registering the nightly `maintain --all` with the OS scheduler: Windows Task Scheduler, a systemd
user timer, or the user's crontab.

Every entry is tagged with a short hash of the workspace folder, so two workspaces on one machine get
two entries, and install/remove never touch anybody else's lines. Commands go through an injectable
runner (tests record them instead of calling schtasks/systemctl/crontab), and the systemd files
honour `XDG_CONFIG_HOME`.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

KINDS = ("windows", "systemd", "cron")
Runner = Callable[[Sequence[str], str | None], tuple[int, str, str]]
Which = Callable[[str], str | None]
_AT = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class ScheduleError(RuntimeError):
    pass


def run_command(argv: Sequence[str], stdin: str | None = None) -> tuple[int, str, str]:
    try:
        done = subprocess.run(list(argv), input=stdin, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 127, "", str(exc)
    return done.returncode, done.stdout, done.stderr


def parse_at(text: str) -> tuple[int, int]:
    m = _AT.match(text.strip())
    if not m:
        raise ScheduleError(f"--at must be HH:MM (24 h), got {text!r}")
    return int(m.group(1)), int(m.group(2))


def home_tag(home: Path) -> str:
    return hashlib.sha256(str(home).lower().encode("utf-8")).hexdigest()[:8]


def maintenance_command(home: Path) -> list[str]:
    """The command the scheduler runs: the installed `statetrace-cli` beside this Python, else `-m`."""
    name = "statetrace-cli.exe" if sys.platform == "win32" else "statetrace-cli"
    scripts = Path(sys.executable).parent
    for candidate in (scripts / name, scripts / "Scripts" / name):
        if candidate.is_file():
            return [str(candidate), "maintain", "--all", "--home", str(home)]
    return [sys.executable, "-m", "engine.cli", "maintain", "--all", "--home", str(home)]


def detect_kind(which: Which = shutil.which, platform: str = sys.platform) -> str:
    """Windows: Task Scheduler; systemd when it is the running init (and systemctl exists); else cron."""
    if platform == "win32":
        return "windows"
    if which("systemctl") and Path("/run/systemd/system").is_dir():
        return "systemd"
    return "cron"


@dataclass(slots=True)
class ScheduleStatus:
    kind: str
    name: str
    installed: bool
    at: str = ""  # HH:MM when installed
    entry: str = ""  # the registered text (cron line, timer unit, task query)
    detail: str = ""  # a problem worth showing (e.g. systemctl not reachable)

    def describe(self) -> str:
        if not self.installed:
            return f"{self.kind}: not installed" + (f" ({self.detail})" if self.detail else "")
        return f"{self.kind}: nightly at {self.at or '?'} ({self.name})" + (f"; {self.detail}" if self.detail else "")


def _systemd_quote(arg: str) -> str:
    if arg and not re.search(r'[\s"\\\'$%;]', arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$") + '"'


def windows_task_xml(command: Sequence[str], hour: int, minute: int, home: Path) -> str:
    """A Task Scheduler 1.2 definition: daily, start when available, one instance, 6 h limit."""
    start = f"{date.today():%Y-%m-%d}T{hour:02d}:{minute:02d}:00"
    args = subprocess.list2cmdline(list(command[1:]))
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>{escape(f"StateTrace nightly maintenance of {home}")}</Description>
  </RegistrationInfo>
  <Triggers>
    <CalendarTrigger>
      <StartBoundary>{start}</StartBoundary>
      <Enabled>true</Enabled>
      <ScheduleByDay>
        <DaysInterval>1</DaysInterval>
      </ScheduleByDay>
    </CalendarTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <ExecutionTimeLimit>PT6H</ExecutionTimeLimit>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(command[0])}</Command>
      <Arguments>{escape(args)}</Arguments>
      <WorkingDirectory>{escape(str(home))}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
"""


class Scheduler:
    def __init__(self, home: Path, kind: str | None = None, runner: Runner = run_command,
                 which: Which = shutil.which, env: Mapping[str, str] | None = None,
                 command: Sequence[str] | None = None) -> None:
        self.home = home
        self.kind = kind or detect_kind(which)
        if self.kind not in KINDS:
            raise ScheduleError(f"unknown scheduler {self.kind!r} (choose from {', '.join(KINDS)})")
        self.runner = runner
        self.which = which
        self.env = os.environ if env is None else env
        self.command = list(command) if command else maintenance_command(home)
        self.tag = home_tag(home)

    # -- names and places ---------------------------------------------------------------------------
    @property
    def name(self) -> str:
        if self.kind == "windows":
            return f"\\StateTrace\\Maintenance-{self.tag}"
        if self.kind == "systemd":
            return f"statetrace-maintenance-{self.tag}"
        return f"statetrace-maintenance {self.tag}"

    @property
    def systemd_dir(self) -> Path:
        base = self.env.get("XDG_CONFIG_HOME") or str(Path(self.env.get("HOME") or Path.home()) / ".config")
        return Path(base) / "systemd" / "user"

    def unit_paths(self) -> tuple[Path, Path]:
        return (self.systemd_dir / f"{self.name}.service", self.systemd_dir / f"{self.name}.timer")

    # -- operations ---------------------------------------------------------------------------------
    def install(self, at: str) -> str:
        hour, minute = parse_at(at)
        return {"windows": self._install_windows, "systemd": self._install_systemd,
                "cron": self._install_cron}[self.kind](hour, minute)

    def remove(self) -> str:
        return {"windows": self._remove_windows, "systemd": self._remove_systemd,
                "cron": self._remove_cron}[self.kind]()

    def status(self) -> ScheduleStatus:
        return {"windows": self._status_windows, "systemd": self._status_systemd,
                "cron": self._status_cron}[self.kind]()

    # -- Windows ------------------------------------------------------------------------------------
    def windows_create_argv(self, xml_path: Path) -> list[str]:
        return ["schtasks", "/Create", "/TN", self.name, "/XML", str(xml_path), "/F"]

    def _install_windows(self, hour: int, minute: int) -> str:
        xml = windows_task_xml(self.command, hour, minute, self.home)
        fd, tmp = tempfile.mkstemp(prefix="statetrace-task-", suffix=".xml")
        os.close(fd)
        path = Path(tmp)
        try:
            path.write_text(xml, encoding="utf-16")
            rc, out, err = self.runner(self.windows_create_argv(path), None)
        finally:
            path.unlink(missing_ok=True)
        if rc != 0:
            raise ScheduleError(f"schtasks /Create failed ({rc}): {(err or out).strip()}")
        return f"Task Scheduler task {self.name} runs nightly at {hour:02d}:{minute:02d}"

    def _remove_windows(self) -> str:
        rc, out, err = self.runner(["schtasks", "/Delete", "/TN", self.name, "/F"], None)
        if rc != 0:
            return f"no task {self.name} to remove ({(err or out).strip()})"
        return f"removed Task Scheduler task {self.name}"

    def _status_windows(self) -> ScheduleStatus:
        rc, out, _err = self.runner(["schtasks", "/Query", "/TN", self.name, "/XML"], None)
        if rc != 0:
            return ScheduleStatus("windows", self.name, False)
        m = re.search(r"<StartBoundary>[^<]*T(\d{2}):(\d{2})", out)
        return ScheduleStatus("windows", self.name, True, f"{m.group(1)}:{m.group(2)}" if m else "", out.strip())

    # -- systemd ------------------------------------------------------------------------------------
    def systemd_units(self, hour: int, minute: int) -> tuple[str, str]:
        exec_start = " ".join(_systemd_quote(a) for a in self.command)
        service = (f"[Unit]\nDescription=StateTrace nightly maintenance of {self.home}\n\n"
                   f"[Service]\nType=oneshot\nExecStart={exec_start}\nNice=10\nIOSchedulingClass=idle\n")
        timer = (f"[Unit]\nDescription=StateTrace nightly maintenance of {self.home}\n\n"
                 f"[Timer]\nOnCalendar=*-*-* {hour:02d}:{minute:02d}:00\nPersistent=true\n"
                 f"Unit={self.name}.service\n\n[Install]\nWantedBy=timers.target\n")
        return service, timer

    def _systemctl(self, *args: str) -> str:
        """Run `systemctl --user ...` when systemctl exists; a failure is returned as a note, because
        the unit files are in place and the next login session picks them up."""
        if not self.which("systemctl"):
            return "systemctl not available: the timer starts once systemd manages this user session"
        rc, out, err = self.runner(["systemctl", "--user", *args], None)
        return "" if rc == 0 else f"systemctl --user {' '.join(args)} failed: {(err or out).strip()}"

    def _install_systemd(self, hour: int, minute: int) -> str:
        service, timer = self.systemd_units(hour, minute)
        service_path, timer_path = self.unit_paths()
        service_path.parent.mkdir(parents=True, exist_ok=True)
        service_path.write_text(service, encoding="utf-8")
        timer_path.write_text(timer, encoding="utf-8")
        notes = [n for n in (self._systemctl("daemon-reload"),
                             self._systemctl("enable", "--now", timer_path.name)) if n]
        text = f"systemd user timer {timer_path} runs nightly at {hour:02d}:{minute:02d}"
        return text + ("; " + "; ".join(dict.fromkeys(notes)) if notes else "")

    def _remove_systemd(self) -> str:
        service_path, timer_path = self.unit_paths()
        if not timer_path.exists() and not service_path.exists():
            return f"no systemd timer {timer_path.name} to remove"
        note = self._systemctl("disable", "--now", timer_path.name)
        for path in (timer_path, service_path):
            path.unlink(missing_ok=True)
        self._systemctl("daemon-reload")
        return f"removed systemd timer {timer_path}" + (f" ({note})" if note else "")

    def _status_systemd(self) -> ScheduleStatus:
        _service_path, timer_path = self.unit_paths()
        if not timer_path.is_file():
            return ScheduleStatus("systemd", self.name, False)
        text = timer_path.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"OnCalendar=\S+ (\d{2}):(\d{2})", text)
        return ScheduleStatus("systemd", self.name, True, f"{m.group(1)}:{m.group(2)}" if m else "",
                              f"{timer_path}\n{text}".strip())

    # -- cron ---------------------------------------------------------------------------------------
    @property
    def cron_marker(self) -> str:
        return f"# {self.name}"

    def cron_line(self, hour: int, minute: int) -> str:
        cmd = " ".join(shlex.quote(a) for a in self.command)
        return f"{minute} {hour} * * * {cmd} >/dev/null 2>&1 {self.cron_marker}"

    def _read_crontab(self) -> list[str]:
        rc, out, err = self.runner(["crontab", "-l"], None)
        if rc != 0:
            if "no crontab" in (err + out).lower():
                return []
            raise ScheduleError(f"crontab -l failed ({rc}): {(err or out).strip() or 'crontab not available'}")
        return out.splitlines()

    def _write_crontab(self, lines: list[str]) -> None:
        text = "\n".join(lines) + "\n" if lines else ""
        rc, out, err = self.runner(["crontab", "-"], text)
        if rc != 0:
            raise ScheduleError(f"crontab - failed ({rc}): {(err or out).strip()}")

    def _install_cron(self, hour: int, minute: int) -> str:
        lines = [line for line in self._read_crontab() if not line.rstrip().endswith(self.cron_marker)]
        lines.append(self.cron_line(hour, minute))
        self._write_crontab(lines)
        return f"crontab entry runs nightly at {hour:02d}:{minute:02d}"

    def _remove_cron(self) -> str:
        lines = self._read_crontab()
        kept = [line for line in lines if not line.rstrip().endswith(self.cron_marker)]
        if len(kept) == len(lines):
            return "no crontab entry to remove"
        self._write_crontab(kept)
        return "removed the crontab entry"

    def _status_cron(self) -> ScheduleStatus:
        try:
            lines = self._read_crontab()
        except ScheduleError as exc:
            return ScheduleStatus("cron", self.name, False, detail=str(exc))
        for line in lines:
            if line.rstrip().endswith(self.cron_marker):
                parts = line.split()
                at = f"{int(parts[1]):02d}:{int(parts[0]):02d}" if parts[:2] and all(
                    p.isdigit() for p in parts[:2]) else ""
                return ScheduleStatus("cron", self.name, True, at, line)
        return ScheduleStatus("cron", self.name, False)
