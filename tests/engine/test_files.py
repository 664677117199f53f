"""State files (history, settings, file index, maintenance state, markers) are replaced, never torn."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.files import write_text_atomically


def test_a_failed_write_keeps_the_old_content_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "StateTraceSettings.json"
    write_text_atomically(target, '{"a": 1}\n', encoding="utf-8-sig", newline="\r\n")
    assert target.read_bytes() == b'\xef\xbb\xbf{"a": 1}\r\n'
    with pytest.raises(UnicodeEncodeError):
        write_text_atomically(target, '{"a": "\u00e9"}', encoding="ascii")
    assert target.read_bytes() == b'\xef\xbb\xbf{"a": 1}\r\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["StateTraceSettings.json"]
