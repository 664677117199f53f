"""Frozen entry point of `statetrace` (the windowed executable of the bundle).

`freeze_support()` runs first for the same reason as in entry_cli.py: the parse pool's spawned
children re-run this executable and must become pool workers, not second windows.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()

    import sys

    from statetrace_frozen import prepare_workspace

    prepare_workspace(sys.argv[1:])

    from statetrace_gui.app import main

    sys.exit(main())
