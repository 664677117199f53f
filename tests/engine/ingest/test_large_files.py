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
