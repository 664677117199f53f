"""The CLI's progress bars: plain carriage-return redraws (Windows consoles without VT mode), rate, ETA."""

from __future__ import annotations

import io

from engine.console import ProgressBar, StepBar


def test_ingest_bar_shows_percent_files_and_eta_without_ansi_codes() -> None:
    out = io.StringIO()
    bar = ProgressBar("ingest", out)
    bar.update(250_000, 1_000_000, "1/4 files, 3 hosts", eta=75, force=True)
    bar.update(1_000_000, 1_000_000, "4/4 files, 12 hosts")
    bar.close()
    text = out.getvalue()
    assert "\x1b" not in text
    assert " 25.0%" in text and "250kB/1.00MB" in text and ", 1/4 files, 3 hosts ETA 1:15" in text
    assert "100.0%" in text and "4/4 files, 12 hosts" in text
    assert text.endswith("\n")


def test_ingest_bar_estimates_the_eta_itself_when_the_engine_has_none() -> None:
    out = io.StringIO()
    bar = ProgressBar("ingest", out)
    bar._bar.start_t -= 10  # ten seconds in, a quarter done: about 30 s left
    bar.update(250, 1000, "", force=True)
    bar.close()
    assert "ETA 0:" in out.getvalue()


def test_step_bar_ends_each_site_on_its_own_line_with_its_status() -> None:
    out = io.StringIO()
    first = StepBar("maintain [1/2] BOYO", out)
    first.update(0.4, "compact")
    first.done("ok")
    StepBar("maintain [2/2] WLLS", out).done("compact busy")
    lines = [line.rsplit("\r", 1)[-1] for line in out.getvalue().split("\n")]
    assert "\x1b" not in out.getvalue()
    assert lines[0].startswith("maintain [1/2] BOYO: ok 100%|")
    assert lines[1].startswith("maintain [2/2] WLLS: compact busy 100%|")
    assert "maintain [1/2] BOYO: compact  40%|" in out.getvalue()
