"""Decoding captures: encodings, line endings and terminal artefacts are cleaned before parsing."""

from __future__ import annotations

import pytest

from engine.transcript.decode import BinaryInput, clean_text, decode_bytes

SAMPLE = "SW1#show version\nCisco IOS Software, Version 15.2 — München\n"


@pytest.mark.parametrize("data", [
    SAMPLE.encode("utf-8"),
    b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
    SAMPLE.encode("utf-16"),
    SAMPLE.encode("utf-16-le"),
    SAMPLE.replace("\n", "\r\n").encode("utf-8"),
])
def test_encodings_and_line_endings(data: bytes) -> None:
    assert decode_bytes(data).text == SAMPLE


def test_latin1_fallback() -> None:
    decoded = decode_bytes("SW1#show version\nRoom Zürich\n".encode("latin-1"))
    assert decoded.text == "SW1#show version\nRoom Zürich\n" and decoded.encoding == "cp1252"


def test_binary_is_refused() -> None:
    with pytest.raises(BinaryInput):
        decode_bytes(bytes(range(256)) * 8)


def test_terminal_artefacts_are_removed() -> None:
    raw = ("\x1b[1;32mSW1#\x1b[0mshow int status\n"
           "Gi1/0/1 connected\n --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bGi1/0/2 notconnect\n"
           "--More--, next page: Space, next line: Return key, quit: Control-c\rGi1/0/3 connected\n"
           "typo\b\b\bpe\n")
    assert clean_text(raw) == ("SW1#show int status\nGi1/0/1 connected\nGi1/0/2 notconnect\nGi1/0/3 connected\n"
                               "tpe\n")
