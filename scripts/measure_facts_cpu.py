"""Split + facts CPU per MB of a corpus (decode excluded), in one process: the parse work of ingestion
without the store.  `python scripts/measure_facts_cpu.py CORPUS_DIR` (e.g. a `statetrace-cli loadgen` output)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from engine.facts.build import FactsError, build_facts, wanted_command
from engine.transcript.decode import decode_bytes
from engine.transcript.split import SplitState, split_piece


def main(folder: str) -> None:
    texts = [decode_bytes(p.read_bytes()).text for p in sorted(Path(folder).glob("*.log"))]
    start = time.process_time()
    hosts = failed = 0
    for text in texts:
        for seg in split_piece(text, SplitState()):
            blocks = [(w, text[b.start:b.end]) for b in seg.blocks if (w := wanted_command(b.command))]
            try:
                build_facts(seg.host, seg.prefix, blocks)
                hosts += 1
            except FactsError:
                failed += 1
    cpu = time.process_time() - start
    mb = sum(len(t) for t in texts) / 1e6
    print(f"{hosts} hosts ({failed} refused), {mb:.1f} MB, split+facts {cpu:.2f} CPU-s = {mb / cpu:.1f} MB per CPU-second")


if __name__ == "__main__":
    main(sys.argv[1])
