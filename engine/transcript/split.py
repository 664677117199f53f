"""Carve a transcript into per-host command blocks.

A line is a prompt when it looks like one (`HOST#`, `HOST>`, `SSH@HOST#`, `user@host>`,
`HOST(config-if)#`) *and* either echoes a CLI command (`show ...`, `terminal length 0`, config-mode
input) or belongs to a host already seen echoing one. Output lines that merely end in `#`/`>` are
therefore never taken for prompts, which is the legacy splitter's main defect. Files without any
prompt (saved configurations) are split on their `hostname X` lines instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

PROMPT = re.compile(
    r"^[ \t]*(?P<prefix>(?:SSH|ssh|telnet|Telnet|TELNET)@|[A-Za-z0-9_.-]{1,32}@)?"
    r"(?:[A-Z]{2}/\d{1,3}/[A-Za-z0-9]{1,12}/CPU\d{1,2}:)?"  # IOS-XR's node: RP/0/RP0/CPU0:HOST#
    r"(?P<host>[^\s#>()\[\]@]{1,80}?)"
    r"(?P<mode>\((?:[a-z][\w.:/-]*)\))?[ \t]*(?P<sym>[#>])[ \t]*(?P<cmd>[^\n]*)$",
    re.MULTILINE,
)
# A line shaped like a prompt echoing a command whose host part no prompt can have (spaces, too long,
# brackets): not a host, but not output of the host before it either. It ends that host's slice.
LOOSE_PROMPT = re.compile(r"(?P<host>[^\s#>][^\n#>]{0,119}?)[ \t]*(?P<sym>[#>])[ \t]*(?P<cmd>[^\n]*)")
STRICT_VERBS = frozenset(["show", "sh", "sho", "terminal", "term", "ter", "display", "skip-page-display", "enable",
                          "configure", "conf", "ping", "traceroute", "copy", "dir", "more", "write", "wr"])
# Prompt lines are rare and every one holds `#` or `>`: scanning for those two characters and
# testing only their lines is far faster than trying the prompt pattern at every line start.
_MAX_PROMPT_PREFIX = 120
HOSTNAME_LINE = re.compile(r"^[ \t]*hostname[ \t]+\"?(?P<host>[^\s\"]+)\"?[ \t]*$", re.MULTILINE)

# First words that only a person at a CLI types; an output line never starts a prompt with them.
CLI_VERBS = frozenset(
    ["show", "sh", "sho", "terminal", "term", "ter", "skip-page-display", "skip-page", "skip", "enable", "en", "ena", "disable", "configure", "conf", "config", "exit", "end", "write", "wr", "copy", "ping", "traceroute", "trace", "dir", "more", "display", "request", "set", "get", "logout", "quit", "reload", "clear", "debug", "undebug", "no", "do", "interface", "int", "hostname", "vlan", "router", "ip", "ipv6", "snmp-server", "line", "username", "spanning-tree", "dot1x", "mac-authentication", "authentication", "aaa", "ntp", "logging", "banner", "exec-timeout", "cli", "screen-length", "page"]
)
PRE_HOST_LINE_LIMIT = 4000


@dataclass(slots=True)
class Block:
    """The output of one command: `text[start:end]` of the carved piece."""

    command: str
    start: int
    end: int


@dataclass(slots=True)
class Segment:
    """A contiguous stretch of one host's session within a piece of text."""

    host: str
    start: int
    end: int
    prefix: str = ""
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class SplitState:
    """What carries over from one piece of a streamed file to the next."""

    current_host: str | None = None
    confirmed: dict[str, str] = field(default_factory=dict)  # lower-case host -> first spelling
    unattributed_lines: int = 0
    prompted: bool = False  # a prompt was seen: hostname lines no longer start hosts
    orphaned: bool = False  # after a rejected prompt: text belongs to no host until the next prompt
    # Of the last piece split: (offset, line) of each rejected prompt-looking line; the reader clears it.
    rejected: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # problems worth reporting (split blocks, ...)


def _is_command_echo(cmd: str, mode: str | None) -> bool:
    if not cmd:
        return False
    if mode:
        return True
    first = cmd.split(None, 1)[0].lower()
    return first in CLI_VERBS


def prompt_lines(text: str) -> Iterator[re.Match[str]]:
    """Every line of `text` shaped like a prompt, in order."""
    for _line, m in prompt_candidates(text):
        if m is not None:
            yield m


def prompt_candidates(text: str) -> Iterator[tuple[int, re.Match[str] | None]]:
    """(line start, prompt match or None) for every line holding `#` or `>` near its start.

    str.find runs at memory speed where a regex character-class scan does not, so the two marks
    are found with it and only their lines meet the prompt pattern (which is linear in the line).
    """
    find, rfind, match = text.find, text.rfind, PROMPT.match
    end = len(text)
    next_hash, next_gt = find("#"), find(">")
    last_line = -1
    while True:
        if next_hash < 0:
            if next_gt < 0:
                return
            at = next_gt
        elif next_gt < 0 or next_hash < next_gt:
            at = next_hash
        else:
            at = next_gt
        line = rfind("\n", 0, at) + 1
        if line != last_line and at - line <= _MAX_PROMPT_PREFIX:
            last_line = line
            yield line, match(text, line)
        # Resume after this line: one prompt per line at most.
        nl = find("\n", at)
        resume = end if nl < 0 else nl + 1
        if next_hash >= 0 and next_hash < resume:
            next_hash = find("#", resume)
        if next_gt >= 0 and next_gt < resume:
            next_gt = find(">", resume)


def _rejected_prompt(text: str, line: int) -> str | None:
    """The line's text when it echoes a CLI command after a host part no real prompt has."""
    m = LOOSE_PROMPT.match(text, line)
    if m is None:
        return None
    cmd = m.group("cmd").split(None, 1)
    if not cmd or cmd[0].lower() not in STRICT_VERBS:
        return None
    end = text.find("\n", line)
    return text[line:end if end >= 0 else len(text)][:200]


def split_piece(text: str, state: SplitState) -> list[Segment]:
    """Split `text` (whole lines) into host segments, updating `state` for the next piece."""
    candidates = []
    state.rejected = []
    for line, m in prompt_candidates(text):
        if m is None:
            rejected = _rejected_prompt(text, line)
            if rejected is not None:
                state.rejected.append((line, rejected))
            continue
        host = m.group("host")
        cmd = m.group("cmd").rstrip()
        if _is_command_echo(cmd, m.group("mode")):
            state.confirmed.setdefault(host.lower(), host)
            candidates.append(m)
        elif not cmd:
            candidates.append(m)  # a bare prompt: kept once its host is known to echo commands
    prompts = [m for m in candidates if m.group("host").lower() in state.confirmed]
    if not prompts and not state.rejected:
        if state.prompted:
            return _continuation(text, state)
        return _split_on_hostname_lines(text, state)
    state.prompted = state.prompted or bool(prompts)
    # Prompts and rejected lines in text order: each one ends the block (and maybe the host) before it.
    events: list[tuple[int, re.Match[str] | None]] = sorted(
        [(m.start(), m) for m in prompts] + [(at, None) for at, _ in state.rejected], key=lambda e: e[0])

    segments: list[Segment] = []
    current: Segment | None = None
    first = events[0][0]
    banner = False
    if first > 0:
        if state.current_host is not None and not state.orphaned:
            current = Segment(state.current_host, 0, first)
            segments.append(current)
        elif not state.orphaned and events[0][1] is not None:
            # Banner lines before the first prompt belong to the first host, up to a limit.
            state.unattributed_lines += text.count("\n", 0, first)
            banner = state.unattributed_lines <= PRE_HOST_LINE_LIMIT
    for i, (at, m) in enumerate(events):
        nxt = events[i + 1][0] if i + 1 < len(events) else len(text)
        if m is None:
            if current is not None:
                current.end = at
                if current.blocks and current.blocks[-1].end > at:
                    current.blocks[-1].end = max(current.blocks[-1].start, at)
            current = None
            state.orphaned = True
            continue
        state.orphaned = False
        host = state.confirmed[m.group("host").lower()]
        line_start = 0 if (i == 0 and banner) else at
        if current is None or current.host != host:
            if current is not None:
                current.end = at
            current = Segment(host, line_start, len(text), prefix=m.group("prefix") or "")
            segments.append(current)
        cmd = m.group("cmd").rstrip()
        out_start = m.end() + 1
        if cmd:
            current.blocks.append(Block(cmd, min(out_start, nxt), nxt))
    if current is not None:
        current.end = len(text)
    state.current_host = current.host if current is not None else None
    return segments


def _continuation(text: str, state: SplitState) -> list[Segment]:
    """A piece without prompts inside a prompted file: the current host's output goes on (a
    `hostname X` line in it is configuration text, not a new host)."""
    if state.current_host is None or state.orphaned:
        return []
    return [Segment(state.current_host, 0, len(text))]


def _split_on_hostname_lines(text: str, state: SplitState) -> list[Segment]:
    """A file without prompts: saved configurations, one per `hostname X` line."""
    hits = list(HOSTNAME_LINE.finditer(text))
    if not hits:
        if state.current_host is not None:
            return [Segment(state.current_host, 0, len(text))]
        return []
    segments: list[Segment] = []
    for i, m in enumerate(hits):
        start = 0 if i == 0 else _config_start(text, hits[i - 1].end(), m.start())
        if segments:
            segments[-1].end = start
            segments[-1].blocks[0].end = start
        host = m.group("host")
        state.confirmed.setdefault(host.lower(), host)
        seg = Segment(state.confirmed[host.lower()], start, len(text))
        seg.blocks.append(Block("show running-config", start, len(text)))
        segments.append(seg)
    state.current_host = segments[-1].host
    return segments


def _config_start(text: str, after: int, hostname_at: int) -> int:
    """Where the configuration holding `hostname_at` starts: after the last `end` line before it."""
    end_line = text.rfind("\nend\n", after, hostname_at)
    return end_line + 5 if end_line >= 0 else hostname_at


def last_prompt_start(text: str, state: SplitState) -> int:
    """Offset of the last prompt line in `text` (a safe place to cut a streamed piece), or -1."""
    last = -1
    for m in prompt_lines(text):
        host_key = m.group("host").lower()
        if _is_command_echo(m.group("cmd"), m.group("mode")) or host_key in state.confirmed:
            last = m.start()
    return last


class NoPrompt(ValueError):
    """The first chunks of a large file hold no prompt and no hostname line: not a transcript."""


# A piece held back waiting for a prompt to cut at grows to at most this many chunks (24 MB of 2 MB chunks:
# one command's output, a core switch's MAC table say, may be that long).
MAX_CARRY_CHUNKS = 12
MIN_CARRY_CHARS = 4_000_000  # small chunks (tests, tiny files) never trigger the limit


def iter_pieces(chunks: Iterator[str], state: SplitState) -> Iterator[tuple[str, list[Segment]]]:
    """Cut streamed text at prompt lines so no command block spans two pieces.

    The last chunk (for ordinary files the only one) is split whole, without the extra scan that
    finds a cut point. Memory stays bounded: a file whose first chunks hold no prompt and no
    `hostname` line is refused (NoPrompt), and one command's output longer than MAX_CARRY_CHUNKS
    chunks is cut at a line end (reported in `state.notes`) instead of being held whole.
    """
    carry = ""
    largest = 0
    pending = next(chunks, None)
    while pending is not None:
        upcoming = next(chunks, None)
        largest = max(largest, len(pending))
        text = carry + pending
        carry = ""
        if upcoming is None:
            if text:
                yield text, split_piece(text, state)
            return
        nl = text.rfind("\n")
        cut = last_prompt_start(text[: nl + 1], state) if nl >= 0 else -1
        if cut <= 0 and len(text) > max(MAX_CARRY_CHUNKS * largest, MIN_CARRY_CHARS):
            size = f"{len(text) / 1e6:.1f} MB"
            if cut < 0 and not state.prompted and not state.confirmed and HOSTNAME_LINE.search(text) is None:
                raise NoPrompt(f"no device prompt or hostname line in the first {size} (not a CLI transcript?)")
            if state.prompted or cut == 0:
                state.notes.append(f"output of one command longer than {size} was cut at a line end "
                                   "(the rest of it is not parsed)")
            cut = nl + 1
        if cut <= 0:
            carry = text  # one block larger than a chunk: keep reading
        else:
            piece, carry = text[:cut], text[cut:]
            yield piece, split_piece(piece, state)
        pending = upcoming
