"""Find transcript sources under the paths a user gives, and stream their text.

Folders are walked recursively; `.log`, `.txt` and extension-less files are transcripts, `.gz`
holds one transcript and `.zip` several. Everything else is reported as skipped, never guessed at.
"""

from __future__ import annotations

import gzip
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from engine.transcript.decode import StreamDecoder, clean_text, has_control_bytes, sniff_encoding

TEXT_SUFFIXES = frozenset({".log", ".txt", ""})
ARCHIVE_SUFFIXES = frozenset({".gz", ".zip"})
CHUNK_BYTES = 32 * 1024 * 1024
IGNORED_PREFIXES = ("WarmRunTelemetry-",)


@dataclass(frozen=True, slots=True)
class Source:
    """One transcript: a file, or a member of a zip archive."""

    path: Path
    member: str = ""
    size: int = 0
    # The symlink-free absolute path, when discovery already knows it (resolving costs several
    # system calls per file, and a warm run over thousands of files is made of little else).
    real_path: str = field(default="", compare=False)

    @property
    def display(self) -> str:
        return f"{self.path}!{self.member}" if self.member else str(self.path)


@dataclass(frozen=True, slots=True)
class Rejected:
    path: Path
    reason: str


def _is_transcript_name(name: str) -> bool:
    base = os.path.basename(name)
    if base.startswith(".") or base.startswith(IGNORED_PREFIXES):
        return False
    return os.path.splitext(base)[1].lower() in TEXT_SUFFIXES


def _file_sources(path: Path, real_path: str = "") -> Iterator[Source | Rejected]:
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Rejected(path, f"cannot read: {exc.strerror or exc}")
        return
    real = real_path or os.path.realpath(path)
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    if not info.is_dir() and _is_transcript_name(info.filename):
                        yield Source(path, info.filename, info.file_size, real)
        except (zipfile.BadZipFile, OSError) as exc:
            yield Rejected(path, f"unreadable zip archive: {exc}")
    elif suffix == ".gz" or suffix in TEXT_SUFFIXES:
        yield Source(path, "", size, real)
    else:
        yield Rejected(path, f"not a transcript (unsupported extension {suffix!r})")


def discover(paths: Iterable[Path]) -> tuple[list[Source], list[Rejected]]:
    """Expand files and folders into sources, sorted for a stable ingestion order."""
    sources: list[Source] = []
    rejected: list[Rejected] = []
    for root in paths:
        if root.is_dir():
            def unreadable(err: OSError, folder: Path = root) -> None:
                rejected.append(Rejected(Path(err.filename or folder), f"cannot read folder: {err.strerror}"))

            for dirpath, dirnames, filenames in os.walk(str(root), onerror=unreadable):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                # Once per folder, not per file (a Windows junction is walked into, so resolve each folder).
                real_dir = os.path.realpath(dirpath)
                for name in sorted(filenames):
                    if name.startswith(".") or name.startswith(IGNORED_PREFIXES):
                        continue
                    suffix = os.path.splitext(name)[1].lower()
                    if suffix in TEXT_SUFFIXES or suffix in ARCHIVE_SUFFIXES:
                        file_path = os.path.join(dirpath, name)
                        real = os.path.realpath(file_path) if os.path.islink(file_path) else os.path.join(real_dir, name)
                        for item in _file_sources(Path(file_path), real):
                            (sources if isinstance(item, Source) else rejected).append(item)  # type: ignore[arg-type]
        elif root.exists():
            for item in _file_sources(root):
                (sources if isinstance(item, Source) else rejected).append(item)  # type: ignore[arg-type]
        else:
            rejected.append(Rejected(root, "no such file or folder"))
    unique = {(s.real_path, s.member): s for s in sources}
    return sorted(unique.values(), key=lambda s: (str(s.path), s.member)), rejected


def open_binary(source: Source) -> IO[bytes]:
    if source.member:
        zf = zipfile.ZipFile(source.path)
        return zf.open(source.member)
    if source.path.suffix.lower() == ".gz":
        return gzip.open(source.path, "rb")  # type: ignore[return-value]
    return open(source.path, "rb")


def iter_text(source: Source, chunk_bytes: int | None = None, raw_digest: Any = None) -> Iterator[str]:
    """Yield the cleaned text of a source in chunks of whole lines (one chunk for ordinary files).

    Files larger than a chunk (a 200 MB capture, a 2 GB dump) stream with bounded memory.
    `raw_digest` (a hashlib object) is fed the raw bytes as they are read, so a caller that needs the
    file's hash does not read it a second time; it is complete once the iterator is exhausted.
    """
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    with open_binary(source) as raw:
        buffered: IO[bytes] = raw if isinstance(raw, io.BufferedIOBase) else io.BufferedReader(raw)  # type: ignore[type-var]
        head = buffered.read(chunk_bytes)
        decoder = StreamDecoder(sniff_encoding(head[:8192]))
        data = head
        pending = ""
        while data:
            if raw_digest is not None:
                raw_digest.update(data)
            nxt = buffered.read(chunk_bytes)
            text = pending + decoder.decode(data, final=not nxt)
            if nxt:
                nl = text.rfind("\n")
                # Keep a partial last line (and any lone CR before it) for the next chunk.
                pending, text = (text[nl + 1 :], text[: nl + 1]) if nl >= 0 else (text, "")
            else:
                pending = ""
            if text:
                eight_bit = not decoder.encoding.startswith("utf-16")
                yield clean_text(text, maybe_controls=not eight_bit or has_control_bytes(data))
            data = nxt
        if pending:
            yield clean_text(pending)
