"""What is accepted from a drop, and the watched incoming folder."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from statetrace_gui.intake.classify import classify
from statetrace_gui.intake.watcher import IncomingWatcher


def test_classify_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_text("SW1#show version\n", encoding="utf-8")
    (tmp_path / "capture").write_text("SW1#show version\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "empty.log").write_bytes(b"")
    with gzip.open(tmp_path / "d.log.gz", "wb") as fh:
        fh.write(b"SW1#show version\n")
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "x.log").write_text("SW2#show version\n", encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "img.png").write_bytes(b"\x89PNG")
    result = classify([tmp_path / n for n in ("a.log", "capture", "b.txt", "c.pdf", "empty.log", "d.log.gz",
                                               "folder", "nothing", "gone.log")])
    assert [p.name for p in result.accepted] == ["a.log", "capture", "d.log.gz", "folder"]
    reasons = {p.name: r for p, r in result.rejected}
    assert reasons["b.txt"].startswith("binary data")
    assert "unsupported extension '.pdf'" in reasons["c.pdf"]
    assert reasons["empty.log"] == "empty file" and reasons["gone.log"] == "no such file or folder"
    assert "holds no transcripts" in reasons["nothing"]
    assert any("1 file(s) that are not transcripts will be ignored (e.g. notes.docx)" in n for n in result.notes)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads any folder")
def test_unreadable_folder_is_rejected(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        assert "permission denied" in classify([locked]).rejected[0][1]
    finally:
        locked.chmod(0o755)


def test_watcher_hands_over_files_once_they_stop_growing(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "old.log").write_text("SW1#show version\n", encoding="utf-8")
    watcher = IncomingWatcher()
    got: list[list[Path]] = []
    watcher.sig_files_ready.connect(got.append)
    assert watcher.start(incoming)
    qtbot.waitUntil(lambda: got == [[incoming / "old.log"]], timeout=30_000)
    (incoming / "new.log").write_text("SW2#show version\n", encoding="utf-8")
    (incoming / "ignored.pdf").write_bytes(b"%PDF")
    qtbot.waitUntil(lambda: len(got) == 2, timeout=30_000)
    assert got[1] == [incoming / "new.log"]
    # Copied under a hidden temporary name, then renamed into place: handed over once, complete.
    (incoming / ".copying.tmp").write_text("SW3#show version\nSW3#show clock\n", encoding="utf-8")
    (incoming / ".copying.tmp").rename(incoming / "third.log")
    qtbot.waitUntil(lambda: len(got) == 3, timeout=30_000)
    assert got[2] == [incoming / "third.log"]
    watcher.stop()
    assert not watcher.active
