"""ntc-templates as an oracle for the differential tests: the template `parse_output` would pick."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

try:  # the differential tests need the test extras; the rest of the suite does not
    import textfsm
    from ntc_templates import parse as ntc_parse
except ImportError:  # pragma: no cover
    textfsm = ntc_parse = None

Record = dict[str, Any]


@cache
def template(platform: str, command: str) -> str:
    from textfsm import clitable

    root = Path(ntc_parse.__file__).parent / "templates"
    index = clitable.CliTable("index", str(root)).index
    row = index.GetRowMatch({"Command": command, "Platform": platform})
    return (root / index.index[row]["Template"]).read_text()


def ntc(platform: str, command: str, text: str) -> list[Record]:
    """The template's records for `text` (parse_output without its per-call index loading)."""
    fsm = textfsm.TextFSM(io.StringIO(template(platform, command)))
    return [{k.lower(): v for k, v in row.items()} for row in fsm.ParseTextToDicts(text)]
