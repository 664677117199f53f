"""The per-site ingestion history file keeps the layout the legacy tool and its readers expect."""

from __future__ import annotations

import json
import random
from pathlib import Path

from engine.history import HistoryRecord, SiteHistory, _records_json, parse_records


def test_history_json_is_laid_out_exactly_as_json_dumps_with_indent_4() -> None:
    rng = random.Random(7)
    alphabet = ['a', 'Z', '-', '"', '\\', '\n', '\t', 'é', '€', '\u2028', '\x01', '/', ' ', '漢']
    records: list[dict[str, object]] = []
    for _ in range(200):
        rec: dict[str, object] = {"Hostname": "".join(rng.choices(alphabet, k=rng.randint(0, 12))),
                                  "SourceLength": rng.randint(-5, 10**12)}
        if rng.random() < 0.2:  # what a hand-edited or future file may hold: read back and rewritten as is
            rec["Extra"] = rng.choice([None, True, 1.5, [1, "x"], {"k": {"n": 1}}, {}, []])
        records.append(rec)
    records.append({})
    for subset in ([], records[:1], records):
        assert _records_json(subset) == json.dumps(subset, indent=4, ensure_ascii=False)


def test_history_flush_merges_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "WLLS.json"
    path.write_text(json.dumps([{"Hostname": "WLLS-OLD", "FileHash": "AB", "SourceLength": 3, "Note": None}]),
                    encoding="utf-8-sig")
    history = SiteHistory(path)
    history.update(HistoryRecord("WLLS-A01", "WLLS-A01", "WLLS", "cd", 10, "t1", "t2"))
    history.flush()
    text = path.read_text(encoding="utf-8-sig")
    assert "\r\n" in path.read_bytes().decode("utf-8-sig")
    records = parse_records(text)
    assert [r["Hostname"] for r in records] == ["WLLS-A01", "WLLS-OLD"]
    assert records[1]["Note"] is None and records[0]["SourceLength"] == 10
    assert SiteHistory(path).unchanged("wlls-a01", "cd", 10) is not None


def test_a_record_another_writer_flushed_between_ours_is_kept(tmp_path: Path) -> None:
    """Each flush rewrites the file from what it last wrote unless someone else wrote it since."""
    path = tmp_path / "WLLS.json"
    ours, theirs = SiteHistory(path), SiteHistory(path)
    ours.update(HistoryRecord("WLLS-A01", "WLLS-A01", "WLLS", "aa", 1, "t", "t"))
    ours.flush()
    theirs.update(HistoryRecord("WLLS-B01", "WLLS-B01", "WLLS", "bb", 2, "t", "t"))
    theirs.flush()
    ours.update(HistoryRecord("WLLS-A02", "WLLS-A02", "WLLS", "cc", 3, "t", "t"))
    ours.flush()
    ours.update(HistoryRecord("WLLS-A01", "WLLS-A01", "WLLS", "dd", 4, "t", "t"))
    ours.flush()
    records = {r["Hostname"]: r["FileHash"] for r in parse_records(path.read_text(encoding="utf-8-sig"))}
    assert records == {"WLLS-A01": "dd", "WLLS-A02": "cc", "WLLS-B01": "bb"}
    assert path.read_text(encoding="utf-8-sig") == json.dumps(
        sorted(parse_records(path.read_text(encoding="utf-8-sig")), key=lambda d: d["Hostname"].lower()),
        indent=4, ensure_ascii=False)
