"""A hostile-input corpus beside good transcripts: the good hosts always land with exactly their ports,
every bad input gets a message naming its file (and line where there is one), nothing hangs, and
nothing is written outside --home."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest

from engine.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"
BASE = (DATA / "wlls_batch01.log").read_text(encoding="utf-8")
BASE_HOST = "WLLS-A01-AS-01"
BASE_PORTS = 4


def variant(tag: str) -> str:
    return BASE.replace(BASE_HOST, f"WLLS-{tag}-AS-01")


def build_corpus(folder: Path) -> dict[str, str]:
    """Writes the corpus; returns host -> the file it must come from (hosts that must be stored whole)."""
    folder.mkdir()
    for good in DATA.iterdir():
        (folder / good.name).write_bytes(good.read_bytes())
    expect = {BASE_HOST: "wlls_batch01.log"}

    def put(name: str, data: bytes | str, tag: str | None = None) -> None:
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if tag is not None:
            expect[f"WLLS-{tag}-AS-01"] = name

    put("long_line_bare_cr.log", "x" * 1_000_000 + "\r" + variant("LCR"), "LCR")
    spaced = variant("SPC").replace("#show version\n", "#show version" + " " * 1_000_000 + "\n", 1)
    put("prompt_then_spaces.log", spaced, "SPC")
    put("cr_only.log", variant("CRO").replace("\n", "\r"), "CRO")
    put("cr_cr_lf.log", variant("CCL").replace("\n", "\r\r\n"), "CCL")
    put("nbsp.log", variant("NBS").replace("#show", "#\u00a0show"), "NBS")
    put("stray_nul.log", variant("NUL").replace("Processor board ID", "Processor\x00 board ID"), "NUL")
    bad_neighbour = ("Z" * 90 + "#show interfaces status\nGi7/0/1 connected 10 a-full a-1000 10/100/1000BaseTX\n"
                     "BAD HOST#show interfaces status\nGi8/0/1 connected 10 a-full a-1000 10/100/1000BaseTX\n")
    put("neighbour_bad_hosts.log", variant("NBR") + bad_neighbour, "NBR")
    put("sql_in_fields.log", variant("SQL").replace("Printer HR", "x'); DROP TABLE Interfaces; --\""), "SQL")
    put("reserved_site.log", BASE.replace(BASE_HOST, "CON"))
    put("binary.log", bytes(range(256)) * 64)
    put("prompt_less.txt", "just some notes\n" * 1000)
    put("nested_backspaces.log", "a" * 10_000 + "\b" * 10_000 + variant("BSP"), "BSP")
    two = variant("GZ1") + BASE.replace(BASE_HOST, "WLLS-GZ2-AS-01").replace("Printer HR", os.urandom(3000).hex())
    put("truncated.log.gz", gzip.compress(two.encode())[:-2000])  # cut inside the second host
    with zipfile.ZipFile(folder / "outer.zip", "w") as zf:
        zf.writestr("inner.zip", b"PK\x05\x06" + b"\x00" * 18)
        zf.writestr("inside.log", variant("ZIP"))
    expect["WLLS-ZIP-AS-01"] = "outer.zip!inside.log"
    with zipfile.ZipFile(folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.log", b"\n" * 50_000_000)
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "x.log")
    return expect


def stored_ports(home: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    for db in (home / "data").glob("*/*.sqlite"):
        with sqlite3.connect(db) as conn:
            for host, ports in conn.execute("SELECT Hostname, Ports FROM DeviceSummary"):
                stored = conn.execute("SELECT COUNT(*) FROM Interfaces WHERE Hostname = ?", (host,)).fetchone()[0]
                assert stored == ports, host
                out[host] = stored
    return out


@pytest.mark.timeout(300)
def test_hostile_corpus_beside_good_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, home = tmp_path / "corpus", tmp_path / "home"
    expect = build_corpus(corpus)
    before = sorted(p.name for p in tmp_path.iterdir())
    code = main(["ingest", "--json", "--processes", "1", str(corpus), "--home", str(home)])
    summary = json.loads(capsys.readouterr().out)
    assert code == 1  # the bad inputs are failures, reported
    ports = stored_ports(home)
    for host in expect:
        assert ports.get(host) == BASE_PORTS, (host, ports.get(host), summary["failures"])
    assert ports["WLLS-GZ1-AS-01"] == BASE_PORTS and "WLLS-GZ2-AS-01" not in ports  # cut-off host not half-stored
    assert "CON" not in ports and not any(p.name.upper().startswith("CON") for p in (home / "data").iterdir())

    failures = {(Path(f["file"]).name, f["reason"]) for f in summary["failures"]}
    text = "\n".join(f"{f}: {r}" for f, r in failures) + "\n" + "\n".join(summary["warnings"])

    def failed(name: str, words: str) -> None:
        assert any(name in f and words in r for f, r in failures), (name, failures)

    failed("binary.log", "binary data")
    failed("prompt_less.txt", "no device prompt")
    failed("truncated.log.gz", "1 host(s) before the damage kept")
    failed("reserved_site.log", "Windows reserves")
    assert "inner.zip" in text and "archive inside an archive" in text
    assert "bomb.log" in text and "zip bomb" in text
    if hasattr(os, "mkfifo"):
        assert "x.log" in text and "FIFO" in text
    assert "long_line_bare_cr.log:1: line of 1000000 characters cut to 65536" in text
    assert f"neighbour_bad_hosts.log:{variant('NBR').count(chr(10)) + 1}: prompt-looking line" in text
    assert "'BAD HOST#show interfaces status' rejected" in text
    with sqlite3.connect(home / "data" / "WLLS" / "WLLS.sqlite") as conn:
        names = {r[0] for r in conn.execute("SELECT Name FROM Interfaces WHERE Hostname = 'WLLS-SQL-AS-01'")}
    assert "x'); DROP TABLE Interfaces; --\"" in names
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "home"])  # nothing outside --home
