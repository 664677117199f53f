from __future__ import annotations

import json
from pathlib import Path

from engine.cli import main
from engine.maintenance.backup import list_backups
from engine.settings import Settings
from engine.workspace import Workspace


def _quiet_settings(ws: Workspace) -> None:
    s = Settings.load(ws.settings_path)
    s.update_maintenance(CompactMinBytes=0, CompactFreeRatio=0.0, LockTimeoutSeconds=5)
    s.save()


def test_maintain_all_steps_json(workspace: Workspace, make_site, capsys) -> None:
    make_site("BOYO", hosts=3, rounds=2)
    make_site("WLLS", hosts=2, rounds=1)
    _quiet_settings(workspace)
    code = main(["maintain", "--all", "--json", "--home", str(workspace.home)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out
    assert [s["site"] for s in out["sites"]] == ["BOYO", "WLLS"]
    assert [st["step"] for st in out["sites"][0]["steps"]] == ["integrity", "backup", "compact", "audit", "size"]
    assert out["result"] == "OK" and Path(out["audit_csv"]).is_file()


def test_maintain_step_flags_and_site(workspace: Workspace, make_site, capsys) -> None:
    make_site("BOYO", hosts=2, rounds=1)
    make_site("WLLS", hosts=2, rounds=1)
    code = main(["maintain", "--site", "WLLS", "--backup", "--home", str(workspace.home)])
    text = capsys.readouterr().out
    assert code == 0
    assert "WLLS" in text and "BOYO" not in text and "backup" in text and "compact" not in text
    assert list_backups(workspace, "WLLS") and not list_backups(workspace, "BOYO")


def test_maintain_exit_1_on_corruption_then_restore(workspace: Workspace, make_site, capsys) -> None:
    db = make_site("BOYO", hosts=2, rounds=1)
    assert main(["maintain", "--backup", "--home", str(workspace.home)]) == 0
    backup = list_backups(workspace, "BOYO")[0].path
    with open(db, "r+b") as fh:
        fh.write(b"\x00" * 64)
    capsys.readouterr()
    assert main(["maintain", "--home", str(workspace.home)]) == 1
    out = capsys.readouterr().out
    assert "corrupt" in out.lower() and "--restore BOYO" in out
    assert main(["maintain", "--restore", "BOYO", "--backup", backup.name, "--home", str(workspace.home)]) == 0
    assert "restore ok" in capsys.readouterr().out
    assert main(["maintain", "--integrity", "--home", str(workspace.home)]) == 0


def test_usage_errors(workspace: Workspace, make_site, capsys) -> None:
    make_site("BOYO", hosts=1, rounds=1)
    assert main(["maintain", "--site", "NOPE", "--home", str(workspace.home)]) == 2
    assert main(["maintain", "--backup", "x.sqlite", "--home", str(workspace.home)]) == 2
    assert main(["maintain", "--site", "A", "--all", "--home", str(workspace.home)]) == 2
    assert main(["schedule", "install", "--at", "7pm", "--kind", "systemd", "--home", str(workspace.home)]) == 2


def test_schedule_systemd_via_cli_and_show_runs(workspace: Workspace, make_site, capsys, monkeypatch,
                                                tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setattr("shutil.which", lambda name: None)  # no systemctl calls from a test
    make_site("BOYO", hosts=1, rounds=1)
    main(["maintain", "--integrity", "--home", str(workspace.home)])
    assert main(["schedule", "install", "--kind", "systemd", "--at", "03:30", "--home", str(workspace.home)]) == 0
    assert list((tmp_path / "cfg" / "systemd" / "user").glob("statetrace-maintenance-*.timer"))
    capsys.readouterr()
    assert main(["schedule", "show", "--kind", "systemd", "--home", str(workspace.home)]) == 0
    out = capsys.readouterr().out
    assert "nightly at 03:30" in out and "Last 1 run(s)" in out and " OK " in out
    assert main(["schedule", "show", "--kind", "systemd", "--json", "--home", str(workspace.home)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["installed"] and doc["runs"][0]["result"] == "OK"
    assert main(["schedule", "remove", "--kind", "systemd", "--home", str(workspace.home)]) == 0
    assert not list((tmp_path / "cfg" / "systemd" / "user").glob("*.timer"))
