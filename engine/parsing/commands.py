"""Command-name normalisation: abbreviations and aliases map to one canonical command per platform.

Users and capture tools type `sh int status`, `show interface status` or `show mac-address-table`;
the parsers are keyed by the ntc-templates command names, so every spelling is resolved here once.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Spellings that are not plain abbreviations of the canonical words.
_ALIASES: dict[str, str] = {
    "show mac-address-table": "show mac address-table",
    "show mac address table": "show mac address-table",
    "show mac-address table": "show mac address-table",
    "show interface status": "show interfaces status",
    "show interface brief": "show interfaces brief",
    "show interface switchport": "show interfaces switchport",
    "show interface": "show interfaces",
    "show span": "show spanning-tree",
    "show spantree": "show spanning-tree",
    "show authentication session": "show authentication sessions",
    "show access-session": "show authentication sessions",
    "show access-sessions": "show authentication sessions",
    "show run": "show running-config",
    "show config": "show running-config",
    "show configuration": "show running-config",
    "show vlan brief": "show vlan",
    "show vlans": "show vlan",
    "show mac": "show mac address-table",
    "show cdp neighbor detail": "show cdp neighbors detail",
    "show cdp neighbors details": "show cdp neighbors detail",
    "show lldp neighbor detail": "show lldp neighbors detail",
    "show lldp neighbors details": "show lldp neighbors detail",
    "show lldp neighbors-info detail": "show lldp neighbor-info detail",
    "show lldp neighbor-info details": "show lldp neighbor-info detail",
    "show ver": "show version",
    "show dot1x interface brief": "show dot1x interface",  # Junos: the brief table is the default
}

_WS = re.compile(r"\s+")
_PIPE = re.compile(r"\s*\|.*$")


def _tokens(command: str) -> list[str]:
    text = _PIPE.sub("", command.strip().lower())
    text = text.removeprefix("do ")
    return _WS.split(text) if text else []


def _matches(typed: list[str], canonical: list[str]) -> bool:
    """True when every typed token is a prefix of the canonical token at the same place (CLI rules)."""
    if len(typed) != len(canonical):
        return False
    return all(c.startswith(t) for t, c in zip(typed, canonical, strict=True))


@lru_cache(maxsize=4096)
def canonical_command(command: str, known: tuple[str, ...]) -> str | None:
    """Resolve a typed command to one of `known` canonical commands, or None when none fits.

    Exact names and aliases win; otherwise the typed tokens must be prefixes of exactly one
    canonical command (the IOS abbreviation rule), so `sh int st` finds `show interfaces status`.
    """
    typed = _tokens(command)
    if not typed:
        return None
    joined = " ".join(typed)
    if joined in known:
        return joined
    for candidate in (joined, *_expansions(typed, known)):
        if candidate in known and candidate.rsplit(" ", 1)[-1] == typed[-1]:
            return candidate  # an alias spelling that is this platform's own command (IOS `show vlans`)
        alias = _ALIASES.get(candidate)
        if alias in known:
            return alias
    hits = [k for k in known if _matches(typed, k.split(" "))]
    if len(hits) == 1:
        return hits[0]
    # An abbreviation of an alias spelling (`sh mac-address-t`).
    alias_hits = {v for a, v in _ALIASES.items() if v in known and _matches(typed, a.split(" "))}
    if len(alias_hits) == 1:
        return alias_hits.pop()
    return None


def _expansions(typed: list[str], known: tuple[str, ...]) -> list[str]:
    """Alias spellings that the typed tokens abbreviate (`sh int status` -> `show interface status`)."""
    out = []
    for alias, target in _ALIASES.items():
        if target in known and _matches(typed, alias.split(" ")):
            out.append(alias)
    return out
