"""QueueModel: upserts by id from runtime batches, per-site counts, the filter proxy, Qt's model checks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from statetrace_gui.queue.model import COL, JOB_ROLE, QueueFilterProxy, QueueModel


def batch() -> list[dict]:
    return [
        {"id": 1, "file": "/in/wlls.log", "host": "", "site": "", "size": 4273, "state": "Queued", "progress": 0.0},
        {"id": 2, "file": "/in/boyo.log", "host": "", "site": "", "size": 3749, "state": "Queued", "progress": 0.0},
    ]


def test_the_model_passes_qt_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = QueueModel()
    model.upsert(batch())
    model.upsert([{"id": 3, "parent": 1, "file": "/in/wlls.log", "host": "WLLS-A01-AS-01", "site": "WLLS",
                   "vendor": "Cisco", "size": 4000, "state": "Writing", "progress": 0.5, "parse_ms": 12.5},
                  {"id": 4, "parent": 2, "file": "/in/boyo.log", "host": "BOYO-A05-AS-02", "site": "BOYO",
                   "state": "Failed", "error": "no parser\nsecond line"}])
    qtmodeltester.check(model, force_py=True)
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL["Size"], Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy, force_py=True)


def test_upserts_merge_by_id_and_signal_only_what_changed(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = QueueModel()
    inserted: list[tuple[int, int]] = []
    changed: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.dataChanged.connect(lambda tl, br, _roles=(): changed.append((tl.row(), br.row())))
    model.upsert(batch())
    assert inserted == [(0, 2)] and model.rowCount() == 3 and model.job_count() == 2  # the run's header + 2
    model.upsert([{"id": 2, "state": "Parsing"}, {"id": 9, "host": "X", "site": "WLLS", "state": "Queued"},
                  {"id": 9, "state": "Writing"}])
    assert inserted == [(0, 2), (3, 3)] and changed == [(2, 2)]
    assert model.job(9) == {"id": 9, "host": "X", "site": "WLLS", "state": "Writing"}
    assert model.job(2)["file"] == "/in/boyo.log" and model.job(2)["state"] == "Parsing"
    model.upsert([{"id": 1, "state": "Done"}, {"id": 2, "state": "Done"}])
    assert changed[-2:] == [(1, 1), (2, 2)]  # one signal per row: views repaint only rows they show
    assert model.job(1)["progress"] == 1.0
    assert model.site_counts == {"WLLS": {"Writing": 1}}
    model.upsert([{"id": 9, "state": "Failed", "error": "database is locked"}])
    assert model.site_counts == {"WLLS": {"Writing": 0, "Failed": 1}}
    index = model.index(3, COL["Error"])
    assert index.data() == "database is locked"
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.clear_finished() == 2 and [j["id"] for j in model.jobs()] == [9]
    assert model.job(9) is not None and model.job(1) is None


def test_display_of_sizes_times_and_multi_line_errors() -> None:
    model = QueueModel()
    model.upsert([{"id": 5, "file": "/deep/folder/WLLS-A01-AS-01.log", "size": 2_100_000_000, "state": "Done",
                   "parse_ms": 12.44, "write_ms": 0.0, "rows": 0, "error": "first\nsecond"}])
    row = {name: model.index(1, col).data() for name, col in COL.items()}
    assert row["File"] == "WLLS-A01-AS-01.log"
    assert row["Size"] == "2.1 GB" and row["Progress"] == "100 %" and row["Parse ms"] == "12"
    assert row["Write ms"] == "" and row["Rows"] == "0" and row["Error"] == "first"
    assert model.index(1, COL["File"]).data(Qt.ItemDataRole.ToolTipRole) == "/deep/folder/WLLS-A01-AS-01.log"


def test_the_proxy_filters_by_text_and_state_group() -> None:
    model = QueueModel()
    model.upsert([*batch(), {"id": 3, "file": "/in/x.log", "host": "WLLS-A01-AS-09", "site": "WLLS", "state": "Failed", "error": "database is locked"}])
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    def shown() -> list[str]:  # the job rows shown (row 0 is the run's header: it always stays)
        return [proxy.index(r, COL["File"]).data() for r in range(proxy.rowCount())
                if not proxy.index(r, 0).data(JOB_ROLE).get("kind")]

    proxy.set_state_group("Failed")
    assert len(shown()) == 1 and proxy.rowCount() == 2
    proxy.set_state_group("Active")
    assert len(shown()) == 2
    proxy.set_state_group("All")
    proxy.set_text("LOCKED")
    assert len(shown()) == 1
    proxy.set_text("boyo")
    assert len(shown()) == 1
    proxy.set_text("")
    assert len(shown()) == 3
    proxy.sort(COL["Size"], Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data(JOB_ROLE)["kind"] == "run" and shown()[0] == "wlls.log"  # header stays on top


def test_rows_are_grouped_by_run_under_a_header_that_says_what_the_run_did(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Issue 15: rows piled up across runs with nothing saying which run; now each run has a header row,
    a new run folds the earlier ones, a click unfolds them, and sorting keeps every row under its run."""
    model = QueueModel()
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    model.sig_folds_changed.connect(proxy.refilter)
    model.upsert([{**job, "run": "#1 10:00:00", "run_no": 1} for job in batch()])
    model.set_run_summary("#1 10:00:00", "Run #1 10:00:00: finished after 3.0 s; 2 file(s)")
    assert proxy.index(0, 0).data() == "\u25be Run #1 10:00:00: finished after 3.0 s; 2 file(s)"
    model.upsert([{"id": 7, "file": "/in/zz.log", "size": 1, "state": "Queued", "run": "#2 10:05:00", "run_no": 2},
                  {"id": 8, "file": "/in/aa.log", "size": 9_000, "state": "Queued", "run": "#2 10:05:00",
                   "run_no": 2}])
    assert model.runs() == ["#1 10:00:00", "#2 10:05:00"] and model.job_count() == 4

    def table() -> list[str]:
        return [proxy.index(r, COL["File"]).data() or proxy.index(r, 0).data()[:8] for r in range(proxy.rowCount())]

    assert table() == ["\u25b8 Run #1", "\u25be Run #2", "zz.log", "aa.log"]  # the earlier run folded
    assert "2 row(s) folded" in proxy.index(0, 0).data()
    model.set_folded("#1 10:00:00", False)
    assert table() == ["\u25be Run #1", "wlls.log", "boyo.log", "\u25be Run #2", "zz.log", "aa.log"]
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        proxy.sort(COL["Size"], order)
        small_first = order == Qt.SortOrder.AscendingOrder
        assert table() == ["\u25be Run #1", *(["boyo.log", "wlls.log"] if small_first else ["wlls.log", "boyo.log"]),
                           "\u25be Run #2", *(["zz.log", "aa.log"] if small_first else ["aa.log", "zz.log"])]
    model.upsert([{"id": 1, "state": "Done"}, {"id": 2, "state": "Done"}])
    assert model.clear_old_runs("#2 10:05:00") == 2
    assert model.runs() == ["#2 10:05:00"] and model.rowCount() == 3 and model.state_totals() == {"Queued": 2}


def test_a_file_row_shows_the_worst_of_its_hosts_with_their_counts(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A transcript whose host failed is not a green "Done"; the counter counts hosts, as the run log does."""
    model = QueueModel()
    # The runtime's batches: the file is queued, parsed into two hosts (finished "Done"), then one fails.
    model.upsert([{"id": 1, "file": "/in/a.log", "host": "", "site": "", "state": "Queued", "progress": 0.0}])
    model.upsert([{"id": 2, "parent": 1, "file": "/in/a.log", "host": "WLLS-A01-AS-01", "site": "WLLS",
                   "state": "Queued"},
                  {"id": 3, "parent": 1, "file": "/in/a.log", "host": "WLLS-A01-AS-02", "site": "WLLS",
                   "state": "Queued"},
                  {"id": 1, "state": "Done", "progress": 1.0, "host": "2 host(s)"}])
    row = model.job(1)
    assert row is not None and row["state"] == "Queued" and row["progress"] == 0.0
    assert row["host"] == "2 host(s): 2 queued"
    model.upsert([{"id": 2, "state": "Done", "progress": 1.0}])
    assert model.job(1)["state"] == "Queued" and model.job(1)["progress"] == 0.5
    model.upsert([{"id": 3, "state": "Failed", "error": "database is locked", "progress": 1.0}])
    row = model.job(1)
    assert row["state"] == "Failed" and row["progress"] == 1.0 and row["host"] == "2 host(s): 1 done, 1 failed"
    assert model.state_totals() == {"Done": 1, "Failed": 1}  # not "2 failed" (the file and its host)
    index = model.index(1, COL["State"])
    assert model.data(index) == "Failed" and model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    # A file that failed on its own (no hosts) is still counted as itself.
    model.upsert([{"id": 4, "file": "/in/notes.txt", "host": "", "site": "", "state": "Failed", "error": "no prompt"}])
    assert model.state_totals() == {"Done": 1, "Failed": 2}
    # Clearing finished rows keeps the figures right.
    model.clear_finished()
    assert model.state_totals() == {"Failed": 2} and model.job(1)["host"] == "1 host(s): 1 failed"
