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

from engine.files import write_text_atomically
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


class SiteHistory:
    """The history of one site, loaded once per run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[str, HistoryRecord] = {}
        self.dirty: dict[str, HistoryRecord] = {}
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
            body = json.dumps(sorted(kept, key=lambda d: str(d.get("Hostname", "")).lower()), indent=4,
                              ensure_ascii=False)
            write_text_atomically(self.path, body, encoding="utf-8-sig", newline="\r\n")

    def flush(self) -> None:
        """Merge our new records into the file on disk (another process may have added its own)."""
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(self.path.with_name(self.path.name + ".lock")):
            merged: dict[str, dict[str, Any]] = {}
            if self.path.is_file():
                for d in parse_records(self.path.read_text(encoding="utf-8-sig", errors="replace")):
                    merged[str(d.get("Hostname", "")).lower()] = d
            for key, rec in self.dirty.items():
                merged[key] = rec.to_json()
            body = json.dumps(sorted(merged.values(), key=lambda d: str(d.get("Hostname", "")).lower()),
                              indent=4, ensure_ascii=False)
            write_text_atomically(self.path, body, encoding="utf-8-sig", newline="\r\n")
        self.dirty.clear()
