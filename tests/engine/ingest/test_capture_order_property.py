"""The database follows capture time, never ingest order: a property over orders, drops and process counts.

Issue 11: "The same set of files ingested in any order, in one drop or several, by the window or the CLI,
with any number of processes, gives identical databases." Hypothesis draws an order of five capture files
(two switches, three captures each, one file holding both switches), splits it into drops, and ingests the
drops through the CLI (one run per drop) or through the window's runtime (every drop submitted at once,
while the earlier ones are still running), with one or two parse processes. Each database must equal the
one written by ingesting the files one by one in capture order.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.cli import main
from engine.runtime.qt_runtime import IngestRuntime
from engine.workspace import Workspace
from tests.engine.ingest.test_capture_order import CLOCKS, HOST, dump, one_host

OTHER = "WLLS-A01-AS-09"
EXAMPLES = int(os.environ.get("STATETRACE_PROPERTY_EXAMPLES", "6"))


def capture(base: str, host: str, i: int) -> str:
    """Capture `i` of `host`: its own clock, a description change and, in the second, a MAC that moved."""
    text = base.replace(HOST, host)
    text = text.replace(f"{host}#show version", f"{host}#show clock\n{CLOCKS[i]}\n{host}#show version", 1)
    text = text.replace("Printer HR", ("Printer HR", "Printer Finance", "Printer HR")[i])
    if i == 1:
        text = text.replace("0011.2233.4466    DYNAMIC     Gi1/0/1", "0011.2233.4466    DYNAMIC     Gi1/0/3")
    if i == 2:
        text = text.replace("notconnect", "connected ", 1)
    return text


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    transcripts = Path(__file__).resolve().parents[2] / "data" / "transcripts"
    base = one_host(transcripts)
    folder = tmp_path_factory.mktemp("property-captures")
    bodies = [capture(base, HOST, 0), capture(base, HOST, 1), capture(base, HOST, 2) + capture(base, OTHER, 0),
              capture(base, OTHER, 1), capture(base, OTHER, 2)]
    files = []
    for i, body in enumerate(bodies):
        path = folder / f"wlls_{i}.log"
        path.write_text(body)
        os.utime(path, (1_600_000_000 + i, 1_600_000_000 + i))
        files.append(path)
    return files


def cli_ingest(home: Path, paths: list[Path], processes: int) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["ingest", "--json", "--processes", str(processes), *map(str, paths), "--home", str(home)])
    assert code == 0, json.loads(out.getvalue())["failures"]


def window_ingest(qtbot, home: Path, drops: list[list[Path]], processes: int) -> None:
    """Every drop submitted back to back, as an analyst drags folder after folder onto the window."""
    runtime = IngestRuntime(Workspace(home), processes=processes)
    finished: list[dict] = []
    runtime.sig_run_finished.connect(lambda summary: finished.append(summary))
    try:
        for drop in drops:
            runtime.submit(drop)
        qtbot.waitUntil(lambda: runtime.state == "idle" and bool(finished), timeout=120_000)
    finally:
        runtime.shutdown()
    assert all(s["failed"] == 0 for s in finished), [s["failures"] for s in finished]


def database(home: Path) -> dict[str, list[tuple]]:
    return dump(home / "data" / "WLLS" / "WLLS.sqlite")


@pytest.fixture(scope="module")
def expected(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    home = tmp_path_factory.mktemp("property-reference") / "home"
    for path in corpus:  # capture order: A0, A1, A2+B0, B1, B2
        cli_ingest(home, [path], 1)
    rows = database(home)
    assert len(rows["DeviceHistory"]) == 6 and {r[0] for r in rows["DeviceSummary"]} == {HOST, OTHER}
    return rows


@st.composite
def plans(draw: st.DrawFn) -> tuple[list[list[int]], int, str]:
    order = draw(st.permutations(range(5)))
    cuts = sorted(draw(st.sets(st.integers(1, 4), max_size=4)))
    bounds = [0, *cuts, 5]
    drops = [list(order[a:b]) for a, b in itertools.pairwise(bounds)]
    return drops, draw(st.sampled_from([1, 2])), draw(st.sampled_from(["cli", "window"]))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans())
def test_any_order_any_drops_any_processes_give_the_same_database(qtbot, corpus: list[Path],
                                                                  expected: dict[str, list[tuple]],
                                                                  plan: tuple[list[list[int]], int, str]) -> None:
    drops, processes, via = plan
    home = Path(tempfile.mkdtemp(prefix="statetrace-property-")) / "home"
    try:
        paths = [[corpus[i] for i in drop] for drop in drops]
        if via == "cli":
            for drop in paths:
                cli_ingest(home, drop, processes)
        else:
            window_ingest(qtbot, home, paths, processes)
        assert database(home) == expected, f"drops {drops}, {processes} process(es), via {via}"
    finally:
        shutil.rmtree(home.parent, ignore_errors=True)
