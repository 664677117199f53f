"""Sort dropped paths into what the runtime should get and what to report instead (pool thread).

Single files are checked by name and by their first bytes (the engine's own binary sniffing), so
a dropped PDF or executable is reported in the log panel instead of becoming a failed job.
Folders are handed over whole (the runtime walks them); here they are only counted, so the user
hears about files in them that will be ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from engine.console import human_bytes
from engine.transcript.decode import BinaryInput, sniff_encoding
from engine.transcript.source import ARCHIVE_SUFFIXES, IGNORED_PREFIXES, TEXT_SUFFIXES

LARGE_FILE_BYTES = 1 << 30
MAX_WALK_FILES = 200_000  # counting stops here; the runtime still sees the whole folder


@dataclass(slots=True)
class IntakeResult:
    accepted: list[Path] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def is_candidate(name: str) -> bool:
    base = os.path.basename(name)
    if base.startswith(".") or base.startswith(IGNORED_PREFIXES):
        return False
    suffix = os.path.splitext(base)[1].lower()
    return suffix in TEXT_SUFFIXES or suffix in ARCHIVE_SUFFIXES


def _check_file(path: Path, result: IntakeResult) -> None:
    suffix = path.suffix.lower()
    if not is_candidate(path.name):
        result.rejected.append((path, f"not a transcript (unsupported extension {suffix or path.name!r})"))
        return
    try:
        size = path.stat().st_size
        if suffix in TEXT_SUFFIXES:
            with open(path, "rb") as fh:
                sniff_encoding(fh.read(8192))
    except BinaryInput as exc:
        result.rejected.append((path, str(exc)))
        return
    except OSError as exc:
        result.rejected.append((path, f"cannot read: {exc.strerror or exc}"))
        return
    if size == 0:
        result.rejected.append((path, "empty file"))
        return
    if size >= LARGE_FILE_BYTES:
        result.notes.append(f"{path.name} is large ({human_bytes(size)}); it is read in chunks")
    result.accepted.append(path)


def _check_folder(path: Path, result: IntakeResult) -> None:
    if not os.access(path, os.R_OK | os.X_OK):
        result.rejected.append((path, "cannot read folder (permission denied)"))
        return
    candidates = ignored = unreadable = 0
    examples: list[str] = []

    def on_error(err: OSError) -> None:
        nonlocal unreadable
        unreadable += 1

    for _dirpath, dirnames, filenames in os.walk(path, onerror=on_error):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if is_candidate(name):
                candidates += 1
            elif not name.startswith("."):
                ignored += 1
                if len(examples) < 3:
                    examples.append(name)
        if candidates + ignored >= MAX_WALK_FILES:
            break
    if ignored:
        result.notes.append(f"{path}: {ignored} file(s) that are not transcripts will be ignored "
                            f"(e.g. {', '.join(examples)})")
    if unreadable:
        result.notes.append(f"{path}: {unreadable} sub-folder(s) cannot be read")
    if not candidates:
        result.rejected.append((path, "folder holds no transcripts (.log, .txt, extension-less, .gz, .zip)"))
        return
    result.accepted.append(path)


def classify(paths: list[Path]) -> IntakeResult:
    result = IntakeResult()
    for path in paths:
        if path.is_dir():
            _check_folder(path, result)
        elif path.exists():
            _check_file(path, result)
        else:
            result.rejected.append((path, "no such file or folder"))
    return result
