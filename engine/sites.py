"""One site rule for database files, `DeviceSummary.Site` and telemetry (legacy had two)."""

from __future__ import annotations

import re

FALLBACK_LENGTH = 4
_VALID_HOST = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_INVALID_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


# File names Windows reserves for devices, with any extension (CON.sqlite is the console).
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                              *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))})


class InvalidHostname(ValueError):
    pass


def clean_hostname(raw: str) -> str:
    """Strip `SSH@` and whitespace; reject names that cannot be a device hostname.

    Hostnames become file names and SQL values, so `../x`, `a;DROP TABLE` and non-ASCII names are
    refused with a reason instead of being sanitised into something the user never typed.
    """
    name = raw.strip()
    if name[:4].upper() == "SSH@":
        name = name[4:]
    if not _VALID_HOST.match(name):
        raise InvalidHostname(f"invalid hostname {raw!r}: only letters, digits, '.', '_' and '-' are allowed")
    site = site_of(name)
    if site.split(".", 1)[0].upper() in WINDOWS_RESERVED:
        raise InvalidHostname(f"hostname {raw!r} gives site {site!r}, a device name Windows reserves (its "
                              "database file could not be created there)")
    return name


def site_of(hostname: str) -> str:
    """`BOYO-A05-AS-02` -> `BOYO`; without a dash the first 4 characters (or the whole short name)."""
    name = hostname.strip()
    if name[:4].upper() == "SSH@":
        name = name[4:]
    if not name:
        return "Unknown"
    dash = name.find("-")
    if dash > 0:
        return name[:dash]
    if dash == 0:
        return "Unknown"
    return name[:FALLBACK_LENGTH] if len(name) >= FALLBACK_LENGTH else name


def safe_file_name(name: str) -> str:
    cleaned = _INVALID_FILE_CHARS.sub("_", name).strip(". ")
    return cleaned or "_"


def prefix_of(site: str) -> str:
    """The data sub-folder of a site: the site truncated at its first dash (so in practice the site)."""
    return safe_file_name(site.split("-", 1)[0] or site)
