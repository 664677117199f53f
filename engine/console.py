"""Terminal progress bars (tqdm, stderr, only on a TTY) and human-readable figures for the CLI."""

from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1000
    return f"{n:.1f} GB"


def human_seconds(s: float) -> str:
    s = round(s)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class ProgressBar:
    """The ingest bar (bytes, rate, files/hosts, ETA) drawn by tqdm: it redraws with a carriage return and
    spaces, never ANSI erase codes, so a Windows console without VT mode shows a bar, not `\\x1b[K`."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self._bar = tqdm(desc=label, total=0, file=stream or sys.stderr, unit="B", unit_scale=True,
                         unit_divisor=1000, mininterval=0.1, dynamic_ncols=True, leave=True,
                         bar_format="{desc} {percentage:5.1f}%|{bar}| {n_fmt}B/{total_fmt}B {rate_fmt}{postfix}")

    def update(self, done: int, total: int, detail: str = "", eta: float | None = None, force: bool = False) -> None:
        """Show `done` of `total` bytes; `eta` is the engine's estimate (else tqdm's, from the rate)."""
        bar = self._bar
        bar.total, bar.n = max(total, done), done
        if eta is None and done < total:
            elapsed = float(bar.format_dict.get("elapsed") or 0)
            eta = (total - done) * elapsed / done if done and elapsed else None
        eta_text = f" ETA {human_seconds(eta)}" if eta is not None and done < total else ""
        bar.set_postfix_str(f"{detail}{eta_text}", refresh=False)
        if force or done >= total:
            bar.refresh()
        else:
            bar.update(0)  # redraws at most every mininterval

    def close(self) -> None:
        self._bar.close()


class StepBar:
    """One bar per step of a longer job (`maintain [2/5] BOYO: compact  40%|####`), ended by `done(status)`."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self._bar = tqdm(desc=label, total=100, file=stream or sys.stderr, mininterval=0.1, dynamic_ncols=True,
                         bar_format="{desc} {percentage:3.0f}%|{bar}|")

    def update(self, fraction: float, step: str) -> None:
        self._bar.n = round(max(0.0, min(1.0, fraction)) * 100)
        desc = f"{self.label}: {step}"
        if desc != self._bar.desc:
            self._bar.set_description_str(desc)  # a new step shows at once; its progress at most 10 times/s
        else:
            self._bar.update(0)

    def done(self, status: str) -> None:
        self._bar.n = 100
        self._bar.set_description_str(f"{self.label}: {status}", refresh=False)
        self._bar.close()
