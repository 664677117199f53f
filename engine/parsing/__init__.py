"""Show-command parsers: precompiled line regexes producing ntc-templates-shaped records."""

from engine.parsing.commands import canonical_command
from engine.parsing.registry import UnsupportedCommand, find_parser, parse_show, platform_parsers

__all__ = ["UnsupportedCommand", "canonical_command", "find_parser", "parse_show", "platform_parsers"]
