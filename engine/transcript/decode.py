"""Turn captured bytes into clean text: encodings, line endings, terminal artefacts.

Capture tools write UTF-8 (with or without BOM), Windows tools UTF-16, old consoles Latin-1; terminal
sessions leave ANSI colour codes, `--More--` pagers and backspace overstrikes in the text. Parsers
should see none of that, so it is removed once, here.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
# Cisco: ` --More-- ` then backspaces/spaces; FastIron: `--More--, next page: Space, ... quit: Control-c`.
# ProCurve/AOS-S and AOS-CX: `-- MORE --, next page: Space, next line: Enter, quit: Control-C`, erased with
# cursor codes, not blanks: the blanks after it are the next row's indentation and stay.
# Literal first, so the regex engine can jump between occurrences instead of trying every position.
_MORE = re.compile(r"--More--(?:, next page: Space, next line: Return key, quit: Control-c)?[ \t]*"
                   r"|-- More --[ \t]*|---\(more(?: \d+%)?\)---[ \t]*"
                   r"|-- MORE --(?:, next page: Space, next line: Enter, quit: Control-C)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# Control bytes that do not occur in text (everything below 32 but TAB, LF, VT, FF, CR and ESC).
_SNIFF_TEXT_BYTES = bytes(b for b in range(256) if not (b < 9 or 13 < b < 27 or 27 < b < 32))


class BinaryInput(ValueError):
    """The bytes are not a text transcript."""


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str


def sniff_encoding(head: bytes) -> str:
    """Pick the codec from the first bytes; raise BinaryInput for non-text data."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    # A few stray NULs (a serial line glitch) are text with noise; UTF-16 or binary data has many.
    if sample and sample.count(0) > max(8, len(sample) // 100):
        zeros_odd = sample[1::2].count(0)
        zeros_even = sample[0::2].count(0)
        half = max(1, len(sample) // 2)
        if zeros_odd > 0.6 * half and zeros_even < 0.1 * half:
            return "utf-16-le"
        if zeros_even > 0.6 * half and zeros_odd < 0.1 * half:
            return "utf-16-be"
        raise BinaryInput("binary data (NUL bytes), not a text transcript")
    if sample:
        controls = len(sample.translate(None, _SNIFF_TEXT_BYTES))
        if controls > 0.05 * len(sample):
            raise BinaryInput("binary data (control bytes), not a text transcript")
    return "utf-8"


def _bad_utf8_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Decode the few bytes that are not UTF-8 as cp1252 and go on in UTF-8: one Latin-1 `ü` in a
    UTF-8 capture stays one `ü`, and the rest of the file keeps its UTF-8 (`Büro`, not `BÃ¼ro`)."""
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start:exc.end]
    return bytes(bad).decode("cp1252", "replace"), exc.end


codecs.register_error("statetrace-cp1252", _bad_utf8_as_cp1252)


class StreamDecoder:
    """Incremental decoder: UTF-8, where any byte sequence that is not UTF-8 reads as cp1252 (legacy
    consoles write cp1252/Latin-1), so a bad byte costs one character, not the file."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        errors = "statetrace-cp1252" if encoding.startswith("utf-8") else "replace"
        self._decoder = codecs.getincrementaldecoder(encoding)(errors)
        self._utf8 = encoding.startswith("utf-8")

    def decode(self, data: bytes, final: bool = False) -> str:
        text = self._decoder.decode(data, final)
        if self._utf8 and self.encoding != "cp1252" and not text.isascii() and _decoded_as_cp1252(data):
            self.encoding = "cp1252"  # reported only: some bytes were not UTF-8
        return text


def _decoded_as_cp1252(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason != "unexpected end of data" or exc.end < len(data)
    return False


# Bytes that are never part of a transcript's text (tab, LF, CR and ESC/BS are handled on their own).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13)) + b"\x7f"
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def has_control_bytes(data: bytes) -> bool:
    """Fast test on 8-bit data (bytes.translate runs at memory speed, a regex search does not)."""
    return bool(data.translate(None, _TEXT_BYTES))


# Spaces loggers and terminals leave around prompts (no-break, figure, ideographic ...) read as a
# space; zero-width marks and a BOM mid-file are dropped.
_SPACES: dict[int, str | None] = {c: " " for c in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)}
_SPACES.update({c: None for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)})
_PAGERS = ("--More--", "-- More --", "---(more", "-- MORE --")


def clean_text(text: str, maybe_controls: bool = True) -> str:
    """Normalise line endings and spaces; strip ANSI codes, pagers, overstrikes and control characters.

    Every step is linear in the text: no pattern here can backtrack over a long line.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            text = _carriage_returns(text)
    if not text.isascii():
        text = text.translate(_SPACES)
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    if "--More--" in text or "-- More --" in text or "---(more" in text or "-- MORE --" in text:
        text = _MORE.sub("", text)
    if "\x08" in text:
        text = _per_line(text, "\x08", _overstrike)
    if maybe_controls and _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text


def _per_line(text: str, mark: str, fix: Callable[[str], str]) -> str:
    """Apply `fix` to each line holding `mark`, leaving the others untouched (one pass)."""
    out: list[str] = []
    done = 0
    at = text.find(mark)
    while at >= 0:
        start = text.rfind("\n", done, at) + 1 if at > done else done
        if start < done:
            start = done
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        out.append(text[done:start])
        out.append(fix(text[start:end]))
        done = end
        at = text.find(mark, end)
    out.append(text[done:])
    return "".join(out)


def _carriage_returns(text: str) -> str:
    fixed = _per_line(text, "\r", _split_on_cr)
    return fixed + "\n" if text.endswith("\r") and not fixed.endswith("\n") else fixed


def _split_on_cr(line: str) -> str:
    """A line holding bare CRs: CR-only line ends become line breaks (CR CR LF is one break), while
    what a terminal overwrote (a pager prompt, an eraser run of spaces) is dropped."""
    parts = line.split("\r")
    kept = [p for p in parts[:-1] if p.strip() and not p.lstrip().startswith(_PAGERS)]
    if parts[-1]:
        kept.append(parts[-1])
    return "\n".join(kept)


def _overstrike(line: str) -> str:
    """Backspaces erase the character before them (a stack, so 10,000 nested ones cost 10,000 steps)."""
    out: list[str] = []
    for ch in line:
        if ch == "\x08":
            if out:
                out.pop()
        else:
            out.append(ch)
    return "".join(out)


def decode_bytes(data: bytes) -> Decoded:
    """Decode a whole capture held in memory."""
    encoding = sniff_encoding(data[:8192])
    decoder = StreamDecoder(encoding)
    text = decoder.decode(data, final=True)
    return Decoded(clean_text(text), decoder.encoding)
