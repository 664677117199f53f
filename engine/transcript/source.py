"""Find transcript sources under the paths a user gives, and stream their text.

Folders are walked recursively; `.log`, `.txt` and extension-less files are transcripts, `.gz`
holds one transcript and `.zip` several. Everything else is reported as skipped, never guessed at.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from engine.transcript.decode import StreamDecoder, clean_text, has_control_bytes, sniff_encoding

TEXT_SUFFIXES = frozenset({".log", ".txt", ""})
ARCHIVE_SUFFIXES = frozenset({".gz", ".zip"})
# Read and decoded 2 MiB at a time: each chunk is copied a few times on its way to the splitter (bytes,
# text, cleaned text, carry), so the chunk size is most of a parse process's memory (docs/reliability.md).
CHUNK_BYTES = 2 * 1024 * 1024
# No CLI line is this long; longer ones are cut (a regex never sees a megabyte-long line).
LINE_LIMIT = 64 * 1024
# Archive members are refused before expanding past these (a text capture compresses about 10:1).
MAX_MEMBER_BYTES = 4 * 1024**3
MAX_RATIO = 200
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
        st = path.stat()  # stat never opens: a FIFO read would block the run forever
    except OSError as exc:
        yield Rejected(path, f"cannot read: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(st.st_mode):
        yield Rejected(path, f"not a regular file ({_file_kind(st.st_mode)}); not opened")
        return
    size = st.st_size
    real = real_path or os.path.realpath(path)
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    if info.is_dir():
                        continue
                    member = f"{path}!{info.filename}"
                    if os.path.splitext(info.filename)[1].lower() in ARCHIVE_SUFFIXES:
                        yield Rejected(Path(member), "an archive inside an archive is not opened; extract it first")
                    elif _is_transcript_name(info.filename):
                        too_big = _bomb_reason(info)
                        if too_big:
                            yield Rejected(Path(member), too_big)
                        else:
                            yield Source(path, info.filename, info.file_size, real)
        except (zipfile.BadZipFile, OSError) as exc:
            yield Rejected(path, f"unreadable zip archive: {exc}")
    elif suffix == ".gz" or suffix in TEXT_SUFFIXES:
        yield Source(path, "", size, real)
    else:
        yield Rejected(path, f"not a transcript (unsupported extension {suffix!r})")


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "a special file"


def _bomb_reason(info: zipfile.ZipInfo) -> str:
    """Why a member is refused before it is expanded: its declared size or compression ratio."""
    if info.file_size > MAX_MEMBER_BYTES:
        return (f"member expands to {info.file_size / 1e9:.1f} GB, over the {MAX_MEMBER_BYTES / 1e9:.0f} GB "
                "limit for archive members; extract it first")
    if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(1, info.compress_size):
        return (f"member compresses {info.file_size // max(1, info.compress_size)}:1 (over {MAX_RATIO}:1): "
                "refused as a likely zip bomb; extract it first if it is genuine")
    return ""


def discover(paths: Iterable[Path]) -> tuple[list[Source], list[Rejected]]:
    """Expand files and folders into sources, sorted for a stable ingestion order."""
    sources: list[Source] = []
    rejected: list[Rejected] = []
    for root in paths:
        if root.is_dir():
            def unreadable(err: OSError, folder: Path = root) -> None:
                where = err.filename or folder
                rejected.append(Rejected(Path(where), f"cannot read folder {where}: {err.strerror}"))

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


class ArchiveBomb(ValueError):
    """A compressed file expanding past the ratio or size limit while it is read."""


class _ExpansionGuard(io.BufferedIOBase):
    """A gzip stream counted as it expands: a .gz declares no trustworthy size up front (zip members are
    checked on their header, and zipfile never yields more than the header's size), so the ratio of
    bytes out to compressed bytes consumed is checked on every read, and the file is refused once it
    passes MAX_RATIO (after its first megabyte) or MAX_MEMBER_BYTES, long before memory or time grows."""

    def __init__(self, raw: gzip.GzipFile, compressed: IO[bytes]) -> None:
        super().__init__()
        self.raw = raw
        self.compressed = compressed
        self.expanded = 0

    def _check(self, data: bytes) -> bytes:
        self.expanded += len(data)
        if self.expanded > 1_000_000:
            consumed = max(1, self.compressed.tell())
            if self.expanded > MAX_MEMBER_BYTES:
                raise ArchiveBomb(f"expands past {MAX_MEMBER_BYTES / 1e9:.0f} GB, the limit for compressed "
                                  "files; extract it first")
            if self.expanded > MAX_RATIO * consumed:
                raise ArchiveBomb(f"expands {self.expanded // consumed}:1 (over {MAX_RATIO}:1) after "
                                  f"{self.expanded / 1e6:.0f} MB: refused as a likely gzip bomb; extract it "
                                  "first if it is genuine")
        return data

    def readable(self) -> bool:
        return True

    def read(self, n: int | None = -1) -> bytes:
        return self._check(self.raw.read(-1 if n is None else n))

    def read1(self, n: int = -1) -> bytes:
        return self._check(self.raw.read1(n))

    def close(self) -> None:
        try:
            self.raw.close()
        finally:
            self.compressed.close()
            super().close()


def open_binary(source: Source) -> IO[bytes]:
    if source.member:
        zf = zipfile.ZipFile(source.path)
        return zf.open(source.member)
    if source.path.suffix.lower() == ".gz":
        compressed = open(source.path, "rb")  # noqa: SIM115 - the guard closes it
        return _ExpansionGuard(gzip.GzipFile(fileobj=compressed, mode="rb"), compressed)  # type: ignore[return-value]
    return open(source.path, "rb")


class _TolerantReader:
    """Reads a possibly truncated archive in steps, so the bytes before the damage are not lost with
    the exception; the damage is recorded and the stream simply ends there."""

    STEP = 1024 * 1024

    def __init__(self, raw: IO[bytes], damage: list[str]) -> None:
        self.raw = raw
        self.damage = damage
        self._read1 = getattr(raw, "read1", raw.read)

    def read(self, n: int) -> bytes:
        parts: list[bytes] = []
        got = 0
        while got < n and not self.damage:
            try:
                # read1: one decompression step at a time, so little is lost with the exception
                part = self._read1(min(self.STEP, n - got))
            except (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile) as exc:
                self.damage.append(str(exc) or type(exc).__name__)
                break
            if not part:
                break
            parts.append(part)
            got += len(part)
        return b"".join(parts)


def iter_text(source: Source, chunk_bytes: int | None = None, raw_digest: Any = None,
              notes: list[str] | None = None, damage: list[str] | None = None) -> Iterator[str]:
    """Yield the cleaned text of a source in chunks of whole lines (one chunk for ordinary files).

    Files larger than a chunk (a 200 MB capture, a 2 GB dump) stream with bounded memory: a line
    longer than LINE_LIMIT is cut there (the rest of it is dropped as it is read) and reported in
    `notes` with file and line. `raw_digest` (a hashlib object) is fed the raw bytes as they are
    read, so a caller that needs the file's hash does not read it a second time. With `damage` given,
    a truncated or corrupt archive ends the text where it breaks and the reason is put there;
    without it, the error is raised.
    """
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    notes = notes if notes is not None else []
    where = source.display
    line_no = 1  # of the first line not yet yielded
    with open_binary(source) as raw:
        buffered: Any = raw if isinstance(raw, io.BufferedIOBase) else io.BufferedReader(raw)
        if damage is not None and (source.member or source.path.suffix.lower() == ".gz"):
            buffered = _TolerantReader(buffered, damage)
        head = buffered.read(chunk_bytes)
        decoder = StreamDecoder(sniff_encoding(head[:8192]))
        data = head
        pending = ""
        skipping = False  # inside a line already cut: drop until its end
        while data:
            if raw_digest is not None:
                raw_digest.update(data)
            nxt = buffered.read(chunk_bytes)
            text = decoder.decode(data, final=not nxt)
            if skipping:
                brk = _first_break(text)
                if brk < 0:
                    text = ""
                else:
                    text, skipping = text[brk:], False
            text = pending + text
            pending = ""
            if nxt:
                # Keep a partial last line for the next chunk (a CR at the very end may be half a CR LF).
                cut = _last_break(text)
                pending, text = text[cut:], text[:cut]
                if len(pending) > LINE_LIMIT:
                    text, pending, skipping = text + pending[:LINE_LIMIT], "", True
                    notes.append(f"{where}:{line_no + text.count(chr(10))}: line longer than {LINE_LIMIT} "
                                 "characters cut there")
            if text:
                eight_bit = not decoder.encoding.startswith("utf-16")
                cleaned = clean_text(text, maybe_controls=not eight_bit or has_control_bytes(data))
                cleaned = cut_long_lines(cleaned, line_no, where, notes)
                line_no += cleaned.count("\n")
                yield cleaned
            data = nxt
        if pending:
            yield cut_long_lines(clean_text(pending), line_no, where, notes)


def _last_break(text: str) -> int:
    """Offset just after the last line break (LF, or a CR not at the very end), 0 when there is none."""
    nl = text.rfind("\n")
    cr = text.rfind("\r", 0, len(text) - 1)
    return max(nl, cr) + 1


def _first_break(text: str) -> int:
    nl, cr = text.find("\n"), text.find("\r")
    return min(nl, cr) if nl >= 0 and cr >= 0 else max(nl, cr)


def cut_long_lines(text: str, first_line: int, where: str, notes: list[str]) -> str:
    """Lines longer than LINE_LIMIT cut there and reported; linear, one `find` per half-limit of text."""
    n = len(text)
    if n <= LINE_LIMIT:
        return text
    step = LINE_LIMIT // 2
    out: list[str] = []
    done, counted, line = 0, 0, first_line
    p = 0
    while p < n:
        if text.find("\n", p, p + step) >= 0:
            p += step
            continue
        start = text.rfind("\n", done, p) + 1 or done
        start = max(start, done)
        end = text.find("\n", p)
        end = n if end < 0 else end
        if end - start > LINE_LIMIT:
            line += text.count("\n", counted, start)
            counted = start
            notes.append(f"{where}:{line}: line of {end - start} characters cut to {LINE_LIMIT}")
            out.append(text[done:start + LINE_LIMIT])
            done = end
        p = max(end + 1, p + step)
    out.append(text[done:])
    return "".join(out)
