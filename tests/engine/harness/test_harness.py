"""The harness runs the real CLI cold, warm and incrementally and reports figures from telemetry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cli import main
from engine.loadgen import generate_corpus


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("corpora")
    generate_corpus(root / "base", 600_000, 3, seed=11, vendors=("arista", "fastiron"))
    generate_corpus(root / "next", 600_000, 3, seed=11, vendors=("arista", "fastiron"), mutate_pct=30)
    return root / "base", root / "next"


def test_cold_warm_incremental_report(corpora: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    base, mutated = corpora
    report_path = tmp_path / "out" / "report.json"
    code = main(["harness", str(base), "--mutated", str(mutated), "--processes", "1", "--report", str(report_path)])
    assert code == 0
    report = json.loads(report_path.read_text())
    cold, warm, incremental = report["phases"]
    assert (cold["name"], warm["name"], incremental["name"]) == ("cold", "warm", "incremental")
    assert cold["parsed"] == cold["hosts"] > 0 and cold["failed"] == 0
    assert warm["skipped"] == cold["hosts"] and warm["parsed"] == 0 and warm["rows_written"] == 0
    assert 0 < incremental["parsed"] < cold["hosts"]
    assert cold["write_p95_ms"] > 0 and cold["mb_per_s"] > 0 and cold["peak_rss_mb"] > 0
    markdown = report_path.with_suffix(".md").read_text()
    assert markdown.startswith("| phase |") and "| warm |" in markdown


def test_unwritable_report_path_keeps_the_printed_figures(corpora: tuple[Path, Path], tmp_path: Path,
                                                          capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code = main(["harness", str(corpora[0]), "--processes", "1", "--report", str(blocker / "r.json")])
    captured = capsys.readouterr()
    assert code == 0
    assert "cannot write the report" in captured.err and "| cold |" in captured.out
