"""The `statetrace-cli` console script's target, free of imports until it runs.

A `spawn` parse process imports the script that started its parent (as `__mp_main__`) before it takes
work. With `engine.cli:main` as the target that was the whole CLI (argparse, pydantic settings, package
metadata): about 0.14 CPU-s more per parse process, every run. From here it costs nothing.
"""

from __future__ import annotations


def cli() -> int:
    from engine.cli import main

    return main()
