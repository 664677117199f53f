"""Compressed inputs are counted as they expand: a gzip bomb is refused early, a genuine capture is not."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from engine.cli import main
from engine.transcript.source import MAX_RATIO, ArchiveBomb, Source, iter_text


def test_a_gzip_bomb_is_refused_after_its_first_megabytes(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.log.gz"
    bomb.write_bytes(gzip.compress(b"\n" * 300_000_000, compresslevel=9))  # about 1000:1
    assert bomb.stat().st_size * MAX_RATIO < 300_000_000
    read = 0
    with pytest.raises(ArchiveBomb, match=r"over 200:1.*gzip bomb"):
        for chunk in iter_text(Source(bomb, "", bomb.stat().st_size), chunk_bytes=1 << 20):
            read += len(chunk)
    assert read < 50_000_000, "refused long before the 300 MB it would expand to"


def test_a_genuine_compressed_capture_reads_whole(tmp_path: Path, transcripts: Path) -> None:
    text = (transcripts / "wlls_batch01.log").read_text()
    packed = tmp_path / "wlls.log.gz"
    packed.write_bytes(gzip.compress(text.encode() * 40))
    assert "".join(iter_text(Source(packed, "", packed.stat().st_size))).count("show version") == \
        text.count("show version") * 40


def test_ingest_names_the_bomb_and_keeps_the_other_files(tmp_path: Path, transcripts: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.log.gz").write_bytes(gzip.compress(b"SW1#show version\n" + b" " * 200_000_000))
    (folder / "wlls.log").write_text((transcripts / "wlls_batch01.log").read_text())
    code = main(["ingest", "--json", "--processes", "1", str(folder), "--home", str(tmp_path / "home")])
    summary = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(Path(f["file"]).name, "gzip bomb" in f["reason"]) for f in summary["failures"]] == [("bomb.log.gz", True)]
    assert summary["parsed"] >= 1
