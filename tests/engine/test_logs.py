"""Logging of both programs: timestamped records in a rotating file in the log folder and on stderr,
--log-level/-v anywhere on the command line, uncaught exceptions logged with their traceback."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import logs
from engine.cli import main

STAMP = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _restore_logging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("STATETRACE_LOG_DIR", str(tmp_path / "logs"))
    hooks = (sys.excepthook, threading.excepthook)
    level = logging.getLogger().level
    yield
    sys.excepthook, threading.excepthook = hooks
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, logs._OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def test_records_go_to_the_log_file_and_stderr_with_timestamps(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = logs.setup("statetrace-cli", logging.INFO)
    assert path == tmp_path / "logs" / "statetrace-cli.log"
    logging.getLogger("engine.worker").warning("lease lost for %s", "a.log")
    logging.getLogger("engine.worker").debug("not shown at INFO")
    logs.log.info("run started", extra=logs.FILE_ONLY)
    text = path.read_text(encoding="utf-8")
    assert re.search(rf"^{STAMP} WARNING engine.worker: lease lost for a.log$", text, re.M), text
    assert "run started" in text and "not shown" not in text
    err = capsys.readouterr().err
    assert re.search(rf"^{STAMP} WARNING engine.worker: lease lost for a.log$", err, re.M), err
    assert "run started" not in err


def test_a_windowed_app_without_stderr_still_logs_to_its_file(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", None)  # PyInstaller's windowed Windows build
    path = logs.setup("statetrace")
    assert path is not None
    logging.getLogger("statetrace_gui").error("window failed")
    ours = [h for h in logging.getLogger().handlers if getattr(h, logs._OURS, False)]
    assert [type(h).__name__ for h in ours] == ["RotatingFileHandler"]
    assert "ERROR   statetrace_gui: window failed" in path.read_text(encoding="utf-8")


def test_log_level_and_verbose_are_taken_from_anywhere_on_the_line() -> None:
    assert logs.split_arguments(["ingest", "x.log", "-v"]) == (logging.DEBUG, ["ingest", "x.log"])
    assert logs.split_arguments(["--log-level", "warning", "ingest", "x.log"]) == (logging.WARNING, ["ingest", "x.log"])
    assert logs.split_arguments(["ingest", "--logs", "x"]) == (logging.INFO, ["ingest", "--logs", "x"])


def test_a_second_setup_replaces_its_own_handlers_only() -> None:
    foreign = logging.NullHandler()
    logging.getLogger().addHandler(foreign)
    try:
        logs.setup("statetrace-cli")
        logs.setup("statetrace-cli", logging.DEBUG)
        ours = [h for h in logging.getLogger().handlers if getattr(h, logs._OURS, False)]
        assert len(ours) == 2 and foreign in logging.getLogger().handlers
        assert logging.getLogger().level == logging.DEBUG
    finally:
        logging.getLogger().removeHandler(foreign)


def test_an_unwritable_log_folder_leaves_stderr_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("STATETRACE_LOG_DIR", str(blocker / "logs"))
    assert logs.setup("statetrace") is None
    logging.getLogger("x").error("still shown")
    err = capsys.readouterr().err
    assert "no log file" in err and "still shown" in err


def test_uncaught_exceptions_are_logged_with_traceback_and_reported(tmp_path: Path) -> None:
    path = logs.setup("statetrace", logging.INFO, console=False)
    assert path is not None
    seen: list[str] = []
    logs.install_excepthook(lambda info: seen.append(str(info[1])))
    try:
        raise ValueError("bad row 7")
    except ValueError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    thread = threading.Thread(target=lambda: 1 / 0, name="writer-3")
    thread.start()
    thread.join()
    text = path.read_text(encoding="utf-8")
    assert seen == ["bad row 7"]
    assert "CRITICAL statetrace: unhandled exception" in text and "ValueError: bad row 7" in text
    assert "Traceback (most recent call last)" in text
    assert "unhandled exception in thread writer-3" in text and "ZeroDivisionError" in text


def test_cli_run_is_recorded_in_its_log_file(tmp_path: Path, transcripts: Path) -> None:
    code = main(["ingest", str(transcripts / "mixed_batch02.log"), "--home", str(tmp_path / "ws"), "--json"])
    assert code == 0
    text = (tmp_path / "logs" / "statetrace-cli.log").read_text(encoding="utf-8")
    assert re.search(rf"^{STAMP} INFO    statetrace: statetrace-cli .*: ingest .*mixed_batch02.log", text, re.M)


def test_cli_crash_leaves_the_traceback_in_the_log_file(tmp_path: Path) -> None:
    code = ("import sys; from engine import cli\n"
            "def boom(args): raise RuntimeError('store exploded')\n"
            "cli.cmd_ingest = boom\n"
            "p = cli.build_parser\n"
            "def build():\n"
            "    parser = p(); parser._subparsers._group_actions[0].choices['ingest'].set_defaults(func=boom)\n"
            "    return parser\n"
            "cli.build_parser = build\n"
            "sys.exit(cli.main(['ingest', 'x.log']))\n")
    env = {"STATETRACE_LOG_DIR": str(tmp_path / "logs"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1
    text = (tmp_path / "logs" / "statetrace-cli.log").read_text(encoding="utf-8")
    assert "CRITICAL statetrace: unhandled exception" in text and "RuntimeError: store exploded" in text
