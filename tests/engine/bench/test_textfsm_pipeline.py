"""The cached-TextFSM yardstick of `bench-throughput --textfsm`: it must really parse and store what a
corpus holds, or the ratio printed against it means nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from engine.bench.textfsm_pipeline import run_pipeline
from engine.loadgen import generate_corpus


def test_the_script_parses_every_host_and_stores_its_records(tmp_path: Path) -> None:
    summary = generate_corpus(tmp_path / "corpus", 400_000, 3, seed=4, workers=1, profile="access-edge")
    files = sorted((tmp_path / "corpus").glob("*.log"))
    done = run_pipeline(files, tmp_path / "t.sqlite")
    assert (done.files, done.hosts, done.bytes) == (len(files), summary.hosts, summary.bytes)
    conn = sqlite3.connect(tmp_path / "t.sqlite")
    assert conn.execute("SELECT COUNT(*) FROM Records").fetchone()[0] == done.records
    # Every host's MAC table went through its platform's template.
    macs = conn.execute("SELECT Hostname, Record FROM Records WHERE Command LIKE 'show mac%'").fetchall()
    assert {h for h, _ in macs} == {h[0] for s in json.loads((tmp_path / "corpus" / "manifest.json").read_text())
                                    ["site_list"] for h in s["host_list"]}
    assert all(len(json.loads(r)) >= 3 for _, r in macs[:50])
