"""Per-file index for warm runs: a file whose raw bytes are unchanged is not decoded or split again.

The host history stays the source of truth. This index only remembers, per source file, the SHA-256
of its raw bytes and the hosts (with their slice hashes) found in it; a worker that finds the same raw
hash, and every one of those hosts still on record with the same slice hash, reports them skipped
without decoding. Anything else takes the full path.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from engine.files import write_text_atomically
from engine.locks import FileLock
from engine.transcript.source import Source, open_binary

INDEX_NAME = ".file-index.json"
Entry = dict[str, Any]  # {"size": int, "raw": hex, "hosts": [[host, site, file_hash, length, line], ...]}


def source_key(source: Source) -> str:
    real = source.real_path or str(source.path.resolve())
    return f"{real}!{source.member}" if source.member else real


def raw_sha256(source: Source) -> str:
    digest = hashlib.sha256()
    with open_binary(source) as fh:
        while chunk := fh.read(4 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def load(data_dir: Path) -> dict[str, Entry]:
    path = data_dir / INDEX_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(data_dir: Path, entries: dict[str, Entry], dropped: set[str]) -> None:
    """Merge with what another process saved meanwhile, then replace the file atomically."""
    if not entries and not dropped:
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / INDEX_NAME
    with FileLock(path.with_name(INDEX_NAME + ".lock"), timeout=10):
        merged = load(data_dir)
        for key in dropped:
            merged.pop(key, None)
        merged.update(entries)
        write_text_atomically(path, json.dumps(merged, separators=(",", ":")))
