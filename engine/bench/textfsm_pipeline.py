"""The yardstick of issue 12: a cached-TextFSM ingestion script, as a user writes one in an afternoon.

It splits each file at its prompts, finds each host's platform from its `show version`, parses every
command ntc-templates has a template for (each template compiled once, then reset per use), and stores
the records in SQLite, one row per record as JSON, one transaction per file. One process, like such a
script. `bench-throughput --textfsm` runs it on the same corpus in the same command, so the ratio
between the two is measured under the same load.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A prompt line and the command typed at it (FastIron's `SSH@host#`, Junos' `user@host> ` included).
_PROMPT = re.compile(r"^(?:SSH@|\S+@)?([A-Za-z0-9][\w.-]{0,62})[#>] ?(.*?)\r?$", re.M)
_PLATFORMS = (("Arista", "arista_eos"), ("Cisco IOS", "cisco_ios"), ("ICX", "ruckus_fastiron"),
              ("FastIron", "ruckus_fastiron"), ("Brocade", "brocade_fastiron"), ("NX-OS", "cisco_nxos"),
              ("JUNOS", "juniper_junos"), ("ArubaOS-CX", "aruba_aoscx"), ("ProCurve", "hp_procurve"))


@dataclass(slots=True)
class PipelineResult:
    files: int = 0
    hosts: int = 0
    records: int = 0
    bytes: int = 0


class CachedTemplates:
    """ntc-templates' index, read once; each template compiled on first use and reused."""

    def __init__(self) -> None:
        import ntc_templates
        from textfsm import clitable

        self.directory = Path(ntc_templates.__file__).parent / "templates"
        self.table = clitable.CliTable("index", str(self.directory))
        self.compiled: dict[tuple[str, str], Any] = {}

    def parse(self, platform: str, command: str, text: str) -> list[dict[str, Any]]:
        key = (platform, command)
        fsm = self.compiled.get(key, 0)
        if fsm == 0:
            import textfsm

            row = self.table.index.GetRowMatch({"Platform": platform, "Command": command})
            fsm = None
            if row:
                name = str(self.table.index.index[row]["Template"]).split(":")[0]
                with open(self.directory / name, encoding="utf-8") as fh:
                    fsm = textfsm.TextFSM(fh)
            self.compiled[key] = fsm
        if fsm is None:
            return []
        from textfsm import TextFSMError

        fsm.Reset()
        try:
            rows = fsm.ParseText(text)
        except TextFSMError:  # a template that refuses this output: such a script skips it
            return []
        header = [h.lower() for h in fsm.header]
        return [dict(zip(header, r, strict=True)) for r in rows]


def _blocks(text: str) -> dict[str, list[tuple[str, str]]]:
    """Host -> [(command, output)] in file order."""
    out: dict[str, list[tuple[str, str]]] = {}
    marks = list(_PROMPT.finditer(text))
    for here, after in zip(marks, [*marks[1:], None], strict=True):
        command = here.group(2).strip()
        if not command:
            continue
        end = after.start() if after is not None else len(text)
        out.setdefault(here.group(1), []).append((command, text[here.end() + 1:end]))
    return out


def _platform(blocks: list[tuple[str, str]]) -> str:
    version = next((o for c, o in blocks if c.startswith("show version") or c == "show ver"), "")
    return next((p for needle, p in _PLATFORMS if needle in version), "cisco_ios")


def run_pipeline(files: list[Path], db: Path) -> PipelineResult:
    """Parse and store every file; returns what it did (the caller measures the time and CPU)."""
    templates = CachedTemplates()
    result = PipelineResult()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE IF NOT EXISTS Records (Hostname TEXT, Command TEXT, Record TEXT)")
    conn.execute("CREATE INDEX IF NOT EXISTS IX_Records_Host ON Records (Hostname)")
    try:
        for path in files:
            data = path.read_bytes()
            result.files += 1
            result.bytes += len(data)
            text = data.decode("utf-8", "replace")
            rows: list[tuple[str, str, str]] = []
            for host, blocks in _blocks(text).items():
                result.hosts += 1
                platform = _platform(blocks)
                for command, output in blocks:
                    for record in templates.parse(platform, command, output):
                        rows.append((host, command, json.dumps(record)))
            result.records += len(rows)
            with conn:
                conn.executemany("INSERT INTO Records VALUES (?, ?, ?)", rows)
    finally:
        conn.close()
    return result


__all__ = ["CachedTemplates", "PipelineResult", "run_pipeline"]
