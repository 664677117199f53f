"""Logging for both programs: timestamped records to stderr and to a rotating file in the user log folder.

The window has no console when frozen (and on Windows none at all), so the file is what remains of a
failure: `%LOCALAPPDATA%\\StateTraceIngest\\Logs` on Windows, `~/.local/state/StateTraceIngest/log` on Linux
(platformdirs), or `$STATETRACE_LOG_DIR`. One file per program (`statetrace.log`, `statetrace-cli.log`),
5 x 5 MB, so a CLI run never rotates the file the window holds open.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from engine.workspace import APP_NAME

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 4
_OURS = "_statetrace_handler"  # marks the handlers setup() added, so a second call replaces only those

log = logging.getLogger("statetrace")
FILE_ONLY = {"file_only": True}  # `extra=` for records the log file keeps but stderr does not show


def log_dir() -> Path:
    """$STATETRACE_LOG_DIR, else the per-user log folder of the OS."""
    override = os.environ.get("STATETRACE_LOG_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME, appauthor=False))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`--log-level LEVEL` and `-v` (INFO is the default; -v is DEBUG)."""
    parser.add_argument("--log-level", choices=LEVELS, type=str.upper, default=None,
                        help=f"messages shown on stderr and kept in the log file in {log_dir()} (default INFO)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="same as --log-level DEBUG")


def level_of(args: argparse.Namespace) -> int:
    name = getattr(args, "log_level", None)
    if name:
        return int(getattr(logging, name))
    return logging.DEBUG if getattr(args, "verbose", 0) else logging.INFO


def split_arguments(argv: Sequence[str]) -> tuple[int, list[str]]:
    """The log level from `--log-level`/`-v` anywhere in argv (before or after a subcommand), and the rest."""
    pre = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    add_arguments(pre)
    known, rest = pre.parse_known_args(list(argv))
    return level_of(known), rest


def setup(program: str, level: int = logging.INFO, console: bool = True) -> Path | None:
    """Route every logger to stderr (when `console`) and to `<log_dir>/<program>.log`; returns the file, or
    None when the folder cannot be written (then stderr alone, with one warning saying why)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    formatter = logging.Formatter(FORMAT)
    handlers: list[logging.Handler] = []
    if console and sys.stderr is not None:  # a windowed frozen app (Windows) has no stderr at all
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(level)
        stream.addFilter(lambda record: not getattr(record, "file_only", False))
        handlers.append(stream)
    path = log_dir() / f"{program}.log"
    problem = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        file_handler.setLevel(min(level, logging.INFO))  # the file keeps INFO even when stderr shows less
        handlers.append(file_handler)
    except OSError as exc:
        problem = f"no log file ({exc})"
    for handler in handlers:
        handler.setFormatter(formatter)
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    root.setLevel(min(level, logging.INFO))
    if problem:
        log.warning("%s: %s", program, problem)
        return None
    return path


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


_crash_reporter: list[Callable[[ExcInfo], None] | None] = [None]


def install_excepthook(on_crash: Callable[[ExcInfo], None] | None = None) -> None:
    """Log every uncaught exception (main thread, other threads, Qt slots) with its traceback; then call
    `on_crash` (the window shows a dialog there). KeyboardInterrupt keeps Python's own handling.
    Calling it again only replaces `on_crash`."""
    _crash_reporter[0] = on_crash
    if getattr(sys.excepthook, _OURS, False):
        return
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        log.critical("unhandled exception", exc_info=(kind, exc, tb))
        report = _crash_reporter[0]
        if report is not None:
            try:
                report((kind, exc, tb))
            except Exception:  # noqa: BLE001 - the report itself must not raise into the event loop
                log.exception("could not show the error report")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        log.critical("unhandled exception in thread %s", name,
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    setattr(hook, _OURS, True)
    sys.excepthook = hook
    threading.excepthook = thread_hook
