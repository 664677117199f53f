"""Work done in parse processes: read a source, split it by host, hash each host, parse what changed.

This runs in a `spawn` process pool (also inside a frozen Windows app), so it only takes and
returns plain picklable data, and it never raises: every problem becomes a reason on the result.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine import gc_policy
from engine.facts import FactsError, build_facts
from engine.facts.build import wanted_command
from engine.facts.config import mask_device_secrets
from engine.ingest import file_index
from engine.ingest.budget import OverBudget, host_budget, time_budget
from engine.model import DeviceFacts
from engine.sites import InvalidHostname, clean_hostname, site_of
from engine.transcript import capture_time
from engine.transcript.decode import BinaryInput
from engine.transcript.source import ArchiveBomb, Source, iter_text
from engine.transcript.split import NoPrompt, SplitState, iter_pieces

_PROMPT_TAIL = re.compile(r"^\S{1,128}[#>]$")  # a file may end at the next prompt without a newline
# Hosts whose last ingestion is on record and whose database exists: lower-case host -> (hash, length).
_KNOWN: dict[str, tuple[str, int]] = {}
# Source files as last ingested (see file_index): key -> {"size", "raw", "hosts"}.
_FILES: dict[str, dict[str, Any]] = {}
# Secrets in configurations are masked before storing unless the workspace opts in (Parser.StoreSecrets).
_OPTIONS = {"keep_secrets": False, "budget": False}  # budget: a per-host parse time limit (parse processes)
# Where a parse process sends the hosts of a big file before the file ends (a multiprocessing queue the
# pool's owner drains; its bound blocks this process while the writers are behind).
_PARTIALS: list[Any] = []
# A file's finished hosts are parsed and sent on once the text held for its unfinished hosts passes this:
# memory stays bounded by it, not by the size of the file (a 2 GB transcript of 15,000 hosts).
SPILL_BYTES = int(os.environ.get("STATETRACE_SPILL_BYTES", 8 * 1024 * 1024))  # tests lower it
EMIT_BATCH = 16  # hosts per message

Emit = Callable[[list["HostOutcome"]], None]


def set_keep_secrets(keep: bool) -> None:
    _OPTIONS["keep_secrets"] = keep


def init_worker(known: dict[str, tuple[str, int]], files: dict[str, dict[str, Any]] | None = None,
                keep_secrets: bool = False, partials: Any = None) -> None:
    """Process-pool initializer: the change-detection records, sent once per process.

    Parse processes also lower their priority a little: they are batch work, and the window's
    thread and the writers must not wait behind them for a core, and collect cyclic garbage rarely
    (`engine.gc_policy`).
    """
    _KNOWN.clear()
    _KNOWN.update(known)
    _FILES.clear()
    _FILES.update(files or {})
    _PARTIALS[:] = [partials] if partials is not None else []
    set_keep_secrets(keep_secrets)
    in_parse_process = multiprocessing.parent_process() is not None
    _OPTIONS["budget"] = in_parse_process  # a parse process: its main thread
    if in_parse_process:
        gc_policy.relax_for_good()
    if hasattr(os, "nice") and in_parse_process:
        try:
            os.nice(5)
        except OSError:
            pass


@dataclass(slots=True)
class HostOutcome:
    """One host of one source: skipped, parsed into facts, or failed with a reason."""

    host: str
    site: str
    file_hash: str
    length: int
    line: int
    state: str  # parsed | skipped | failed
    facts: DeviceFacts | None = None
    reason: str = ""
    parse_seconds: float = 0.0
    blocks: list[tuple[str, str]] | None = None  # only when asked for (multi-source merge)
    prefix: str = ""
    commands: list[str] = field(default_factory=list)
    capture_time: str = ""  # 'YYYY-MM-DD HH:MM:SS' (engine/transcript/capture_time.py); "" when unknown
    capture_source: str = ""  # clock | log-header | file-name | mtime
    truncated_line: int = 0  # the transcript ends inside this host's output, cut at this line


@dataclass(slots=True)
class SourceResult:
    source: Source
    bytes: int
    hosts: list[HostOutcome] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
    raw_hash: str = ""  # SHA-256 of the file's raw bytes (for the warm-run file index)
    capture: tuple[str, str] = ("", "")  # the file's capture time and source, for hosts without a clock
    warnings: list[str] = field(default_factory=list)  # cut lines, rejected prompts: file and line each
    unchanged_file: bool = False  # skipped whole: same raw bytes, every host still on record
    # Hosts sent on before the file ended (`emit`): (host, site, hash, length, line, state) each; `hosts`
    # then holds only the rest.
    streamed: list[tuple[str, str, str, int, int, str]] = field(default_factory=list)

    def host_stamps(self) -> list[tuple[str, str, str, int, int, str]]:
        """Every host of the file, streamed or not, in file order."""
        return [*self.streamed, *((h.host, h.site, h.file_hash, h.length, h.line, h.state) for h in self.hosts)]


@dataclass(slots=True)
class _HostAccumulator:
    display: str
    line: int
    prefix: str
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)
    length: int = 0
    blocks: list[tuple[str, str]] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    invalid: str = ""
    clock: str = ""  # the host's own `show clock`, as RunDate text
    truncated_line: int = 0


def process_source_streamed(source: Source, force: bool, known_raw: str, stream_id: int) -> SourceResult:
    """`process_source` in a parse process, sending a big file's hosts on through the pool's queue."""
    partials = _PARTIALS[0] if _PARTIALS else None
    emit: Emit | None = None
    if partials is not None:
        def emit(outcomes: list[HostOutcome]) -> None:
            partials.put((stream_id, outcomes))
    return process_source(source, None, False, force, known_raw, emit)


def process_source(source: Source, only_hosts: frozenset[str] | None = None, return_blocks: bool = False,
                   force: bool = False, known_raw: str = "", emit: Emit | None = None) -> SourceResult:
    """Split, hash and parse one source. `known_raw`: its raw hash, already computed by a caller that
    also found the file changed (so neither is done again). With `emit`, finished hosts of a big file
    are parsed and handed to it in batches while the file is read (`SPILL_BYTES`); the result then
    lists them in `streamed` only. A host seen again after it was sent comes back as a second outcome,
    which the caller merges like a host seen in several files."""
    started = time.perf_counter()
    result = SourceResult(source, 0, raw_hash=known_raw)
    raw_digest = None
    if only_hosts is None and not return_blocks:
        try:
            if not force and not known_raw and unchanged_file_result(source, _KNOWN, _FILES, result) is not None:
                result.seconds = time.perf_counter() - started
                return result
        except OSError:
            pass  # the full path below reports the problem with the file
        if not result.raw_hash:
            raw_digest = hashlib.sha256()  # hashed while the split reads the file, not in a pass of its own
    try:
        spill = emit if only_hosts is None and not return_blocks else None
        hosts = _split_source(source, result, only_hosts, raw_digest, spill, force)
        if raw_digest is not None:
            result.raw_hash = raw_digest.hexdigest()
    except (BinaryInput, NoPrompt, ArchiveBomb) as exc:
        result.error = f"{source.display}: {exc}"
        return result
    except (OSError, EOFError, ValueError) as exc:
        result.error = f"{source.display}: cannot read ({exc})"
        return result
    except Exception as exc:
        result.error = f"{source.display}: internal error while reading: {exc!r}"
        return result
    if not hosts and not result.streamed and not result.error:
        result.error = f"{source.display}: no device prompt or hostname found (not a CLI transcript?)"
    for key, acc in hosts.items():
        result.hosts.append(_finish_host(source, key, acc, return_blocks, force, result.capture))
    result.seconds = time.perf_counter() - started
    return result


def unchanged_file_result(source: Source, known: dict[str, tuple[str, int]], files: dict[str, dict[str, Any]],
                          result: SourceResult | None = None) -> SourceResult | None:
    """The whole-file skip on its own, so the runtime can do it before any parse process starts.

    Costs one stat-free dictionary lookup for a file not in the index, one SHA-256 pass (GIL released)
    for a file of the same size; None means the file needs the full path.
    """
    entry = files.get(file_index.source_key(source))
    if not entry or entry.get("size") != source.size:
        return None
    result = result if result is not None else SourceResult(source, 0)
    started = time.perf_counter()
    result.raw_hash = file_index.raw_sha256(source)
    if result.raw_hash != entry.get("raw"):
        return None
    hosts = entry.get("hosts") or []
    if not hosts or any(known.get(str(h[0]).lower()) != (h[2], h[3]) for h in hosts):
        return None
    result.bytes = source.size
    result.unchanged_file = True
    result.hosts = [HostOutcome(str(h[0]), str(h[1]), str(h[2]), int(h[3]), int(h[4]), "skipped") for h in hosts]
    result.seconds = time.perf_counter() - started
    return result


def _spill(source: Source, result: SourceResult, hosts: dict[str, _HostAccumulator], keep: str, head: str,
           emit: Emit, force: bool) -> None:
    """Parse and send on every host but the one being read (`keep`), freeing the text they held."""
    if result.capture == ("", ""):
        result.capture = _file_capture(source, head)
    done = [key for key in hosts if key != keep]
    for start in range(0, len(done), EMIT_BATCH):
        batch = [_finish_host(source, key, hosts.pop(key), False, force, result.capture)
                 for key in done[start:start + EMIT_BATCH]]
        result.streamed.extend((h.host, h.site, h.file_hash, h.length, h.line, h.state) for h in batch)
        emit(batch)


def _file_capture(source: Source, head: str) -> tuple[str, str]:
    try:
        mtime: float | None = source.path.stat().st_mtime
    except OSError:
        mtime = None
    return capture_time.file_capture(source.member or source.path.name, head, mtime)


def _split_source(source: Source, result: SourceResult, only_hosts: frozenset[str] | None,
                  raw_digest: Any = None, emit: Emit | None = None, force: bool = False
                  ) -> dict[str, _HostAccumulator]:
    state = SplitState()
    held = 0  # text held for unfinished hosts (bytes)
    hosts: dict[str, _HostAccumulator] = {}
    line_base = 0
    damage: list[str] = []
    text_chunks = iter_text(source, raw_digest=raw_digest, notes=result.warnings, damage=damage)
    head = ""
    last_key, tail = "", ""
    for piece, segments in iter_pieces(text_chunks, state):
        if not head:
            head = piece[:4096]
        if piece:
            cut_at = piece.rfind("\n")
            tail = piece[cut_at + 1:] if cut_at >= 0 else tail + piece
        result.bytes += len(piece)
        for offset, text in state.rejected:
            line = line_base + piece.count("\n", 0, offset) + 1
            result.warnings.append(f"{source.display}:{line}: prompt-looking line {text!r} rejected (not a valid "
                                   "hostname); its output is attributed to no host")
        result.warnings.extend(f"{source.display}: {note}" for note in state.notes)
        state.notes.clear()
        cursor, line = 0, line_base
        for seg in segments:
            key = seg.host.lower()
            if only_hosts is not None and key not in only_hosts:
                continue
            last_key = key
            acc = hosts.get(key)
            if acc is None:
                line += piece.count("\n", cursor, seg.start)
                cursor = seg.start
                acc = hosts[key] = _HostAccumulator(seg.host, line + 1, seg.prefix)
            chunk = piece[seg.start:seg.end].encode("utf-8", "surrogatepass")
            acc.digest.update(chunk)
            acc.length += len(chunk)
            held += len(chunk)
            for block in seg.blocks:
                acc.commands.append(block.command)
                if not acc.clock and capture_time.is_clock_command(block.command):
                    moment = capture_time.from_clock(piece[block.start:block.end])
                    acc.clock = moment.strftime(capture_time.FORMAT) if moment else ""
                canonical = wanted_command(block.command)
                if canonical is not None:
                    acc.blocks.append((canonical, piece[block.start:block.end]))
        line_base += piece.count("\n")
        if emit is not None and held > SPILL_BYTES:
            current = state.current_host.lower() if state.current_host else ""
            _spill(source, result, hosts, current, head, emit, force)
            held = hosts[current].length if current in hosts else 0
    if damage:
        # A truncated archive: the hosts read whole are kept; the one cut off is not half-stored.
        cut = state.current_host.lower() if state.current_host else None
        lost = hosts.pop(cut).display if cut in hosts else "no host"
        result.error = (f"{source.display}: truncated or damaged after line {line_base} ({damage[0]}); "
                        f"{len(hosts) + len(result.streamed)} host(s) before the damage kept, {lost} (cut off) not ingested")
    elif last_key in hosts and tail.strip() and not _PROMPT_TAIL.match(tail.strip()):
        # The file stops mid-line inside this host's output (not at a prompt): a truncated capture.
        hosts[last_key].truncated_line = line_base + 1
    if hosts and result.capture == ("", ""):
        result.capture = _file_capture(source, head)
    return hosts


def _finish_host(source: Source, key: str, acc: _HostAccumulator, return_blocks: bool, force: bool,
                 capture: tuple[str, str] = ("", "")) -> HostOutcome:
    file_hash = acc.digest.hexdigest()
    where = f"{source.display}:{acc.line}"
    try:
        host = clean_hostname(acc.display)
    except InvalidHostname as exc:
        return HostOutcome(acc.display, "Unknown", file_hash, acc.length, acc.line, "failed",
                           reason=f"{where}: {exc}")
    site = site_of(host)
    outcome = HostOutcome(host, site, file_hash, acc.length, acc.line, "parsed",
                          prefix=acc.prefix, commands=acc.commands)
    outcome.capture_time, outcome.capture_source = (acc.clock, "clock") if acc.clock else capture
    outcome.truncated_line = acc.truncated_line
    if return_blocks:
        outcome.blocks = acc.blocks
        return outcome
    if not force and _KNOWN.get(key) == (file_hash, acc.length):
        outcome.state = "skipped"
        return outcome
    started = time.perf_counter()
    try:
        with time_budget(host_budget(acc.length) if _OPTIONS["budget"] else 0):
            outcome.facts = build_facts(host, acc.prefix, acc.blocks, acc.commands)
        if not _OPTIONS["keep_secrets"]:
            mask_device_secrets(outcome.facts)
    except OverBudget as exc:
        outcome.facts = None
        outcome.state, outcome.reason = "failed", f"{where}: host {host}: parse abandoned: {exc}"
    except FactsError as exc:
        outcome.state, outcome.reason = "failed", f"{where}: host {host}: {exc}"
    except Exception as exc:
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        outcome.state = "failed"
        outcome.reason = (f"{where}: host {host}: internal parser error {exc!r} "
                          f"({tb.filename.rsplit('/', 1)[-1]}:{tb.lineno})")
    outcome.parse_seconds = time.perf_counter() - started
    return outcome


def build_merged(host_outcomes: list[HostOutcome]) -> HostOutcome:
    """One host seen in several sources: blocks in source order, later commands win, one combined hash."""
    first = host_outcomes[0]
    digest = hashlib.sha256()
    blocks: list[tuple[str, str]] = []
    commands: list[str] = []
    length = 0
    for o in host_outcomes:
        digest.update(bytes.fromhex(o.file_hash))
        blocks.extend(o.blocks or [])
        commands.extend(o.commands)
        length += o.length
    file_hash = first.file_hash if len(host_outcomes) == 1 else digest.hexdigest()
    merged = HostOutcome(first.host, first.site, file_hash, length, first.line, "parsed",
                         prefix=first.prefix, commands=commands)
    latest = max(host_outcomes, key=lambda o: o.capture_time)
    merged.capture_time, merged.capture_source = latest.capture_time, latest.capture_source
    started = time.perf_counter()
    try:
        merged.facts = build_facts(first.host, first.prefix, blocks, commands)
        if not _OPTIONS["keep_secrets"]:
            mask_device_secrets(merged.facts)
    except Exception as exc:
        merged.state, merged.reason = "failed", f"host {first.host} (several files): {exc}"
    merged.parse_seconds = time.perf_counter() - started
    return merged
