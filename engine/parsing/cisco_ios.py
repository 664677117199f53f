"""cisco_ios show-command parsers (ntc-templates field names)."""

from __future__ import annotations

from engine.parsing.registry import Parser

PARSERS: dict[str, Parser] = {}
