"""The contract between the runtime and its observers (the GUI, the CLI, tests).

`engine.runtime.qt_runtime.IngestRuntime` is a QObject with these signals; every payload is plain
data (dicts and lists), emitted in growing batches at most every `BATCH_INTERVAL_MS`, so a view
can apply them without flooding its event loop.

Signals (each carries a list of job dicts unless noted):
- sig_job_queued(list[dict])    new rows: state "Queued"
- sig_job_started(list[dict])   state "Parsing" or "Writing"
- sig_job_finished(list[dict])  state "Done", "Skipped" or "Cancelled" (dropped by cancel: not a failure)
- sig_job_failed(list[dict])    state "Failed", with "error"
- sig_progress(dict)            ProgressSnapshot as a dict
- sig_metrics(list[dict])       telemetry records (EventName, Timestamp, ...), e.g.
                                DatabaseWriteLatency, ParserSchedulerLaunch, SchedulerSnapshot
- sig_run_finished(dict)        the run summary (IngestSummary.to_json())
- sig_state_changed(str)        "idle" | "running" | "paused" | "cancelling"

A job dict always has "id" (int, unique per runtime) and "state"; views upsert rows by id.
File jobs are created at submit time ("host" == ""); when a file has been split, one job per host
is queued with "parent" = the file job's id, and the file job finishes.
"""

from __future__ import annotations

from typing import Any, TypedDict

BATCH_INTERVAL_MS = 100
JOB_STATES = ("Queued", "Parsing", "Writing", "Done", "Skipped", "Failed", "Cancelled")


class JobInfo(TypedDict, total=False):
    id: int
    parent: int
    file: str
    host: str
    site: str
    vendor: str
    size: int
    state: str
    progress: float  # 0..1
    parse_ms: float
    write_ms: float
    rows: int
    error: str


class ProgressSnapshot(TypedDict, total=False):
    done_bytes: int
    total_bytes: int
    files_done: int
    files_total: int
    hosts_done: int
    queued_jobs: int
    queued_by_site: dict[str, int]
    active_writers: int
    mb_per_s: float
    eta_seconds: float | None
    state: str


def job(**fields: Any) -> JobInfo:
    info: JobInfo = JobInfo()
    info.update(fields)  # type: ignore[typeddict-item]
    return info
