"""The runtime with real threads, real parse processes and real SQLite files."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from engine.runtime.qt_runtime import IngestRuntime
from engine.workspace import Workspace


def make_hosts(folder: Path, transcripts: Path, sites: list[str], per_site: int) -> None:
    """Copies of the FastIron+Arista capture under new hostnames (FastIron parses with any vendor set)."""
    text = (transcripts / "mixed_batch02.log").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for site in sites:
        for i in range(per_site):
            body = text.replace("BOYO-A05-AS-02", f"{site}-A01-AS-{i:02d}").replace("WLLS-A02-AS-07",
                                                                                     f"{site}-A02-AS-{i:02d}")
            (folder / f"{site.lower()}_{i:02d}.log").write_text(body, encoding="utf-8")


@pytest.fixture
def runtime(tmp_path: Path, qtbot):
    rt = IngestRuntime(Workspace(tmp_path / "home"), processes=1)
    yield rt
    rt.shutdown()


def test_signals_in_batches_and_a_summary(runtime: IngestRuntime, transcripts: Path, tmp_path: Path, qtbot) -> None:
    make_hosts(tmp_path / "in", transcripts, ["ALFA", "BRVO", "CHRL"], 3)
    seen: dict[str, list] = {"queued": [], "started": [], "finished": [], "failed": [], "metrics": [], "progress": []}
    # Plain functions as slots: PySide6 mis-counts references of builtin bound methods (list.extend).
    runtime.sig_job_queued.connect(lambda batch: seen["queued"].extend(batch))
    runtime.sig_job_started.connect(lambda batch: seen["started"].extend(batch))
    runtime.sig_job_finished.connect(lambda batch: seen["finished"].extend(batch))
    runtime.sig_job_failed.connect(lambda batch: seen["failed"].extend(batch))
    runtime.sig_metrics.connect(lambda batch: seen["metrics"].extend(batch))
    runtime.sig_progress.connect(lambda snap: seen["progress"].append(snap))
    with qtbot.waitSignal(runtime.sig_run_finished, timeout=60_000) as done:
        ids = runtime.submit([tmp_path / "in"])
    summary = done.args[0]
    assert len(ids) == 9
    assert summary["parsed"] == 18 and summary["failed"] == 0, summary["failures"]
    assert set(summary["sites"]) == {"ALFA", "BRVO", "CHRL"}
    host_rows = [j for j in seen["finished"] if j.get("host") and j["state"] == "Done" and j.get("rows")]
    assert len(host_rows) == 18 and all(j["write_ms"] >= 0 for j in host_rows)
    assert {j["state"] for j in seen["started"]} == {"Parsing"}
    events = {m["EventName"] for m in seen["metrics"]}
    assert {"DatabaseWriteLatency", "ParserSchedulerLaunch", "RowsWritten"} <= events
    assert seen["progress"][-1]["done_bytes"] == seen["progress"][-1]["total_bytes"] > 0
    # Submitting the same folder again: every host unchanged.
    with qtbot.waitSignal(runtime.sig_run_finished, timeout=60_000) as again:
        runtime.submit([tmp_path / "in"])
    assert again.args[0]["skipped"] == 18 and again.args[0]["parsed"] == 0
    day = next((tmp_path / "home" / "logs" / "IngestionMetrics").glob("????-??-??.json"))
    names = [json.loads(line)["EventName"] for line in day.read_text().splitlines()]
    assert "ConcurrencyProfileResolved" in names and names.count("SkippedDuplicate") == 18


def test_duplicate_submission_is_ignored_and_cancel_stops_cleanly(runtime: IngestRuntime, transcripts: Path,
                                                                  tmp_path: Path, qtbot) -> None:
    make_hosts(tmp_path / "in", transcripts, ["ALFA", "BRVO"], 10)
    runtime.pause()
    first = runtime.submit([tmp_path / "in"])
    assert runtime.submit([tmp_path / "in"]) == [] and len(first) == 20
    assert runtime.state == "paused"
    with qtbot.waitSignal(runtime.sig_run_finished, timeout=60_000) as done:
        runtime.cancel()
    summary = done.args[0]
    assert summary["parsed"] < 40
    # Whatever was written is whole: every DeviceSummary host has all its ports.
    for db in (tmp_path / "home" / "data").glob("*/*.sqlite"):
        with sqlite3.connect(db) as conn:
            for host, ports in conn.execute("SELECT Hostname, Ports FROM DeviceSummary"):
                assert conn.execute("SELECT COUNT(*) FROM Interfaces WHERE Hostname=?", (host,)).fetchone()[0] == ports


def test_a_run_relaxes_the_collector_and_its_end_or_cancel_puts_it_back(runtime: IngestRuntime, transcripts: Path,
                                                                       tmp_path: Path, qtbot) -> None:
    import gc

    from engine import gc_policy

    before = gc.get_threshold()
    make_hosts(tmp_path / "in", transcripts, ["ALFA"], 4)
    runtime.pause()
    runtime.submit([tmp_path / "in"])
    assert gc_policy.relaxed() and gc.get_threshold() == gc_policy.INGEST_THRESHOLDS
    with qtbot.waitSignal(runtime.sig_run_finished, timeout=60_000):
        runtime.cancel()
    assert not gc_policy.relaxed() and gc.get_threshold() == before and gc.get_freeze_count() == 0
    with qtbot.waitSignal(runtime.sig_run_finished, timeout=60_000) as done:
        runtime.submit([tmp_path / "in"], force=True)
    assert done.args[0]["parsed"] > 0
    assert not gc_policy.relaxed() and gc.get_threshold() == before


def test_a_finished_run_brings_the_search_index_up_to_date_while_connections_stay_cached(
        runtime: IngestRuntime, transcripts: Path, tmp_path: Path, qtbot) -> None:
    """A window keeps writer connections for minutes after a run: the search index's backlog is flushed
    when the run ends, not when the connection is closed."""
    from engine.store.sqlite import search_backlog

    make_hosts(tmp_path / "in", transcripts, ["ALFA"], 3)
    with qtbot.waitSignal(runtime.sig_run_finished, timeout=60_000) as done:
        runtime.submit([tmp_path / "in"])
    assert done.args[0]["parsed"] == 6
    db = tmp_path / "home" / "data" / "ALFA" / "ALFA.sqlite"

    def settled() -> bool:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return search_backlog(conn) == 0 and conn.execute("SELECT COUNT(*) FROM Interfaces").fetchone()[0] > 0

    qtbot.waitUntil(settled, timeout=30_000)
    assert runtime._ttl_seconds >= 60  # the connections are still cached: it was the run's end that did it


def test_pause_and_resume(runtime: IngestRuntime, transcripts: Path, tmp_path: Path, qtbot) -> None:
    make_hosts(tmp_path / "in", transcripts, ["ALFA"], 2)
    runtime.pause()
    runtime.submit([tmp_path / "in"])
    qtbot.wait(300)
    assert runtime.summary().parsed == 0
    with qtbot.waitSignal(runtime.sig_run_finished, timeout=60_000) as done:
        runtime.resume()
    assert done.args[0]["parsed"] == 4


HOLD_LOCK = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from engine.locks import FileLock
    lock = FileLock(Path(sys.argv[1]))
    lock.acquire()
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    lock.release()
""")


def test_a_second_process_holding_the_site_waits_its_turn(tmp_path: Path, transcripts: Path, qtbot) -> None:
    """Exactly one writer per database across processes: the runtime waits for the other holder."""
    make_hosts(tmp_path / "in", transcripts, ["ALFA"], 1)
    home = tmp_path / "home"
    lock = home / "data" / "ALFA" / "ALFA.sqlite.writer.lock"
    lock.parent.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(lock), "1.5"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    rt = IngestRuntime(Workspace(home), processes=2)
    try:
        with qtbot.waitSignal(rt.sig_run_finished, timeout=90_000) as done:
            rt.submit([tmp_path / "in"])
        assert done.args[0]["parsed"] == 2 and done.args[0]["failed"] == 0
        assert holder.wait(10) == 0
    finally:
        rt.shutdown()


def test_a_failing_write_fails_its_host_and_the_pool_goes_on(runtime: IngestRuntime, transcripts: Path,
                                                             tmp_path: Path, qtbot) -> None:
    make_hosts(tmp_path / "in", transcripts, ["ALFA"], 2)
    with qtbot.waitSignal(runtime.sig_run_finished, timeout=60_000):
        runtime.submit([tmp_path / "in"])
    db = tmp_path / "home" / "data" / "ALFA" / "ALFA.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TRIGGER boom BEFORE UPDATE ON DeviceSummary WHEN NEW.Hostname = 'ALFA-A01-AS-00' "
                     "BEGIN SELECT RAISE(ABORT, 'simulated driver failure'); END")
    for f in (tmp_path / "in").glob("*.log"):
        f.write_text(f.read_text().replace("Disable None", "Up      Forward"), encoding="utf-8")
    with qtbot.waitSignal(runtime.sig_run_finished, timeout=60_000) as done:
        runtime.submit([tmp_path / "in"])
    summary = done.args[0]
    assert (summary["failed"], summary["parsed"], summary["skipped"]) == (1, 1, 2)
    assert "simulated driver failure" in summary["failures"][0]["reason"]
    shutil.rmtree(tmp_path / "in")


def test_forced_submission_rewrites_unchanged_hosts(runtime: IngestRuntime, transcripts: Path, tmp_path: Path,
                                                    qtbot) -> None:
    make_hosts(tmp_path / "in", transcripts, ["ALFA"], 1)
    with qtbot.waitSignal(runtime.sig_run_finished, timeout=60_000):
        runtime.submit([tmp_path / "in"])
    with qtbot.waitSignal(runtime.sig_run_finished, timeout=60_000) as again:
        runtime.submit([tmp_path / "in"], force=True)  # "Ingest again" in the window
    assert (again.args[0]["parsed"], again.args[0]["skipped"]) == (2, 0)
    assert again.args[0]["seconds"] < 60


def test_warm_run_with_a_pool_answers_unchanged_files_without_parsing(transcripts: Path, tmp_path: Path,
                                                                     qtbot) -> None:
    """Unchanged files are answered by the feeder itself; every file still ends Done (never left
    'Parsing' by a late 'started' event); a same-size changed file in the drop is parsed and written."""
    make_hosts(tmp_path / "in", transcripts, ["ALFA", "BRVO"], 6)
    rt = IngestRuntime(Workspace(tmp_path / "home"), processes=2)
    try:
        with qtbot.waitSignal(rt.sig_run_finished, timeout=120_000) as cold:
            rt.submit([tmp_path / "in"])
        assert cold.args[0]["parsed"] == 24
        changed = tmp_path / "in" / "alfa_00.log"
        changed.write_text(changed.read_text(encoding="utf-8").replace("ALFA-A01-AS-00", "ALFA-A01-AS-99"),
                           encoding="utf-8")
        states: dict[int, str] = {}
        rt.sig_job_started.connect(lambda batch: states.update({j["id"]: j["state"] for j in batch}))
        rt.sig_job_finished.connect(lambda batch: states.update({j["id"]: j["state"] for j in batch}))
        with qtbot.waitSignal(rt.sig_run_finished, timeout=120_000) as warm:
            files = rt.submit([tmp_path / "in"])
        summary = warm.args[0]
        assert (summary["parsed"], summary["skipped"], summary["failed"]) == (1, 23, 0)  # one host renamed
        assert all(states.get(jid) == "Done" for jid in files), states
        assert all(rt._jobs[jid]["state"] == "Done" for jid in files)
        # The feeder's 'started' and its reply travel on two queues: a late 'started' must not reopen a file.
        rt._feeder.started_jobs.put(files[0])
        rt._drain()
        assert rt._jobs[files[0]]["state"] == "Done"
    finally:
        rt.shutdown()


def test_auto_scale_off_runs_the_writer_pool_the_settings_file_names(tmp_path: Path, qtbot, transcripts) -> None:
    """With AutoScaleConcurrency false the run uses the typed values (ceiling 1, minimum 3: the legacy
    clamps give 3 writers; the profile would pick its own), and its telemetry says so."""
    from engine.settings import Settings

    ws = Workspace(tmp_path / "home")
    settings = Settings.load(ws.settings_path)
    settings.parser.AutoScaleConcurrency = False
    settings.parser.MaxRunspaceCeiling = 1
    settings.parser.MinRunspaceCount = 3
    settings.save()
    make_hosts(tmp_path / "in", transcripts, ["ALFA"], 1)
    rt = IngestRuntime(ws, processes=1)
    try:
        with qtbot.waitSignal(rt.sig_run_finished, timeout=60_000):
            rt.submit([tmp_path / "in"])
    finally:
        rt.shutdown()
    day = next((tmp_path / "home" / "logs" / "IngestionMetrics").glob("????-??-??.json"))
    event = next(e for e in map(json.loads, day.read_text().splitlines())
                 if e["EventName"] == "ConcurrencyProfileResolved")
    assert (event["ThreadCeiling"], event["DecisionSource"]) == (3, "Settings")
