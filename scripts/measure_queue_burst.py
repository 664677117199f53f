#!/usr/bin/env python3
"""CPU cost of one burst of queue updates (N files queued, all changed, N hosts added, all done) on the real
queue panel, offscreen: what a big drop costs the GUI thread in one flush.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/measure_queue_burst.py [--rows 2000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    n = parser.parse_args().rows
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from statetrace_gui.queue.model import QueueModel
    from statetrace_gui.queue.panel import QueuePanel

    model = QueueModel()
    panel = QueuePanel(model)
    panel.resize(1100, 600)
    panel.show()
    app.processEvents()
    run = {"run": "#1", "run_no": 1}
    steps = (
        ("queue files", [{"id": i, "file": f"/in/f{i}.log", "size": 500_000, "state": "Queued", **run}
                         for i in range(n)]),
        ("files parsing", [{"id": i, "state": "Parsing"} for i in range(n)]),
        ("hosts added", [{"id": n + i, "parent": i, "file": f"/in/f{i}.log", "host": f"H{i}", "site": "S",
                          "state": "Queued", **run} for i in range(n)]),
        ("hosts done", [{"id": n + i, "state": "Done", "rows": 48} for i in range(n)]),
    )
    for name, batch in steps:
        started = time.process_time()
        model.upsert(batch)
        app.processEvents()
        print(f"{name:14} {n} rows {1000 * (time.process_time() - started):6.0f} CPU-ms")
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
