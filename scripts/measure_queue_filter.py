#!/usr/bin/env python3
"""CPU cost of one queue-filter pass at N rows (the pass the filter runs once typing pauses).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/measure_queue_filter.py [--rows 25000]
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
    parser.add_argument("--rows", type=int, default=25_000)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from statetrace_gui.queue.model import QueueModel
    from statetrace_gui.queue.panel import QueuePanel

    model = QueueModel()
    model.upsert([{"id": i, "parent": 0, "file": f"/in/site{i % 5}_{i // 5:05d}.log",
                   "host": f"S{i % 5}-A01-AS-{i:05d}", "site": f"S{i % 5}", "state": "Done", "progress": 1.0}
                  for i in range(1, args.rows + 1)])
    panel = QueuePanel(model)
    panel.resize(1000, 600)
    panel.show()
    app.processEvents()
    for text in ("s", "s3", "s3-a01-as-0001", ""):
        started = time.process_time()
        panel.proxy.set_text(text)
        app.processEvents()
        print(f"filter pass {text!r:18} {1000 * (time.process_time() - started):6.0f} CPU-ms, "
              f"{panel.proxy.rowCount()} rows shown")
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
