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


PROMPTED = "SW1#show version\nCisco IOS Software\nSW1#show interfaces status\nGi1/0/1 connected\n"


@pytest.mark.parametrize("ending", ["\r", "\r\r\n", "\r\n"])
def test_cr_only_and_cr_cr_lf_line_ends_are_line_breaks(ending: str) -> None:
    assert clean_text(PROMPTED.replace("\n", ending)) == PROMPTED


def test_mixed_line_ends_keep_every_line() -> None:
    raw = "SW1#show version\r\nCisco IOS Software\rSW1#show interfaces status\nGi1/0/1 connected\r\r\n"
    assert clean_text(raw) == PROMPTED


def test_unicode_spaces_around_prompts_read_as_spaces() -> None:
    assert clean_text("SW1#\u00a0show version\u2007\n\u200bSW1#\u3000show clock\n") == (
        "SW1# show version \nSW1# show clock\n")


def test_one_invalid_utf8_byte_costs_one_character_not_the_host() -> None:
    data = "SW1#show run\nsnmp-server location Büro Zürich\n".encode() + b"desc Caf\xe9\n"
    assert decode_bytes(data).text == "SW1#show run\nsnmp-server location Büro Zürich\ndesc Café\n"


def test_a_stray_nul_byte_does_not_reject_the_file() -> None:
    assert decode_bytes(b"SW1#show version\nCisco\x00 IOS\n").text == "SW1#show version\nCisco IOS\n"


def test_deeply_nested_backspaces_are_linear() -> None:
    raw = "a" * 10_000 + "\b" * 10_000 + "SW1#show version\n"
    assert clean_text(raw) == "SW1#show version\n"
