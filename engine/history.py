"""Ingestion history per site (`data/IngestionHistory/<Site>.json`, legacy section 5).

A host is skipped when its slice hash and length match the last ingested ones and its database
exists. Records are updated in memory after each commit and written atomically (merged with what
another process may have written meanwhile) when a site's work is flushed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.files import stat_identity, write_text_atomically
from engine.locks import FileLock


@dataclass(slots=True)
class HistoryRecord:
    hostname: str
    actual_hostname: str
    site: str
    file_hash: str
    source_length: int
    source_timestamp_utc: str
    last_ingested_utc: str

    def to_json(self) -> dict[str, Any]:
        return {"Hostname": self.hostname, "ActualHostname": self.actual_hostname, "Site": self.site,
                "FileHash": self.file_hash, "SourceLength": self.source_length,
                "SourceTimestampUtc": self.source_timestamp_utc, "LastIngestedUtc": self.last_ingested_utc}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> HistoryRecord:
        return cls(str(d.get("Hostname", "")), str(d.get("ActualHostname", d.get("Hostname", ""))),
                   str(d.get("Site", "")), str(d.get("FileHash", "")).lower(), int(d.get("SourceLength", 0) or 0),
                   str(d.get("SourceTimestampUtc", "")), str(d.get("LastIngestedUtc", "")))


_INDENT = " " * 8


def _item_json(rec: dict[str, Any]) -> str:
    """One record as `json.dumps(records, indent=4, ensure_ascii=False)` lays it out inside the array.

    With `indent` the standard library encodes in pure Python; records of plain strings and integers (all
    that this program writes) are laid out here, each value by the C encoder. Any other record (a
    hand-edited or future file's) goes through `json.dumps`."""
    if rec and all(type(k) is str and (type(v) is str or type(v) is int) for k, v in rec.items()):
        enc = json.encoder.encode_basestring
        fields = ",\n".join(f"{_INDENT}{enc(k)}: {enc(v) if type(v) is str else int.__repr__(v)}"
                            for k, v in rec.items())
        return f"    {{\n{fields}\n    }}"
    return "\n".join("    " + line for line in json.dumps(rec, indent=4, ensure_ascii=False).split("\n"))


def _array_json(items: list[str]) -> str:
    return "[\n" + ",\n".join(items) + "\n]" if items else "[]"


def _records_json(records: list[dict[str, Any]]) -> str:
    """`json.dumps(records, indent=4, ensure_ascii=False)`, byte for byte."""
    return _array_json([_item_json(rec) for rec in records])


def utc_stamp(moment: datetime | None = None) -> str:
    """ISO-8601 round-trip UTC with 7 fractional digits, as .NET writes it."""
    m = (moment or datetime.now(UTC)).astimezone(UTC)
    return m.replace(tzinfo=None).isoformat(timespec="microseconds") + "0Z"


def parse_records(text: str) -> list[dict[str, Any]]:
    """Accept a JSON array, a single object or concatenated objects (brace-depth scan)."""
    text = text.lstrip("\ufeff").strip()
    if not text:
        return []
    try:
        data = json.loads(text)
        if isinstance(data, list):
            return [d for d in data if isinstance(d, dict)]
        if isinstance(data, dict):
            return [data]
        return []
    except json.JSONDecodeError:
        pass
    out: list[dict[str, Any]] = []
    decoder = json.JSONDecoder()
    i = 0
    while i < len(text):
        start = text.find("{", i)
        if start < 0:
            break
        try:
            obj, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            i = start + 1
            continue
        if isinstance(obj, dict):
            out.append(obj)
        i = end
    return out


def _identity(path: Path) -> tuple[int, ...] | None:
    try:
        return stat_identity(path.stat())
    except OSError:
        return None


class SiteHistory:
    """The history of one site, loaded once per run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[str, HistoryRecord] = {}
        self.dirty: dict[str, HistoryRecord] = {}
        # The file as our last flush wrote it: each host's laid-out record, and the file's identity then.
        # A flush rewrites the whole file every few seconds of a run; while nobody else has written it
        # since, it is not read and parsed again, and only the new records are encoded.
        self._written: dict[str, str] = {}
        self._written_as: tuple[int, ...] | None = None  # None: no file (then nothing is cached either)
        if path.is_file():
            for d in parse_records(path.read_text(encoding="utf-8-sig", errors="replace")):
                rec = HistoryRecord.from_json(d)
                if rec.hostname:
                    self.records[rec.hostname.lower()] = rec

    def get(self, host: str) -> HistoryRecord | None:
        return self.records.get(host.lower())

    def unchanged(self, host: str, file_hash: str, length: int) -> HistoryRecord | None:
        rec = self.records.get(host.lower())
        if rec and rec.file_hash == file_hash and rec.source_length == length:
            return rec
        return None

    def update(self, record: HistoryRecord) -> None:
        self.records[record.hostname.lower()] = record
        self.dirty[record.hostname.lower()] = record

    def forget(self, host: str) -> None:
        self.records.pop(host.lower(), None)

    def drop(self, hosts: list[str]) -> None:
        """Remove these hosts from the file on disk too (a restore took their rows back out)."""
        gone = {h.lower() for h in hosts}
        for key in gone:
            self.records.pop(key, None)
            self.dirty.pop(key, None)
        if not gone or not self.path.is_file():
            return
        with FileLock(self.path.with_name(self.path.name + ".lock")):
            kept = [d for d in parse_records(self.path.read_text(encoding="utf-8-sig", errors="replace"))
                    if str(d.get("Hostname", "")).lower() not in gone]
            body = _records_json(sorted(kept, key=lambda d: str(d.get("Hostname", "")).lower()))
            write_text_atomically(self.path, body, encoding="utf-8-sig", newline="\r\n")
            self._written, self._written_as = {}, None  # the next flush reads the file again

    def flush(self) -> None:
        """Merge our new records into the file on disk (another process may have added its own)."""
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(self.path.with_name(self.path.name + ".lock")):
            if self._written_as != _identity(self.path):
                self._written = {}
                if self.path.is_file():
                    for d in parse_records(self.path.read_text(encoding="utf-8-sig", errors="replace")):
                        self._written[str(d.get("Hostname", "")).lower()] = _item_json(d)
            for key, rec in self.dirty.items():
                self._written[key] = _item_json(rec.to_json())
            body = _array_json([self._written[key] for key in sorted(self._written)])
            write_text_atomically(self.path, body, encoding="utf-8-sig", newline="\r\n")
            self._written_as = _identity(self.path)
        self.dirty.clear()
