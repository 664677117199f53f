"""Which parser handles which (platform, command): each platform module exports a `PARSERS` table."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any

from engine.parsing.commands import canonical_command

Record = dict[str, Any]
Parser = Callable[[str], list[Record]]

# ntc-templates platform name -> module holding that platform's PARSERS.
PLATFORM_MODULES: dict[str, str] = {
    "cisco_ios": "engine.parsing.cisco_ios",
    "cisco_xe": "engine.parsing.cisco_ios",
    "arista_eos": "engine.parsing.arista_eos",
    "ruckus_fastiron": "engine.parsing.ruckus_fastiron",
    "brocade_fastiron": "engine.parsing.ruckus_fastiron",
    "aruba_aoscx": "engine.parsing.aruba_aoscx",
    "hp_procurve": "engine.parsing.hp_procurve",
    "aruba_procurve": "engine.parsing.hp_procurve",
    "cisco_nxos": "engine.parsing.cisco_nxos",
    "juniper_junos": "engine.parsing.juniper_junos",
}


class UnsupportedCommand(LookupError):
    """No parser exists for this platform and command."""


@cache
def platform_parsers(platform: str) -> dict[str, Parser]:
    module_name = PLATFORM_MODULES.get(platform.lower())
    if module_name is None:
        raise UnsupportedCommand(f"unsupported platform {platform!r}")
    module = importlib.import_module(module_name)
    parsers: dict[str, Parser] = module.PARSERS
    return parsers


def find_parser(platform: str, command: str) -> Parser:
    parsers = platform_parsers(platform)
    canonical = canonical_command(command, tuple(parsers))
    if canonical is None:
        raise UnsupportedCommand(f"no parser for {platform} {command!r}")
    return parsers[canonical]


def parse_show(platform: str, command: str, text: str) -> list[Record]:
    """Parse one command's output into records with the ntc-templates field names."""
    return find_parser(platform, command)(text)
