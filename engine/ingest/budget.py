"""A per-host parse time budget: a host whose parse runs past it is abandoned and reported, the rest goes on.

The parsers are linear by construction (fuzzed per KB in tests/reliability), so the budget is a backstop
for what no test foresaw. It is enforced only in parse processes, on their main thread, where a timer can
interrupt the parse safely: SIGALRM where the platform has it, else a timer thread that interrupts the
main thread (Windows). SIGALRM reaches pure-Python and regex loops alike (the `re` engine checks for
signals); the timer thread needs the GIL, so it acts between bytecodes only (a C loop that holds the GIL
is not stopped on Windows). The inline parse of a one-process run happens on a runtime thread and runs
without a budget.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# A host gets BASE seconds plus PER_MB for each MB of its transcript: parsing runs at tens of MB/s per
# core, so this is about 30x the slowest host measured, even on a busy machine.
BASE_SECONDS = 30.0
PER_MB_SECONDS = 1.0
_HAS_ALARM = hasattr(signal, "setitimer")  # False on Windows: the timer-thread path


class OverBudget(Exception):
    """The block ran past its time budget and was abandoned."""


def host_budget(length: int) -> float:
    """Seconds a host of `length` transcript bytes may take (env STATETRACE_HOST_PARSE_BUDGET: the base)."""
    base = float(os.environ.get("STATETRACE_HOST_PARSE_BUDGET") or BASE_SECONDS)
    return base + PER_MB_SECONDS * length / 1e6


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget inside the block once it has run `seconds` of wall time (main thread only)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    armed = [True]
    if _HAS_ALARM:
        def on_alarm(_signum: int, _frame: FrameType | None) -> None:
            if armed[0]:
                raise OverBudget(f"took longer than its {seconds:g} s parse budget")

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    import _thread

    fired = threading.Event()

    def interrupt() -> None:
        if armed[0]:
            fired.set()
            _thread.interrupt_main()

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    except KeyboardInterrupt:
        if fired.is_set():
            raise OverBudget(f"took longer than its {seconds:g} s parse budget") from None
        raise
    finally:
        armed[0] = False
        timer.cancel()
