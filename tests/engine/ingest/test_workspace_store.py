"""The workspace owns its store: plain `ingest` uses the settings' Store, flags override one run and say
so, an unreachable store fails once and early, and a bad --home is one line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from engine.cli import main


def write_settings(home: Path, store: dict) -> None:
    (home / "data").mkdir(parents=True, exist_ok=True)
    (home / "data" / "StateTraceSettings.json").write_text(json.dumps({"Store": store}))


def test_unreachable_workspace_store_fails_once_early_with_the_password_masked(
        transcripts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 11 defect 2: the dead server used to give one "cannot connect" per host (or, with the
    store only on the command line, a silent "unchanged" for every host and exit 0)."""
    home = tmp_path / "home"
    write_settings(home, {"Backend": "postgresql", "Dsn": "postgresql://bob:hunter2@127.0.0.1:1/x"})
    code = main(["ingest", "--processes", "1", str(transcripts), "--home", str(home)])
    out, err = capsys.readouterr()
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "postgresql://bob:***@127.0.0.1:1/x" in lines[0] and "not reachable" in lines[0]
    assert "hunter2" not in out + err
    assert not list((home / "data").glob("*/*.sqlite")), "nothing may be written elsewhere"
    assert not (home / "data" / "IngestionHistory").exists() or not list(
        (home / "data" / "IngestionHistory").glob("*.json")), "nothing may be recorded as ingested"


def test_a_store_given_on_the_command_line_is_also_checked_first(
        transcripts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    assert main(["ingest", "--processes", "1", str(transcripts), "--home", str(home)]) == 0
    capsys.readouterr()
    code = main(["ingest", "--processes", "1", str(transcripts), "--home", str(home),
                 "--backend", "postgresql", "--dsn", "postgresql://bob:hunter2@127.0.0.1:1/x"])
    out, err = capsys.readouterr()
    assert code == 2, out
    assert "unchanged" not in out
    assert "hunter2" not in out + err


def test_command_line_store_overrides_the_workspace_for_one_run_and_says_so(
        transcripts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    write_settings(home, {"Backend": "postgresql", "Dsn": "postgresql://bob:hunter2@127.0.0.1:1/x"})
    code = main(["ingest", "--processes", "1", str(transcripts), "--home", str(home), "--backend", "sqlite"])
    out, err = capsys.readouterr()
    assert code == 0, out
    assert "note: this run uses the store sqlite" in err and "not the workspace's postgresql" in err
    assert "hunter2" not in err
    assert (home / "data" / "WLLS" / "WLLS.sqlite").is_file()
    settings = json.loads((home / "data" / "StateTraceSettings.json").read_text())
    assert settings["Store"]["Backend"] == "postgresql", "a one-run override never changes the workspace"


@pytest.mark.skipif(not __import__("importlib").util.find_spec("pyodbc"), reason="pyodbc missing")
def test_workspace_store_with_a_missing_odbc_driver_is_one_line(
        transcripts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    write_settings(home, {"Backend": "odbc", "OdbcTemplate": "Driver={No Such Driver};Database={site_path}"})
    code = main(["ingest", "--processes", "1", str(transcripts), "--home", str(home)])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "'No Such Driver' is not installed" in err


def test_invalid_store_section_is_a_usage_error_naming_the_field(
        transcripts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    write_settings(home, {"Backend": "postgresql"})
    assert main(["ingest", str(transcripts), "--home", str(home)]) == 2
    assert "PostgreSQL connection (Store.Dsn)" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["file", "under-a-file", "data-is-a-file"])
def test_bad_home_is_exit_2_and_one_line(transcripts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         kind: str) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    if kind == "file":
        home = blocker
    elif kind == "under-a-file":
        home = blocker / "home"
    else:
        home = tmp_path / "home"
        home.mkdir()
        (home / "data").write_text("oops")
    code = main(["ingest", str(transcripts), "--home", str(home)])
    _out, err = capsys.readouterr()
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert str(blocker if kind != "data-is-a-file" else home / "data") in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_home_is_exit_2_and_one_line(transcripts: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "ro"
    home.mkdir()
    home.chmod(0o500)
    try:
        assert main(["ingest", str(transcripts), "--home", str(home)]) == 2
        assert "not writable" in capsys.readouterr().err
    finally:
        home.chmod(0o700)


def test_missing_drive_is_exit_2(monkeypatch: pytest.MonkeyPatch, transcripts: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A Windows drive letter or share that is not there: climbing to its root finds nothing."""
    from engine.workspace import Workspace, WorkspaceError

    class Missing(type(Path())):  # type: ignore[misc]
        def exists(self, **_kw: object) -> bool:  # the whole path, root included, is absent
            return False

    with pytest.raises(WorkspaceError, match="does not exist"):
        Workspace(Missing("/q/statetrace")).check_usable()
