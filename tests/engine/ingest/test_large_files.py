"""Files bigger than a read chunk stream through with the same hosts, hashes and facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.ingest import worker
from engine.loadgen import generate_corpus
from engine.transcript import source as source_module
from engine.transcript.source import Source


def test_a_big_capture_streams_in_chunks_with_identical_results(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    generate_corpus(tmp_path / "c", 1_500_000, 2, seed=5)
    big = tmp_path / "one-big-capture.log"
    with open(big, "wb") as out:
        for f in sorted((tmp_path / "c").glob("*.log")):
            out.write(f.read_bytes().replace(b"\r\n", b"\n"))
    src = Source(big, "", big.stat().st_size)
    worker.init_worker({})
    whole = worker.process_source(src)
    monkeypatch.setattr(source_module, "CHUNK_BYTES", 64 * 1024)
    streamed = worker.process_source(src)
    assert len(whole.hosts) > 10 and not whole.error
    key = [(h.host, h.file_hash, h.length, h.state, h.line) for h in whole.hosts]
    assert [(h.host, h.file_hash, h.length, h.state, h.line) for h in streamed.hosts] == key
    assert [h.facts for h in streamed.hosts] == [h.facts for h in whole.hosts]


def test_the_file_hash_taken_while_splitting_is_the_hash_of_the_raw_bytes(
        tmp_path: Path, transcripts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The warm-run index compares this hash with a fresh read of the file: whole, streamed in chunks
    or unpacked from a .gz, both must hash the same bytes."""
    import gzip

    from engine.ingest.file_index import raw_sha256

    text = (transcripts / "mixed_batch02.log").read_bytes()
    plain = tmp_path / "plain.log"
    plain.write_bytes(text)
    packed = tmp_path / "packed.log.gz"
    packed.write_bytes(gzip.compress(text))
    worker.init_worker({})
    sources = [Source(plain, "", plain.stat().st_size), Source(packed, "", packed.stat().st_size)]
    for chunk in (source_module.CHUNK_BYTES, 4096):
        monkeypatch.setattr(source_module, "CHUNK_BYTES", chunk)
        for src in sources:
            result = worker.process_source(src)
            assert not result.error and result.hosts
            assert result.raw_hash == raw_sha256(src)


def _big_capture(tmp_path: Path, size: int, repeat_first: bool = False) -> Path:
    generate_corpus(tmp_path / "c", size, 2, seed=5)
    big = tmp_path / "big" / "one-big-capture.log"
    big.parent.mkdir()
    files = sorted((tmp_path / "c").glob("*.log"))
    with open(big, "wb") as out:
        for f in files:
            out.write(f.read_bytes().replace(b"\r\n", b"\n"))
        if repeat_first:  # the analyst went back to the first switch at the end of the session
            out.write(files[0].read_bytes().replace(b"\r\n", b"\n"))
    return big


def test_a_big_file_sends_its_hosts_on_before_it_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory is bounded by SPILL_BYTES, not the file: finished hosts are parsed and handed on in batches
    while the file is read, and together with the rest they are exactly the hosts of a whole read."""
    big = _big_capture(tmp_path, 1_500_000)
    src = Source(big, "", big.stat().st_size)
    worker.init_worker({})
    whole = worker.process_source(src)
    monkeypatch.setattr(source_module, "CHUNK_BYTES", 64 * 1024)
    monkeypatch.setattr(worker, "SPILL_BYTES", 200_000)
    batches: list[list[worker.HostOutcome]] = []
    streamed = worker.process_source(src, emit=batches.append)
    assert len(batches) >= 3 and all(len(b) <= worker.EMIT_BATCH for b in batches)
    sent = [h for batch in batches for h in batch]
    assert len(streamed.hosts) < 10  # only the hosts not yet sent on come with the result
    key = [(h.host, h.file_hash, h.length, h.state, h.line) for h in whole.hosts]
    assert [(h.host, h.file_hash, h.length, h.state, h.line) for h in [*sent, *streamed.hosts]] == key
    assert [h.facts for h in [*sent, *streamed.hosts]] == [h.facts for h in whole.hosts]
    assert streamed.host_stamps() == [(h.host, h.site, h.file_hash, h.length, h.line, h.state) for h in whole.hosts]


def _tables(home: Path) -> dict[str, dict[str, list[tuple]]]:
    from tests.engine.ingest.test_capture_order import dump

    return {db.stem: {t: rows for t, rows in dump(db).items() if t in ("DeviceSummary", "Interfaces", "HostSource",
                                                                       "MacSighting")}
            for db in sorted((home / "data").glob("*/*.sqlite"))}


def _ingest(home: Path, big: Path, processes: int) -> dict:
    import contextlib
    import io
    import json

    from engine.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["ingest", "--json", "--processes", str(processes), str(big), "--home", str(home)])
    summary = json.loads(out.getvalue())
    assert code == 0, summary["failures"]
    return summary


@pytest.mark.parametrize("processes", [1, 2])
def test_a_host_seen_again_after_it_was_sent_on_is_stored_as_from_a_whole_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int) -> None:
    """The first switch comes back at the end of a file bigger than a read chunk: with its first part
    already sent on, the runtime merges both parts (parsed again in a parse process), and every site
    database ends as a whole read of the file leaves it (same rows, same recorded slices)."""
    big = _big_capture(tmp_path, 10_000_000, repeat_first=True)
    assert big.stat().st_size > source_module.CHUNK_BYTES
    whole_home, spilled_home = tmp_path / "whole", tmp_path / "spilled"
    monkeypatch.setenv("STATETRACE_SPILL_BYTES", str(1 << 40))
    monkeypatch.setattr(worker, "SPILL_BYTES", 1 << 40)
    whole = _ingest(whole_home, big, processes)
    monkeypatch.setenv("STATETRACE_SPILL_BYTES", "300000")  # the parse processes read it when they start
    monkeypatch.setattr(worker, "SPILL_BYTES", 300_000)  # the inline parse (--processes 1)
    spilled = _ingest(spilled_home, big, processes)
    assert spilled["hosts"] == whole["hosts"] and spilled["failed"] == whole["failed"] == 0
    assert _tables(spilled_home) == _tables(whole_home)
    again = _ingest(spilled_home, big, processes)  # nothing changed: nothing is written again
    assert again["parsed"] == 0 and again["skipped"] == whole["hosts"]
