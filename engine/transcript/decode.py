"""Turn captured bytes into clean text: encodings, line endings, terminal artefacts.

Capture tools write UTF-8 (with or without BOM), Windows tools UTF-16, old consoles Latin-1; terminal
sessions leave ANSI colour codes, `--More--` pagers and backspace overstrikes in the text. Parsers
should see none of that, so it is removed once, here.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
# Cisco: ` --More-- ` then backspaces/spaces; FastIron: `--More--, next page: Space, ... quit: Control-c`.
# ProCurve/AOS-S and AOS-CX: `-- MORE --, next page: Space, next line: Enter, quit: Control-C`, erased with
# cursor codes, not blanks: the blanks after it are the next row's indentation and stay.
# Literal first, so the regex engine can jump between occurrences instead of trying every position.
_MORE = re.compile(r"--More--(?:, next page: Space, next line: Return key, quit: Control-c)?[ \t]*"
                   r"|-- More --[ \t]*|---\(more(?: \d+%)?\)---[ \t]*"
                   r"|-- MORE --(?:, next page: Space, next line: Enter, quit: Control-C)?")
_OVERSTRIKE = re.compile(r"[^\x08\n]\x08")
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
    if sample and b"\x00" in sample:
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


class StreamDecoder:
    """Incremental decoder: UTF-8 first, switching to Latin-1 (cp1252) when the bytes are not UTF-8."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")

    def decode(self, data: bytes, final: bool = False) -> str:
        try:
            return self._decoder.decode(data, final)
        except UnicodeDecodeError:
            if not self.encoding.startswith("utf-8"):
                raise
            # Not UTF-8 after all: legacy consoles write cp1252/Latin-1, which decodes any byte.
            pending = self._decoder.getstate()[0]
            self.encoding = "cp1252"
            self._decoder = codecs.getincrementaldecoder("cp1252")("replace")
            return self._decoder.decode(pending + data, final)


# Bytes that are never part of a transcript's text (tab, LF, CR and ESC/BS are handled on their own).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13)) + b"\x7f"
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def has_control_bytes(data: bytes) -> bool:
    """Fast test on 8-bit data (bytes.translate runs at memory speed, a regex search does not)."""
    return bool(data.translate(None, _TEXT_BYTES))


def clean_text(text: str, maybe_controls: bool = True) -> str:
    """Normalise line endings and strip ANSI codes, pagers, overstrikes and stray control characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            # A bare CR returns the cursor: what follows overwrote the line (pager erasers, spinners).
            text = re.sub(r"[^\n]*\r(?!\n)", "", text)
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    if "--More--" in text or "-- More --" in text or "---(more" in text or "-- MORE --" in text:
        text = _MORE.sub("", text)
    if "\x08" in text:
        while True:
            new = _OVERSTRIKE.sub("", text)
            if new == text:
                break
            text = new
        text = text.replace("\x08", "")
    if maybe_controls and _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text


def decode_bytes(data: bytes) -> Decoded:
    """Decode a whole capture held in memory."""
    encoding = sniff_encoding(data[:8192])
    decoder = StreamDecoder(encoding)
    text = decoder.decode(data, final=True)
    return Decoded(clean_text(text), decoder.encoding)
