"""End to end: `statetrace-cli ingest` on multi-host, multi-vendor transcripts into SQLite per site."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from engine.cli import main
from engine.workspace import Workspace


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["ingest", "--json", "--processes", "1", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


def rows(db: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_folder_becomes_one_database_per_site(transcripts: Path, home: Path, capsys) -> None:
    code, summary = run_cli(capsys, str(transcripts), "--home", str(home))
    assert code == 0, summary["failures"]
    assert summary["hosts"] == 3 and summary["parsed"] == 3 and summary["failed"] == 0
    assert set(summary["sites"]) == {"WLLS", "BOYO"}
    wlls = home / "data" / "WLLS" / "WLLS.sqlite"
    assert Path(summary["sites"]["WLLS"]["db_path"]) == wlls

    dev = rows(wlls, "SELECT * FROM DeviceSummary WHERE Hostname = ?", "WLLS-A01-AS-01")[0]
    assert (dev["Make"], dev["Model"], dev["Site"]) == ("Cisco", "C9300-48P", "WLLS")
    assert dev["Version"] == "17.9.4a" or dev["Version"].startswith("17.")
    assert dev["SerialNumber"] == "FOC2418L0QX"
    assert dev["Uptime"] == "12 weeks, 3 days, 4 hours, 12 minutes"
    assert (dev["Building"], dev["Room"], dev["Ports"]) == ("5", "204", 4)

    ports = {r["Port"]: r for r in rows(wlls, "SELECT * FROM Interfaces WHERE Hostname = ?", "WLLS-A01-AS-01")}
    assert list(sorted(ports)) == ["Gi1/0/1", "Gi1/0/2", "Gi1/0/3", "Te1/1/1"]
    gi1 = ports["Gi1/0/1"]
    assert (gi1["Name"], gi1["Status"], gi1["VLAN"], gi1["Duplex"], gi1["Speed"]) == (
        "Printer HR", "connected", 20, "a-full", "a-1000")
    assert gi1["Type"] == "10/100/1000BaseTX"
    assert gi1["LearnedMACs"] == "0011.2233.4455,0011.2233.4466"
    assert (gi1["AuthState"], gi1["AuthMode"], gi1["AuthClientMAC"]) == ("Authorized", "dot1x", "0011.2233.4455")
    assert gi1["AuthTemplate"] == "flexible"
    assert "dot1x pae authenticator" in gi1["Config"]
    # The legacy defect: a trunk row must keep Status=connected, VLAN 0, and its real type.
    te = ports["Te1/1/1"]
    assert (te["Status"], te["VLAN"], te["Duplex"], te["Speed"], te["Type"]) == (
        "connected", 0, "full", "10G", "SFP-10GBase-SR")
    assert te["Name"] == "Uplink to WLLS-CORE-01"
    assert ports["Gi1/0/2"]["AuthTemplate"] == "macauth"
    assert ports["Gi1/0/3"]["Status"] == "err-disabled"
    assert (ports["Gi1/0/3"]["AuthState"], ports["Gi1/0/3"]["AuthTemplate"]) == ("Open", "open")

    span = rows(wlls, "SELECT * FROM SpanInfo WHERE Hostname = ?", "WLLS-A01-AS-01")
    assert [(s["Vlan"], s["RootSwitch"], s["RootPort"], s["Role"], s["Upstream"]) for s in span] == [
        ("VLAN0020", "5254.001b.1c58", "Te1/1/1", "Root", "Te1/1/1")]

    arista = rows(wlls, "SELECT * FROM DeviceSummary WHERE Hostname = ?", "WLLS-A02-AS-07")[0]
    assert (arista["Make"], arista["Model"], arista["SerialNumber"]) == ("Arista", "DCS-7050TX-64-R", "JPE15253091")
    et1 = rows(wlls, "SELECT * FROM Interfaces WHERE Hostname = ? AND Port = 'Et1'", "WLLS-A02-AS-07")[0]
    assert (et1["Name"], et1["Status"], et1["VLAN"], et1["LearnedMACs"]) == ("Desk 101", "connected", 10,
                                                                            "001c.7300.0001")

    boyo = home / "data" / "BOYO" / "BOYO.sqlite"
    b = rows(boyo, "SELECT * FROM DeviceSummary")[0]
    assert (b["Hostname"], b["Make"], b["Model"], b["Building"], b["Room"]) == (
        "BOYO-A05-AS-02", "Brocade", "Stackable ICX7450-48P", "5", "204")
    assert b["AuthDefaultVLAN"] == "20"
    bports = {r["Port"]: r for r in rows(boyo, "SELECT * FROM Interfaces")}
    assert sorted(bports) == ["Et1/1/1", "Et1/1/2", "Et1/1/3"]
    assert (bports["Et1/1/1"]["Status"], bports["Et1/1/1"]["AuthTemplate"]) == ("Up", "flexible")
    assert bports["Et1/1/2"]["Status"] == "Disable"
    assert bports["Et1/1/3"]["Type"] == "Trunk"
    assert bports["Et1/1/1"]["LearnedMACs"] == "00aa.bbcc.0003"

    # History and schema version are there, with the legacy fields.
    hist = json.loads((home / "data" / "IngestionHistory" / "BOYO.json").read_text(encoding="utf-8-sig"))
    assert hist[0]["Hostname"] == "BOYO-A05-AS-02" and len(hist[0]["FileHash"]) == 64
    assert set(hist[0]) == {"Hostname", "ActualHostname", "Site", "FileHash", "SourceLength",
                            "SourceTimestampUtc", "LastIngestedUtc"}
    assert rows(wlls, "SELECT MAX(Version) AS v FROM SchemaVersion")[0]["v"] >= 1


def test_second_run_skips_unchanged_hosts_and_rewrites_changed(transcripts: Path, home: Path, tmp_path: Path,
                                                               capsys) -> None:
    src = tmp_path / "in"
    shutil.copytree(transcripts, src)
    run_cli(capsys, str(src), "--home", str(home))
    wlls = home / "data" / "WLLS" / "WLLS.sqlite"
    history_before = rows(wlls, "SELECT COUNT(*) AS n FROM InterfaceHistory")[0]["n"]

    code, again = run_cli(capsys, str(src), "--home", str(home))
    assert code == 0
    assert again["skipped"] == 3 and again["parsed"] == 0 and again["rows_written"] == 0

    # One port of one host changes: only that host is parsed, only that port gets a history row.
    f = src / "wlls_batch01.log"
    f.write_text(f.read_text().replace("Gi1/0/2                         notconnect",
                                       "Gi1/0/2                         connected "), encoding="utf-8")
    code, third = run_cli(capsys, str(src), "--home", str(home))
    assert (third["parsed"], third["skipped"]) == (1, 2)
    assert third["rows_written"] == 1
    assert rows(wlls, "SELECT COUNT(*) AS n FROM InterfaceHistory")[0]["n"] == history_before + 1
    assert rows(wlls, "SELECT Status FROM Interfaces WHERE Port='Gi1/0/2'")[0]["Status"] == "connected"

    # A missing database forces re-ingestion even though the history matches.
    (home / "data" / "BOYO" / "BOYO.sqlite").unlink()
    code, fourth = run_cli(capsys, str(src), "--home", str(home))
    assert fourth["sites"]["BOYO"]["parsed"] == 1


def test_bad_input_is_reported_and_the_rest_ingested(transcripts: Path, home: Path, tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    shutil.copytree(transcripts, src)
    (src / "empty.log").write_bytes(b"")
    (src / "image.log").write_bytes(bytes(range(256)) * 64)
    (src / "evil.log").write_text("../x#show version\nCisco IOS Software, Version 15.2\n"
                                  "Zürich-A01#show version\nCisco IOS Software\n", encoding="utf-8")
    # A vendor recognised but not ingested (Junos is ingested since issue 16b): refused by its name.
    (src / "iosxr.log").write_text("EDGE-RTR1#show version\nCisco IOS XR Software, Version 7.5.2\n"
                                   "cisco 8201-32FH (Intel(R) Xeon(R) CPU) processor\n", encoding="utf-8")
    (src / "notes.log").write_text("just some notes\nnothing to see\n", encoding="utf-8")
    (src / "nocmds.log").write_text("LAB-SW1#show clock\n10:00:00.000 UTC Mon Jan 1 2024\n", encoding="utf-8")
    code, summary = run_cli(capsys, str(src), "--home", str(home))
    assert code == 1
    assert summary["parsed"] == 3
    reasons = "\n".join(f["reason"] for f in summary["failures"])
    assert "image.log" in reasons and "binary" in reasons
    assert "empty.log" in reasons and "notes.log" in reasons
    assert "invalid hostname '../x'" in reasons and "Zürich-A01" in reasons
    assert "unsupported vendor Cisco IOS XR" in reasons
    assert "LAB-SW1" in reasons and "no recognisable show commands" in reasons
    assert "evil.log:1:" in reasons  # file and line named
    # Nothing was written for the refused hosts.
    assert not (home / "data" / "EDGE").exists()
    assert sorted(p.name for p in (home / "data").iterdir() if p.is_dir()) == ["BOYO", "IngestionHistory", "WLLS"]


def test_archives_and_encodings(transcripts: Path, home: Path, tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text = (transcripts / "mixed_batch02.log").read_text(encoding="utf-8")
    with gzip.open(src / "capture.log.gz", "wt", encoding="utf-8") as fh:
        fh.write(text)
    with zipfile.ZipFile(src / "bundle.zip", "w") as zf:
        # Windows tools write UTF-16 with CRLF and pagers leave artefacts behind.
        cisco = (transcripts / "wlls_batch01.log").read_text(encoding="utf-8")
        cisco = cisco.replace("Gi1/0/2 ", " --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bGi1/0/2 ", 1)
        zf.writestr("day1/WLLS-A01-AS-01.txt", ("\ufeff" + cisco.replace("\n", "\r\n")).encode("utf-16-le"))
    code, summary = run_cli(capsys, str(src), "--home", str(home))
    assert code == 0, summary["failures"]
    assert summary["parsed"] == 3
    wlls = home / "data" / "WLLS" / "WLLS.sqlite"
    assert len(rows(wlls, "SELECT * FROM Interfaces WHERE Hostname='WLLS-A01-AS-01'")) == 4


def test_cli_usage_errors_exit_2(tmp_path: Path, capsys) -> None:
    assert main(["ingest", str(tmp_path), "--backend", "odbc", "--home", str(tmp_path)]) == 2
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "StateTraceSettings.json").write_text('{"ParserSettings": {"MaxWorkersPerSite": -3}}')
    assert main(["ingest", str(tmp_path), "--home", str(tmp_path)]) == 2
    assert "MaxWorkersPerSite" in capsys.readouterr().err


def test_console_script_runs_with_process_pool(transcripts: Path, home: Path) -> None:
    """The installed entry point with two spawn parse processes (what users run)."""
    proc = subprocess.run([sys.executable, "-m", "engine.cli", "ingest", str(transcripts), "--home", str(home),
                           "--processes", "2"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 written" in proc.stdout


def test_corrupt_database_is_refused_and_other_sites_go_on(transcripts: Path, home: Path, capsys) -> None:
    run_cli(capsys, str(transcripts), "--home", str(home))
    boyo = home / "data" / "BOYO" / "BOYO.sqlite"
    data = bytearray(boyo.read_bytes())
    for offset in range(4096, len(data), 4096):  # garbage over every page after the header page
        data[offset:offset + 64] = b"\xde\xad\xbe\xef" * 16
    boyo.write_bytes(bytes(data))
    for stale in boyo.parent.glob("BOYO.sqlite-*"):
        stale.unlink()
    code, summary = run_cli(capsys, str(transcripts), "--home", str(home), "--force")
    assert code == 1
    assert summary["sites"]["BOYO"]["failed"] == 1 and summary["sites"]["WLLS"]["parsed"] == 2
    reason = next(f["reason"] for f in summary["failures"] if f["host"] == "BOYO-A05-AS-02")
    assert "corrupt" in reason or "malformed" in reason
    code, again = run_cli(capsys, str(transcripts), "--home", str(home), "--force")
    assert "refused" in next(f["reason"] for f in again["failures"] if f["host"] == "BOYO-A05-AS-02")


def test_unchanged_files_are_skipped_without_decoding_and_changes_still_count(transcripts: Path, home: Path,
                                                                              tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    shutil.copytree(transcripts, src)
    run_cli(capsys, str(src), "--home", str(home))
    index = json.loads((home / "data" / ".file-index.json").read_text())
    assert len(index) == 2 and all(len(e["raw"]) == 64 for e in index.values())
    assert sorted(h[0] for e in index.values() for h in e["hosts"]) == [
        "BOYO-A05-AS-02", "WLLS-A01-AS-01", "WLLS-A02-AS-07"]
    # Same bytes: skipped from the index. A changed file: parsed again, whatever the index says.
    f = src / "mixed_batch02.log"
    f.write_text(f.read_text().replace("Desk 101       connected", "Desk 101       notconnect"), encoding="utf-8")
    code, summary = run_cli(capsys, str(src), "--home", str(home))
    assert code == 0 and (summary["parsed"], summary["skipped"]) == (1, 2)
    wlls = home / "data" / "WLLS" / "WLLS.sqlite"
    assert rows(wlls, "SELECT Status FROM Interfaces WHERE Hostname='WLLS-A02-AS-07' AND Port='Et1'")[0][0] == \
        "notconnect"


def test_a_host_split_over_two_files_is_merged_in_file_order(transcripts: Path, home: Path, tmp_path: Path,
                                                             capsys) -> None:
    text = (transcripts / "wlls_batch01.log").read_text(encoding="utf-8")
    cut = text.index("WLLS-A01-AS-01#show interfaces status")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_day1.log").write_text(text[:cut], encoding="utf-8")  # version and config
    (src / "b_day2.log").write_text(text[cut:], encoding="utf-8")  # status, MACs, sessions, spanning tree
    code, summary = run_cli(capsys, str(src), "--home", str(home))
    assert code == 0 and summary["hosts"] == 1 and summary["parsed"] == 1, summary
    wlls = home / "data" / "WLLS" / "WLLS.sqlite"
    dev = rows(wlls, "SELECT Model, Ports FROM DeviceSummary WHERE Hostname='WLLS-A01-AS-01'")[0]
    assert (dev["Model"], dev["Ports"]) == ("C9300-48P", 4)
    assert rows(wlls, "SELECT Name FROM Interfaces WHERE Port='Gi1/0/1'")[0]["Name"] == "Printer HR"
    code, again = run_cli(capsys, str(src), "--home", str(home))
    assert (again["parsed"], again["skipped"]) == (0, 1)


def test_emptied_database_is_refused_marked_and_not_written_into(transcripts: Path, home: Path, capsys) -> None:
    run_cli(capsys, str(transcripts), "--home", str(home))
    boyo = home / "data" / "BOYO" / "BOYO.sqlite"
    boyo.write_bytes(b"")
    for stale in boyo.parent.glob("BOYO.sqlite-*"):
        stale.unlink()
    code, summary = run_cli(capsys, str(transcripts), "--home", str(home), "--force")
    assert code == 1 and summary["sites"]["WLLS"]["parsed"] == 2
    reason = next(f["reason"] for f in summary["failures"] if f["host"] == "BOYO-A05-AS-02")
    assert "is empty" in reason and "maintain --restore BOYO" in reason
    assert boyo.read_bytes() == b"" and (boyo.parent / "BOYO.sqlite.corrupt").is_file()


def test_failures_name_the_path_and_the_byte_total_is_the_files_size(home: Path, tmp_path: Path, capsys) -> None:
    """`ingest /nonexistent/path` and a .png say which path; the summary's bytes are what the bar counted."""
    png = tmp_path / "shot.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    crlf = tmp_path / "in" / "crlf.log"  # decoded text is shorter than the file: CRLF becomes LF
    crlf.parent.mkdir()
    crlf.write_bytes(b"WLLS-A01-AS-01#show version\r\nCisco IOS XE Software, Version 17.09.04a\r\n"
                     b"cisco C9300-48P (X86) processor\r\nWLLS-A01-AS-01#\r\n")
    missing = tmp_path / "nonexistent" / "path"
    code = main(["ingest", "--processes", "1", "--home", str(home), str(missing), str(png), str(crlf)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{missing}: no such file or folder" in out
    assert f"{png}: not a transcript" in out
    assert "Ingested 1 of 3 file(s)" in out
    snapshots: list[dict] = []
    from engine.runtime.qt_runtime import run_headless

    summary = run_headless(Workspace(home), [crlf], processes=1, force=True, on_progress=snapshots.append)
    assert summary.bytes == crlf.stat().st_size == snapshots[-1]["total_bytes"] == snapshots[-1]["done_bytes"]
