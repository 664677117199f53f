"""`statetrace-cli find | mac | history | changes | export` as a script would run them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from captures import A_TIME, B_TIME, HOST, ingest, write_captures

from engine.cli import main
from engine.views.export import read_csv


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("views-cli")
    a, b = write_captures(root / "captures")
    ingest(root / "home", b)
    ingest(root / "home", a)
    return root / "home"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_find_json_csv_and_exit_codes(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "find", "0011.2233.4466", "--json", "--home", str(home))
    assert code == 0
    doc = json.loads(out)
    assert doc["query"] == "0011.2233.4466"
    assert [(r["Port"], r["FirstSeen"]) for r in doc["rows"]] == [("Gi1/0/1", A_TIME), ("Gi1/0/2", B_TIME)]
    code, out, _ = run(capsys, "find", "vlan", "40", "--csv", "--home", str(home))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [(r["Hostname"], r["Port"], r["Kind"]) for r in rows] == [(HOST, "Gi1/0/2", "vlan")]
    code, out, _ = run(capsys, "find", "no-such-host-xyz", "--home", str(home))
    assert code == 1 and "nothing found" in out


def test_mac_where_on_a_date(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "mac", "00-11-22-33-44-66", "--at", "2025-11-01", "--json", "--home", str(home))
    doc = json.loads(out)
    assert code == 0 and [r["Port"] for r in doc["rows"]] == ["Gi1/0/1"] and doc["moves"] == 1
    code, _, err = run(capsys, "mac", "hello", "--home", str(home))
    assert code == 2 and "not a MAC" in err


def test_history_of_a_port_and_changes_between_captures(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "history", HOST.lower(), "Gi1/0/2", "--json", "--home", str(home))
    doc = json.loads(out)
    assert code == 0 and doc["site"] == "WLLS"
    assert [(r["Capture"], r["Field"]) for r in doc["rows"]][:2] == [(A_TIME, "port"), (B_TIME, "description")]
    code, out, _ = run(capsys, "changes", "WLLS", "--between", "2025-10-09", "2025-11-20", "--home", str(home))
    assert code == 0 and "Gi1/0/3 status: 'err-disabled' -> 'connected'" in out
    code, out, _ = run(capsys, "changes", "WLLS", "--since", B_TIME, "--home", str(home))
    assert code == 1
    code, _, err = run(capsys, "history", "nobody", "--home", str(home))
    assert code == 1 and "no site holds" in err


def test_export_csv_and_xlsx_carry_the_query_and_capture_times(home: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "wlls.csv"
    code, out, _ = run(capsys, "export", "WLLS", "--out", str(target), "--home", str(home))
    assert code == 0 and "wrote 4 interfaces rows" in out
    meta, columns, rows = read_csv(target)
    assert meta["site"] == "WLLS" and meta["captures"] == f"{B_TIME} to {B_TIME}"
    assert columns[:2] == ["Hostname", "Port"] and len(rows) == 4
    book = tmp_path / "devices.xlsx"
    code, _, _ = run(capsys, "export", "WLLS", "--table", "devices", "--format", "xlsx", "--out", str(book),
                     "--home", str(home))
    from openpyxl import load_workbook

    wb = load_workbook(book)
    assert code == 0 and wb["Data"]["A2"].value == HOST
    assert any(row[0].value == "captures" for row in wb["About"].iter_rows())
    neighbours = tmp_path / "neighbours.csv"
    code, out, _ = run(capsys, "export", "WLLS", "--table", "neighbors", "--out", str(neighbours), "--home", str(home))
    assert code == 0 and "wrote 1 neighbors rows" in out
    _meta, columns, rows = read_csv(neighbours)
    assert columns[:4] == ["Hostname", "Port", "Protocol", "NeighborName"] and rows[0][3] == "WLLS-A02-AS-07.example.net"
    code, out, _ = run(capsys, "find", "10.20.5", "--json", "--home", str(home))
    assert code == 0 and [(r["Kind"], r["Port"]) for r in json.loads(out)["rows"]] == [("ip", "Vl20")]
    code, _, err = run(capsys, "export", "WLLS", "--format", "xlsx", "--out", str(tmp_path / "x.csv"),
                       "--home", str(home))
    assert code == 2
    code, _, err = run(capsys, "export", "NOPE", "--home", str(home))
    assert code == 2 and "NOPE" in err


@pytest.mark.postgres
def test_the_commands_read_a_postgresql_workspace(pg_fresh_dsn: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write_captures(tmp_path / "captures")
    home = tmp_path / "home"
    ingest(home, b, store={"Backend": "postgresql", "Dsn": pg_fresh_dsn})
    ingest(home, a)
    code, out, _ = run(capsys, "find", "0011.2233.4466", "--json", "--home", str(home))
    assert code == 0 and [r["Port"] for r in json.loads(out)["rows"]] == ["Gi1/0/1", "Gi1/0/2"]
    code, out, _ = run(capsys, "changes", "WLLS", "--since", "2025-10-10", "--home", str(home))
    assert code == 0 and "Gi1/0/2 VLAN: '20' -> '40'" in out
    target = tmp_path / "wlls.xlsx"
    code, _, _ = run(capsys, "export", "WLLS", "--out", str(target), "--home", str(home))
    assert code == 0 and target.is_file()
