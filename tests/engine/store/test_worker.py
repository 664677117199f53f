"""Workers sharing a PostgreSQL drop folder: every host once, dead workers' jobs come back."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from store_corpus import arista_transcript, parsers_available, write_drop_folder

from engine.cli import main
from engine.ingest.pipeline import IngestOptions
from engine.runtime.qt_runtime import ingest
from engine.store import StoreConfig
from engine.store.jobs import open_queue
from engine.store.postgres import advisory_key, site_schema
from engine.workspace import Workspace

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def parsing(tmp_path_factory: pytest.TempPathFactory) -> None:
    if not parsers_available(tmp_path_factory.mktemp("probe")):
        pytest.skip("the Arista EOS parsers are not available in this tree, so no host can be ingested")


def worker_cmd(dsn: str, drop: Path, home: Path, name: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "engine.cli", "worker", "--dsn", dsn, "--watch", str(drop), "--settle", "0",
            "--home", str(home), "--name", name, *extra]


def history_counts(dsn: str, sites: tuple[str, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    with psycopg.connect(dsn) as conn:
        for site in sites:
            rows = conn.execute(f'SELECT "Hostname", count(*) FROM "{site_schema(site)}"."DeviceHistory" '
                                'GROUP BY 1').fetchall()
            out.update({str(h): int(n) for h, n in rows})
    return out


def jobs(dsn: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT name, state, worker, attempts, coalesce(error, '') "
                            "FROM statetrace_jobs.job ORDER BY name").fetchall()


def wait_until_lease_expired(dsn: str, job_id: int) -> None:
    deadline = time.monotonic() + 120
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            if conn.execute("SELECT lease_until < now() FROM statetrace_jobs.job WHERE id = %s",
                            (job_id,)).fetchone() == (True,):
                return
            time.sleep(0.05)
    pytest.fail(f"the lease of job {job_id} never ran out")


@contextlib.contextmanager
def start_barrier(dsn: str, workers: int) -> Iterator[None]:
    """Hold the job-schema lock every worker takes first, until `workers` of them wait on it."""
    open_queue(dsn, "drop").close()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (advisory_key("job-schema"),))
        try:
            yield
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                waiting = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                       "AND application_name LIKE 'statetrace-worker%%'").fetchone()[0]
                if waiting >= workers:
                    break
                time.sleep(0.05)
            else:
                pytest.fail(f"only {waiting} of {workers} workers reached the job queue")
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (advisory_key("job-schema"),))


def test_two_workers_split_a_drop_folder(pg_fresh_dsn: str, tmp_path: Path, parsing: None) -> None:
    drop = tmp_path / "drop"
    sites = ("WLLS", "BOYO", "SITE1")
    hosts = write_drop_folder(drop, sites, per_site=10, hosts_per_file=1)
    hosts += write_drop_folder(drop / "batch2", ("LABS",), per_site=6, hosts_per_file=3)
    with start_barrier(pg_fresh_dsn, workers=2):  # both start claiming together, however slow one starts
        procs = [subprocess.Popen(worker_cmd(pg_fresh_dsn, drop, tmp_path / f"home{i}", f"w{i}", "--once"),
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                 for i in (1, 2)]
    outputs = [p.communicate(timeout=240)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    rows = jobs(pg_fresh_dsn)
    assert len(rows) == 30 + 2
    assert {r[1] for r in rows} == {"done"}, rows
    assert {r[2] for r in rows} <= {"w1", "w2"}, rows  # how they split depends on the OS scheduler:
    # the claim itself is tested below with two queues taking turns and racing in threads
    counts = history_counts(pg_fresh_dsn, (*sites, "LABS"))
    assert sorted(counts) == sorted(hosts)
    assert set(counts.values()) == {1}, counts  # every host exactly once


def test_two_queues_never_claim_the_same_job(pg_fresh_dsn: str) -> None:
    names = [(f"f{i:02d}.log", 100 + i, i) for i in range(40)]
    first = open_queue(pg_fresh_dsn, "race", worker="a")
    second = open_queue(pg_fresh_dsn, "race", worker="b")
    try:
        first.enqueue(names)
        turns = [first.claim(), second.claim(), first.claim(), second.claim()]
        assert all(j is not None for j in turns)
        assert len({j.id for j in turns if j}) == 4  # taking turns: four different jobs
        claimed: dict[str, list[int]] = {"a": [], "b": []}

        def drain(queue: Any, name: str) -> None:
            while (job := queue.claim()) is not None:
                claimed[name].append(job.id)

        threads = [threading.Thread(target=drain, args=(q, n)) for q, n in ((first, "a"), (second, "b"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        together = claimed["a"] + claimed["b"]
        assert len(together) == len(set(together)) == 36  # racing: every job exactly once
        assert {r[1] for r in jobs(pg_fresh_dsn)} == {"running"}
    finally:
        first.close()
        second.close()


def test_dead_workers_job_returns_and_written_hosts_are_not_rewritten(pg_fresh_dsn: str, tmp_path: Path,
                                                                      parsing: None) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    both = ["WLLS-A01-AS-01", "WLLS-A01-AS-02"]
    (drop / "pair.log").write_text("".join(arista_transcript(h) for h in both))
    # A worker claims the job (a lease far longer than this test), commits the first host, renews its
    # lease one last time for 1 s and "dies" (never renews again).
    ghost = open_queue(pg_fresh_dsn, "drop", worker="ghost", lease_s=3600.0)
    ghost.enqueue([("pair.log", (drop / "pair.log").stat().st_size, (drop / "pair.log").stat().st_mtime_ns)])
    job = ghost.claim()
    assert job is not None
    partial = tmp_path / "partial"
    partial.mkdir()
    (partial / "one.log").write_text(arista_transcript(both[0]))
    summary = ingest([partial], Workspace(tmp_path / "ghost-home"),
                     IngestOptions(store=StoreConfig(backend="postgresql", dsn=pg_fresh_dsn, job_id=job.id),
                                   processes=1))
    assert summary.parsed == 1
    assert ghost.claim() is None  # still leased, however long the ingest took
    ghost.lease_s = 1.0
    assert ghost.renew(job)
    ghost.close()
    wait_until_lease_expired(pg_fresh_dsn, job.id)  # the server's clock, not the machine's speed
    code = main(["worker", "--dsn", pg_fresh_dsn, "--watch", str(drop), "--once", "--settle", "0",
                 "--home", str(tmp_path / "home"), "--name", "survivor"])
    assert code == 0
    [(name, state, worker, attempts, error)] = jobs(pg_fresh_dsn)
    assert (name, state, worker, attempts) == ("pair.log", "done", "survivor", 2)
    assert "lease of ghost expired" in error
    assert history_counts(pg_fresh_dsn, ("WLLS",)) == {both[0]: 1, both[1]: 1}
    with psycopg.connect(pg_fresh_dsn) as conn:
        assert conn.execute("SELECT count(*) FROM statetrace_jobs.job_host").fetchone() == (0,)


def test_server_down_mid_run_jobs_return_and_nothing_is_half_written(pg_cluster: Any, pg_fresh_dsn: str,
                                                                      tmp_path: Path, parsing: None) -> None:
    drop = tmp_path / "drop"
    hosts = write_drop_folder(drop, ("WLLS", "BOYO"), per_site=12)
    proc = subprocess.Popen(worker_cmd(pg_fresh_dsn, drop, tmp_path / "home", "w1", "--lease", "3", "--poll", "0.2"),
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if sum(1 for r in jobs(pg_fresh_dsn) if r[1] == "done") >= 3:
                    break
            except psycopg.Error:
                pass
            time.sleep(0.1)
        pg_cluster.stop("immediate")  # mid-run: the worker is ingesting the next file
        time.sleep(2)
        pg_cluster.start()
        while time.monotonic() < deadline:
            try:
                rows = jobs(pg_fresh_dsn)
                if len(rows) == len(hosts) and all(r[1] == "done" for r in rows):
                    break
            except psycopg.Error:
                pass
            time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGTERM)
        out = proc.communicate(timeout=60)[0]
    rows = jobs(pg_fresh_dsn)
    assert all(r[1] == "done" for r in rows) and len(rows) == len(hosts), (rows, out)
    assert "unavailable" in out or "connection lost" in out or "given back" in out, out
    counts = history_counts(pg_fresh_dsn, ("WLLS", "BOYO"))
    assert sorted(counts) == sorted(hosts) and set(counts.values()) == {1}, counts
    with psycopg.connect(pg_fresh_dsn) as conn:
        per_host = conn.execute('SELECT count(*) FROM site_wlls."Interfaces" GROUP BY "Hostname"').fetchall()
    assert {n for (n,) in per_host} == {24}


def test_wrong_password_is_a_clear_error(pg_dsn: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = pg_dsn.replace("password=", "password=wrong")
    (tmp_path / "drop").mkdir()
    code = main(["worker", "--dsn", bad, "--watch", str(tmp_path / "drop"), "--once", "--home", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "wrong user name or password" in err and "wrong" not in err.split("password=")[-1][:5]


def test_unreachable_server_is_a_clear_error_with_once(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "sleep", lambda s: None)
    (tmp_path / "drop").mkdir()
    code = main(["worker", "--dsn", "host=127.0.0.1 port=1 user=x password=y dbname=z connect_timeout=2",
                 "--watch", str(tmp_path / "drop"), "--once", "--home", str(tmp_path)])
    assert code == 1
    assert "not reachable" in capsys.readouterr().err


def test_changed_file_is_ingested_again(pg_fresh_dsn: str, tmp_path: Path, parsing: None) -> None:
    drop = tmp_path / "drop"
    write_drop_folder(drop, ("WLLS",), per_site=2)
    args = ["worker", "--dsn", pg_fresh_dsn, "--watch", str(drop), "--once", "--settle", "0",
            "--home", str(tmp_path / "home")]
    assert main(args) == 0
    assert main(args) == 0  # nothing new: no job runs twice
    assert history_counts(pg_fresh_dsn, ("WLLS",)) == {"WLLS-A01-AS-01": 1, "WLLS-A01-AS-02": 1}
    target = drop / "WLLS-A01-AS-02.log"
    before = target.stat().st_mtime_ns
    target.write_text(arista_transcript("WLLS-A01-AS-02", variant=1))
    os.utime(target, ns=(before + 1_000_000, before + 1_000_000))  # same size, newer mtime
    assert main(args) == 0
    assert history_counts(pg_fresh_dsn, ("WLLS",)) == {"WLLS-A01-AS-01": 1, "WLLS-A01-AS-02": 2}


def test_heartbeat_keeps_a_long_job_with_its_worker(pg_fresh_dsn: str, tmp_path: Path, parsing: None) -> None:
    drop = tmp_path / "drop"
    hosts = write_drop_folder(drop, ("WLLS",), per_site=60, hosts_per_file=60)  # one file, seconds of work
    w1 = subprocess.Popen(worker_cmd(pg_fresh_dsn, drop, tmp_path / "h1", "w1", "--once", "--lease", "0.9"),
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(r[1] == "running" for r in _jobs_or_empty(pg_fresh_dsn)):
        time.sleep(0.05)
    # A second worker polls all along: it would take the job over as soon as w1's lease ran out.
    w2 = subprocess.Popen(worker_cmd(pg_fresh_dsn, drop, tmp_path / "h2", "w2", "--lease", "0.9", "--poll", "0.1"),
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out1 = w1.communicate(timeout=240)[0]
    w2.send_signal(signal.SIGTERM)
    out2 = w2.communicate(timeout=60)[0]
    assert w1.returncode == 0, out1
    [(_name, state, worker, attempts, error)] = jobs(pg_fresh_dsn)
    assert (state, worker, attempts, error) == ("done", "w1", 1, ""), (out1, out2)
    assert "lost the lease" not in out1
    counts = history_counts(pg_fresh_dsn, ("WLLS",))
    assert sorted(counts) == sorted(hosts) and set(counts.values()) == {1}


def _jobs_or_empty(dsn: str) -> list[tuple[Any, ...]]:
    try:
        return jobs(dsn)
    except psycopg.Error:
        return []


def test_a_worker_killed_mid_job_loses_and_duplicates_no_host(pg_fresh_dsn: str, tmp_path: Path,
                                                              parsing: None) -> None:
    """Issue 13: a real `statetrace-cli worker` SIGKILLed once it has committed some hosts of a
    multi-host job; a second worker takes the job when the lease runs out and every host is stored once."""
    drop = tmp_path / "drop"
    hosts = write_drop_folder(drop, ("WLLS", "BOYO"), per_site=24, hosts_per_file=12)
    victim = subprocess.Popen(worker_cmd(pg_fresh_dsn, drop, tmp_path / "victim", "victim", "--lease", "2"),
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        committed = 0
        while time.monotonic() < deadline and victim.poll() is None:
            with contextlib.suppress(psycopg.Error), psycopg.connect(pg_fresh_dsn) as conn:
                row = conn.execute("SELECT count(*) FROM statetrace_jobs.job_host").fetchone()
                committed = int(row[0]) if row else 0
            if committed:
                break
            time.sleep(0.02)
        assert committed, "the worker never committed a host"
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
    finally:
        if victim.poll() is None:
            victim.kill()
    with psycopg.connect(pg_fresh_dsn) as conn:
        left = [int(r[0]) for r in conn.execute("SELECT id FROM statetrace_jobs.job WHERE state = 'running'")]
    assert left, "the kill left no job mid-way"
    for job_id in left:
        wait_until_lease_expired(pg_fresh_dsn, job_id)  # the server's clock, not the machine's speed
    survivor = subprocess.run(worker_cmd(pg_fresh_dsn, drop, tmp_path / "survivor", "survivor", "--once"),
                              cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert survivor.returncode == 0, survivor.stdout + survivor.stderr
    assert {r[1] for r in jobs(pg_fresh_dsn)} == {"done"}
    counts = history_counts(pg_fresh_dsn, ("WLLS", "BOYO"))
    assert sorted(counts) == sorted(hosts)
    assert set(counts.values()) == {1}, counts  # neither lost nor written twice
