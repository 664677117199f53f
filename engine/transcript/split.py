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
    r"(?P<host>[^\s#>()\[\]@]{1,80}?)"
    r"(?P<mode>\((?:[a-z][\w.:/-]*)\))?[ \t]*(?P<sym>[#>])[ \t]*(?P<cmd>[^\n]*?)[ \t]*$",
    re.MULTILINE,
)
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


def _is_command_echo(cmd: str, mode: str | None) -> bool:
    if not cmd:
        return False
    if mode:
        return True
    first = cmd.split(None, 1)[0].lower()
    return first in CLI_VERBS


def prompt_lines(text: str) -> Iterator[re.Match[str]]:
    """Every line of `text` shaped like a prompt, in order.

    str.find runs at memory speed where a regex character-class scan does not, so the two marks
    are found with it and only their lines meet the prompt pattern.
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
            m = match(text, line)
            if m is not None:
                yield m
        # Resume after this line: one prompt per line at most.
        nl = find("\n", at)
        resume = end if nl < 0 else nl + 1
        if next_hash >= 0 and next_hash < resume:
            next_hash = find("#", resume)
        if next_gt >= 0 and next_gt < resume:
            next_gt = find(">", resume)


def split_piece(text: str, state: SplitState) -> list[Segment]:
    """Split `text` (whole lines) into host segments, updating `state` for the next piece."""
    candidates = []
    for m in prompt_lines(text):
        host = m.group("host")
        cmd = m.group("cmd")
        if _is_command_echo(cmd, m.group("mode")):
            state.confirmed.setdefault(host.lower(), host)
            candidates.append(m)
        elif not cmd and host.lower() in state.confirmed:
            candidates.append(m)
        elif not cmd:
            candidates.append(m)  # decided below once every echo of this piece is known
    prompts = [m for m in candidates if m.group("host").lower() in state.confirmed]
    if not prompts:
        return _split_on_hostname_lines(text, state)

    segments: list[Segment] = []
    first = prompts[0].start()
    if first > 0:
        if state.current_host is not None:
            segments.append(Segment(state.current_host, 0, first))
        else:
            # Banner lines before the first prompt belong to the first host, up to a limit.
            state.unattributed_lines += text.count("\n", 0, first)
            if state.unattributed_lines <= PRE_HOST_LINE_LIMIT:
                first = 0
    current: Segment | None = segments[-1] if segments else None
    for i, m in enumerate(prompts):
        host = state.confirmed[m.group("host").lower()]
        line_start = 0 if (i == 0 and first == 0) else m.start()
        if current is None or current.host != host:
            current = Segment(host, line_start, len(text), prefix=m.group("prefix") or "")
            if segments:
                segments[-1].end = m.start()
            segments.append(current)
        cmd = m.group("cmd")
        out_start = m.end() + 1
        out_end = prompts[i + 1].start() if i + 1 < len(prompts) else len(text)
        if cmd and out_start <= out_end:
            current.blocks.append(Block(cmd, out_start, out_end))
        elif cmd:
            current.blocks.append(Block(cmd, out_end, out_end))
    if segments:
        segments[-1].end = len(text)
        state.current_host = segments[-1].host
    return segments


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


def iter_pieces(chunks: Iterator[str], state: SplitState) -> Iterator[tuple[str, list[Segment]]]:
    """Cut streamed text at prompt lines so no command block spans two pieces.

    The last chunk (for ordinary files the only one) is split whole, without the extra scan that
    finds a cut point.
    """
    carry = ""
    pending = next(chunks, None)
    while pending is not None:
        upcoming = next(chunks, None)
        text = carry + pending
        carry = ""
        if upcoming is None:
            if text:
                yield text, split_piece(text, state)
            return
        nl = text.rfind("\n")
        cut = last_prompt_start(text[: nl + 1], state) if nl >= 0 else -1
        if cut <= 0:
            carry = text  # one block larger than a chunk: keep reading
        else:
            piece, carry = text[:cut], text[cut:]
            yield piece, split_piece(piece, state)
        pending = upcoming
