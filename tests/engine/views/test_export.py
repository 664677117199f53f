"""Tables leave the program as TSV (clipboard), CSV and XLSX that read back to the same cells and carry the
query and capture times they were taken with."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from engine.views.export import read_csv, tsv, write_table

COLUMNS = ["Site", "Host", "Port", "Description", "Seen"]
ROWS: list[list[object]] = [
    ["WLLS", "WLLS-A01-AS-01", "Gi1/0/1", "uplink\tto core", dt.datetime(2025, 10, 9, 10, 15, 32)],
    ["WLLS", "WLLS-A01-AS-01", "Gi1/0/2", 'printer "lab"\nroom 2', None],
    ["BOYO", "BOYO-B02-AS-07", "1/1/4", "=HYPERLINK(\"http://x\")", 150],
    ["BOYO", "BOYO-B02-AS-07", "1/1/5", "-5", "Ünïcode ✓"],
]
META = {"query": "mac aaaa.bbbb", "capture times": "2025-10-09 10:15:32 .. 2025-11-20 14:05:00"}


def test_tsv_pastes_back_to_the_same_cells() -> None:
    text = tsv(COLUMNS, ROWS)
    assert text.splitlines()[0] == "Site\tHost\tPort\tDescription\tSeen"
    # A spreadsheet's paste (Excel-style quoting) gives back every cell, tabs and newlines included.
    back = list(csv.reader(io.StringIO(text), delimiter="\t"))
    assert back[0] == COLUMNS
    assert back[1] == ["WLLS", "WLLS-A01-AS-01", "Gi1/0/1", "uplink\tto core", "2025-10-09 10:15:32"]
    assert back[2][3] == 'printer "lab"\nroom 2' and back[2][4] == ""
    assert back[3][4] == "150"
    assert len(back) == 1 + len(ROWS)


def test_tsv_leaves_plain_cells_unquoted() -> None:
    assert tsv(["a", "b"], [["x y", "1/1/4"]]) == "a\tb\nx y\t1/1/4\n"


def test_csv_carries_meta_then_the_table(tmp_path: Path) -> None:
    path = write_table(tmp_path / "find.csv", COLUMNS, ROWS, META)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# query: mac aaaa.bbbb\r\n")  # BOM: Excel reads UTF-8
    meta, columns, rows = read_csv(path)
    assert meta["query"] == "mac aaaa.bbbb"
    assert meta["capture times"] == META["capture times"]
    assert "exported" in meta
    assert columns == COLUMNS
    assert rows[0][3] == "uplink\tto core" and rows[1][3] == 'printer "lab"\nroom 2'
    assert rows[3][4] == "Ünïcode ✓"
    # A formula typed into a port description does not run when Excel opens the file; a number stays one.
    assert rows[2][3] == "'=HYPERLINK(\"http://x\")"
    assert rows[3][3] == "-5"


def test_csv_reads_with_the_csv_module_after_the_blank_line(tmp_path: Path) -> None:
    path = write_table(tmp_path / "t.csv", ["a"], [["1"]], {"query": "line1\nline2"})
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = fh.read().split("\r\n")
    # The query's newline cannot break out of the about block into the table.
    assert lines[0] == "# query: line1 line2"
    assert lines[2] == "" and lines[3:5] == ["a", "1"]


def test_xlsx_has_data_and_about_sheets(tmp_path: Path) -> None:
    path = write_table(tmp_path / "find.XLSX", COLUMNS, ROWS, META)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Data", "About"]
    data = [[c.value for c in r] for r in book["Data"].iter_rows()]
    assert data[0] == COLUMNS
    assert data[1][4] == dt.datetime(2025, 10, 9, 10, 15, 32)  # a date Excel can sort
    assert data[2][3] == 'printer "lab"\nroom 2' and data[2][4] is None
    assert data[3][4] == 150
    # Stored as text, not a formula.
    assert data[3][3] == '=HYPERLINK("http://x")' and book["Data"]["D4"].data_type == "s"
    assert book["Data"].freeze_panes == "A2"
    about = {r[0].value: r[1].value for r in book["About"].iter_rows()}
    assert about["query"] == "mac aaaa.bbbb" and about["capture times"] == META["capture times"]


def test_xlsx_drops_control_characters_xml_cannot_hold(tmp_path: Path) -> None:
    path = write_table(tmp_path / "t.xlsx", ["a"], [["esc\x1b[0mok\x07"]], {})
    assert openpyxl.load_workbook(path)["Data"]["A2"].value == "esc[0mok"


def test_unknown_suffix_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        write_table(tmp_path / "t.txt", ["a"], [["1"]], {})
    assert list(tmp_path.iterdir()) == []


def test_failed_export_leaves_the_old_file(tmp_path: Path) -> None:
    path = write_table(tmp_path / "t.csv", ["a"], [["old"]], {})

    def rows() -> object:
        yield ["new"]
        raise RuntimeError("query failed half way")

    with pytest.raises(RuntimeError):
        write_table(path, ["a"], rows(), {})  # type: ignore[arg-type]
    assert read_csv(path)[2] == [["old"]]
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]
