"""The `statetrace` GUI script's target, free of imports until it runs: a `spawn` parse process imports
the script that started the window (as `__mp_main__`), and with `statetrace_gui.app:main` as the target
that cost each of them about 0.1 CPU-s of imports (settings, pydantic, package metadata) it never used."""

from __future__ import annotations


def main() -> int:
    from statetrace_gui.app import main as run

    return run()
