from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from engine.maintenance.schedule import ScheduleError, Scheduler, detect_kind, parse_at

CMD = ["/opt/st/bin/statetrace-cli", "maintain", "--all", "--home", "/srv/state trace"]


class FakeCrontab:
    """`crontab -l` / `crontab -` backed by a temp file (the real crontab may not exist here)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.calls: list[list[str]] = []

    def __call__(self, argv: Sequence[str], stdin: str | None) -> tuple[int, str, str]:
        self.calls.append(list(argv))
        if list(argv) == ["crontab", "-l"]:
            if not self.path.exists():
                return 1, "", "no crontab for tester"
            return 0, self.path.read_text(), ""
        if list(argv) == ["crontab", "-"]:
            self.path.write_text(stdin or "")
            return 0, "", ""
        return 127, "", "unexpected"


def test_cron_install_show_remove_keeps_other_lines(tmp_path: Path) -> None:
    tab = tmp_path / "crontab"
    tab.write_text("0 5 * * * /usr/bin/backup-home\n")
    runner = FakeCrontab(tab)
    sched = Scheduler(Path("/srv/state trace"), kind="cron", runner=runner, command=CMD)
    assert "02:30" in sched.install("02:30")
    lines = tab.read_text().splitlines()
    assert lines[0] == "0 5 * * * /usr/bin/backup-home"
    assert lines[1].startswith("30 2 * * * /opt/st/bin/statetrace-cli maintain --all --home '/srv/state trace'")
    assert lines[1].endswith(f"# statetrace-maintenance {sched.tag}")
    sched.install("03:15")  # re-install replaces, never duplicates
    assert len(tab.read_text().splitlines()) == 2
    status = sched.status()
    assert status.installed and status.at == "03:15" and status.kind == "cron"
    other = Scheduler(Path("/elsewhere"), kind="cron", runner=runner, command=CMD)
    assert not other.status().installed  # another workspace's entry is not ours
    assert "removed" in sched.remove()
    assert tab.read_text().splitlines() == ["0 5 * * * /usr/bin/backup-home"]
    assert not sched.status().installed
    assert "no crontab entry" in sched.remove()


def test_cron_without_a_crontab_yet(tmp_path: Path) -> None:
    tab = tmp_path / "crontab"
    sched = Scheduler(tmp_path, kind="cron", runner=FakeCrontab(tab), command=CMD)
    sched.install("01:00")
    assert tab.read_text().count("\n") == 1


def test_cron_unavailable_is_an_error(tmp_path: Path) -> None:
    sched = Scheduler(tmp_path, kind="cron", runner=lambda a, s: (127, "", "crontab: not found"), command=CMD)
    with pytest.raises(ScheduleError, match="crontab"):
        sched.install("01:00")
    assert not sched.status().installed and "not found" in sched.status().detail


def test_systemd_units_under_xdg_config_home(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    def runner(argv: Sequence[str], stdin: str | None) -> tuple[int, str, str]:
        calls.append(list(argv))
        return 0, "", ""

    env = {"XDG_CONFIG_HOME": str(tmp_path / "cfg"), "HOME": str(tmp_path / "home")}
    sched = Scheduler(Path("/srv/state trace"), kind="systemd", runner=runner, which=lambda n: f"/usr/bin/{n}",
                      env=env, command=CMD)
    message = sched.install("02:00")
    service, timer = sched.unit_paths()
    assert service.parent == tmp_path / "cfg" / "systemd" / "user"
    assert str(timer) in message
    text = timer.read_text()
    assert "OnCalendar=*-*-* 02:00:00" in text and "Persistent=true" in text and "WantedBy=timers.target" in text
    assert f"Unit={sched.name}.service" in text
    svc = service.read_text()
    assert 'ExecStart=/opt/st/bin/statetrace-cli maintain --all --home "/srv/state trace"' in svc
    assert "Type=oneshot" in svc
    assert calls == [["systemctl", "--user", "daemon-reload"],
                     ["systemctl", "--user", "enable", "--now", timer.name]]
    status = sched.status()
    assert status.installed and status.at == "02:00"
    sched.remove()
    assert not timer.exists() and not service.exists()
    assert ["systemctl", "--user", "disable", "--now", timer.name] in calls


def test_systemd_without_systemctl_writes_files_only(tmp_path: Path) -> None:
    def runner(argv: Sequence[str], stdin: str | None) -> tuple[int, str, str]:
        raise AssertionError(f"must not run {argv}")

    sched = Scheduler(tmp_path, kind="systemd", runner=runner, which=lambda n: None,
                      env={"HOME": str(tmp_path / "home")}, command=CMD)
    message = sched.install("04:05")
    assert "systemctl not available" in message
    assert (tmp_path / "home" / ".config" / "systemd" / "user" / f"{sched.name}.timer").is_file()


def test_windows_task_xml_and_command(tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    def runner(argv: Sequence[str], stdin: str | None) -> tuple[int, str, str]:
        seen["argv"] = list(argv)
        if argv[:2] == ["schtasks", "/Create"]:
            seen["xml"] = Path(argv[argv.index("/XML") + 1]).read_text(encoding="utf-16")
        return 0, "", ""

    sched = Scheduler(Path(r"C:\StateTrace Home"), kind="windows", runner=runner,
                      command=[r"C:\Program Files\StateTrace\statetrace-cli.exe", "maintain", "--all", "--home",
                               r"C:\StateTrace Home"])
    sched.install("02:45")
    argv = seen["argv"]
    assert isinstance(argv, list)
    assert argv[:4] == ["schtasks", "/Create", "/TN", sched.name] and argv[-1] == "/F"
    assert sched.name.startswith("\\StateTrace\\Maintenance-")
    xml = str(seen["xml"])
    assert xml.startswith('<?xml version="1.0" encoding="UTF-16"?>')
    assert "<StartBoundary>" in xml and "T02:45:00</StartBoundary>" in xml
    assert "<DaysInterval>1</DaysInterval>" in xml
    assert r"<Command>C:\Program Files\StateTrace\statetrace-cli.exe</Command>" in xml
    assert '<Arguments>maintain --all --home "C:\\StateTrace Home"</Arguments>' in xml
    assert "<MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>" in xml
    assert "<StartWhenAvailable>true</StartWhenAvailable>" in xml
    sched.remove()
    assert seen["argv"] == ["schtasks", "/Delete", "/TN", sched.name, "/F"]


def test_windows_status_reads_the_task(tmp_path: Path) -> None:
    xml = "<Task><Triggers><CalendarTrigger><StartBoundary>2026-01-01T23:10:00</StartBoundary>"
    sched = Scheduler(tmp_path, kind="windows", runner=lambda a, s: (0, xml, ""), command=CMD)
    assert sched.status().at == "23:10"
    gone = Scheduler(tmp_path, kind="windows", runner=lambda a, s: (1, "", "ERROR: not found"), command=CMD)
    assert not gone.status().installed


def test_detect_and_parse() -> None:
    assert detect_kind(lambda n: None, "win32") == "windows"
    assert detect_kind(lambda n: None, "linux") == "cron"
    assert parse_at("07:05") == (7, 5)
    with pytest.raises(ScheduleError):
        parse_at("25:00")
