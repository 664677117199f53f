"""`statetrace-cli bench-find` runs to its end on a small workspace and prints each figure it promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli import main


def test_bench_find_builds_queries_and_prices_the_search_index(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATETRACE_HOME", str(tmp_path / "home"))
    code = main(["bench-find", "--rows", "4800", "--sites", "2", "--repeat", "1", "--keep", str(tmp_path / "bf")])
    out = capsys.readouterr().out
    assert code == 0
    assert "built 4,800 interface rows" in out
    for kind in ("mac", "neighbor", "nothing"):
        assert any(line.split()[:1] == [kind] for line in out.splitlines()), kind
    assert "write cost without index" in out and "write cost ratio, with/without search index" in out
