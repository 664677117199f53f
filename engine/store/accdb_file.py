"""What an `.accdb`/`.mdb` file is, from its first page, before any driver or parser touches it.

Drivers and parsers report a password-protected or foreign file with confusing errors (access-parser
yields garbage or KeyError, ACE says "Not a valid password" or "Unrecognized database format"), so the
stores and the importer look at the header first. Layout (mdbtools HACKING, Jackcess): page 0 starts
`00 01 00 00`, the engine name at 0x04 ("Standard Jet DB" / "Standard ACE DB"), the version at 0x14;
bytes from 0x18 are RC4-masked with the fixed key 0x6b39dac7. Inside, 0x3e holds a 4-byte page-encoding
key (non-zero: encrypted), and 0x42 the database password (Jet 4 / ACE: 40 bytes, XOR-masked with the
creation date at 0x72).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

HEADER_KEY = bytes([0xC7, 0xDA, 0x39, 0x6B])
ENCRYPTED_START = 0x18
_VERSIONS = {0: "Jet 3 (Access 97)", 1: "Jet 4 (Access 2000-2003)", 2: "ACE 12 (Access 2007)",
             3: "ACE 14 (Access 2010)", 4: "ACE 15 (Access 2013)", 5: "ACE 16 (Access 2016)",
             6: "ACE 17 (Access 2019)"}


class AccessFileError(ValueError):
    """The file cannot be read as an unprotected Access database; the message says why."""


@dataclass(frozen=True, slots=True)
class AccessFileInfo:
    engine: str  # "Standard ACE DB" | "Standard Jet DB"
    version: int
    password: bool
    encrypted: bool

    @property
    def format_name(self) -> str:
        return _VERSIONS.get(self.version, f"unknown version {self.version}")


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out = bytearray(len(data))
    i = j = 0
    for n, byte in enumerate(data):
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out[n] = byte ^ s[(s[i] + s[j]) & 0xFF]
    return bytes(out)


def decode_header(page: bytes) -> bytes:
    """Page 0 with the RC4-masked region unmasked (Jet 3 files have no mask)."""
    version = page[0x14]
    if version == 0:
        return page
    size = 128
    return page[:ENCRYPTED_START] + rc4(HEADER_KEY, page[ENCRYPTED_START:ENCRYPTED_START + size]) \
        + page[ENCRYPTED_START + size:]


def _password_mask(header: bytes) -> bytes:
    date = struct.unpack_from("<d", header, 0x72)[0]
    seed = struct.pack("<i", int(date) if -2**31 <= date < 2**31 else 0)
    return (seed * 10)[:40]


def read_header(data: bytes, name: str = "file") -> AccessFileInfo:
    if len(data) < 0x200 or data[:4] != b"\x00\x01\x00\x00":
        raise AccessFileError(f"{name} is not a Microsoft Access database (no Jet/ACE header); "
                              "it may be another application's file or corrupt")
    engine = data[4:19].decode("latin-1")
    if engine not in ("Standard ACE DB", "Standard Jet DB"):
        raise AccessFileError(f"{name} is not a Microsoft Access database (engine {engine!r})")
    header = decode_header(data[:0x200])
    version = header[0x14]
    if version == 0:
        password = any(header[0x42:0x42 + 20])
        encrypted = False
    else:
        raw = bytes(a ^ b for a, b in zip(header[0x42:0x42 + 40], _password_mask(header), strict=True))
        password = any(raw)
        encrypted = any(header[0x3E:0x42])
    return AccessFileInfo(engine, version, password, encrypted)


def inspect_access_file(path: Path) -> AccessFileInfo:
    """Header facts of `path`; AccessFileError for a foreign, truncated or protected file."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(4096)
    except OSError as exc:
        raise AccessFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    info = read_header(data, str(path))
    if info.password or info.encrypted:
        what = "encrypted with a password" if info.encrypted else "protected by a database password"
        raise AccessFileError(f"{path} is {what}; remove the password in Access (File > Info > Decrypt "
                              "Database) and try again: StateTrace does not store database passwords")
    size = path.stat().st_size
    if size % 4096 and info.version > 0:
        raise AccessFileError(f"{path} is truncated or corrupt ({size} bytes is not a whole number of pages)")
    return info


def set_password_for_tests(data: bytes, password: str) -> bytes:
    """A copy of an unprotected Jet 4/ACE file whose header carries `password` (the real encoding,
    so the detection is tested on the format, not on a flag of our own)."""
    header = bytearray(decode_header(data[:0x200]))
    encoded = password.encode("utf-16-le")[:40].ljust(40, b"\x00")
    masked = bytes(a ^ b for a, b in zip(encoded, _password_mask(bytes(header)), strict=True))
    header[0x42:0x42 + 40] = masked
    remasked = bytes(header[:ENCRYPTED_START]) + rc4(HEADER_KEY, bytes(header[ENCRYPTED_START:ENCRYPTED_START + 128])) \
        + bytes(header[ENCRYPTED_START + 128:])
    return remasked + data[0x200:]
