"""NDJSON telemetry in `logs/IngestionMetrics/<yyyy-MM-dd>.json` with the legacy event names.

One object per line, `EventName` and `Timestamp` (local time with offset) first. Events are
buffered and appended under a cross-process file lock, so several ingest processes can share a day
file without interleaving partial lines.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from engine.locks import FileLock

_zone: tuple[float, tzinfo | None] = (-1e9, None)


def local_now() -> datetime:
    """The local time with its UTC offset; the offset is looked up once a minute, not per event
    (`astimezone()` asks the C library every time, a visible share of a writer's work per host)."""
    global _zone
    mono = time.monotonic()
    if mono - _zone[0] > 60.0:
        _zone = (mono, datetime.now().astimezone().tzinfo)
    return datetime.now(_zone[1])


class Telemetry:
    """Thread-safe buffered NDJSON writer; `emit` never raises (telemetry must not fail a run).

    Any thread may emit; one background writer thread appends to the day files (every
    `flush_seconds`, or sooner when `flush_lines` are waiting), so writers and parsers never block
    on telemetry I/O.
    """

    def __init__(self, directory: Path | None, flush_lines: int = 500, flush_seconds: float = 0.5) -> None:
        self.directory = directory
        self.flush_lines = flush_lines
        self.flush_seconds = flush_seconds
        self._buffer: list[tuple[str, str]] = []  # (day, line)
        self._lock = threading.Lock()
        self._io_lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self._last_flush = time.monotonic()
        self.errors: list[str] = []
        self.counts: dict[str, int] = {}
        self.listeners: list[Any] = []
        self._thread: threading.Thread | None = None
        if directory is not None:
            self._thread = threading.Thread(target=self._run, name="statetrace-telemetry", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            self.flush()

    def emit(self, event: str, **fields: Any) -> dict[str, Any]:
        now = local_now()
        record: dict[str, Any] = {"EventName": event, "Timestamp": now.isoformat(timespec="microseconds")}
        record.update(fields)
        for listener in self.listeners:
            try:
                listener(record)
            except Exception:  # noqa: BLE001 - a broken listener must not stop ingestion
                pass
        if self.directory is None:
            return record
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str)
        with self._lock:
            self.counts[event] = self.counts.get(event, 0) + 1
            self._buffer.append((now.date().isoformat(), line))
            due = len(self._buffer) >= self.flush_lines
        if due:
            self._wake.set()
        return record

    def flush(self) -> None:
        """Append everything buffered (called by the writer thread, and by `close`)."""
        with self._io_lock:
            self._flush_locked()

    def _flush_locked(self) -> None:
        with self._lock:
            pending, self._buffer = self._buffer, []
            self._last_flush = time.monotonic()
        if not pending or self.directory is None:
            return
        by_day: dict[str, list[str]] = {}
        for day, line in pending:
            by_day.setdefault(day, []).append(line)
        for day, lines in by_day.items():
            path = self.directory / f"{day}.json"
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                with FileLock(path.with_name(path.name + ".lock"), timeout=10), \
                        open(path, "a", encoding="utf-8", newline="\n") as fh:
                    fh.write("\n".join(lines) + "\n")
            except OSError as exc:
                msg = f"telemetry not written to {path}: {exc}"
                if msg not in self.errors:
                    self.errors.append(msg)

    def close(self) -> None:
        self._closed = True
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        self.flush()
