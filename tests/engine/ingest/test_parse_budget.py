"""A host whose parse runs past its time budget is abandoned and reported with file and line (issue 13).

Parse processes enforce the budget on their main thread, so each check runs in a fresh interpreter, as a
parse process would, with a parse that never ends on its own: a regex with catastrophic backtracking.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ENDLESS = 're.match(r"(a+)+$", "a" * 64 + "b")'  # 2**64 steps: runs for ever without the budget


def run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.mark.parametrize(("alarm", "endless"), [(True, ENDLESS), (False, "while True: pass")],
                         ids=["SIGALRM, a regex", "timer thread (the Windows path), a Python loop"])
def test_the_budget_abandons_an_endless_parse(alarm: bool, endless: str) -> None:
    """SIGALRM interrupts even the regex engine; the timer thread of platforms without it can only act
    between bytecodes (a C loop holds the GIL it needs): both stop an endless Python-level parse."""
    printed = run(f"""
        import re
        from engine.ingest import budget
        budget._HAS_ALARM = {alarm}
        try:
            with budget.time_budget(0.5):
                {endless}
            print("finished")
        except budget.OverBudget as exc:
            print("abandoned:", exc)
        with budget.time_budget(5):  # a block that ends in time leaves nothing armed behind
            pass
        import time; time.sleep(0.2)
        print("still running")
    """)
    assert printed.splitlines() == ["abandoned: took longer than its 0.5 s parse budget", "still running"]


def test_a_host_over_budget_fails_with_file_and_line_and_the_file_goes_on(transcripts: Path) -> None:
    printed = run(f"""
        import re
        from engine.ingest import worker
        from engine.transcript.source import Source
        from pathlib import Path
        import os
        os.environ["STATETRACE_HOST_PARSE_BUDGET"] = "0.5"
        worker._OPTIONS["budget"] = True  # as init_worker sets it in a parse process
        real = worker.build_facts
        def build(host, *args):
            if host.endswith("-02"):
                {ENDLESS}
            return real(host, *args)
        worker.build_facts = build
        path = Path({str(transcripts / "mixed_batch02.log")!r})
        result = worker.process_source(Source(path, "", path.stat().st_size), force=True)
        for h in result.hosts:
            print(h.host, h.state, h.reason)
    """)
    lines = dict(line.split(" ", 1) for line in printed.splitlines())
    slow = next(host for host in lines if host.endswith("-02"))
    assert lines[slow].startswith("failed ") and "mixed_batch02.log:" in lines[slow]
    assert f"host {slow}: parse abandoned: took longer than its" in lines[slow]
    assert all(state.startswith("parsed") for host, state in lines.items() if host != slow), lines
