"""Frozen entry point of the Linux bundle: one executable, `statetrace`, and `statetrace-cli` a symlink
to it; the name it is started by picks the program.

A Windows program is either a console or a windowed one, so the Windows bundle keeps two executables
(entry_cli.py, entry_gui.py); on Linux both are the same kind, and each extra executable embeds its own
9 MB copy of the compressed Python modules. `freeze_support()` runs first: the spawn pool's children
start this same executable and must become pool workers.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()

    import os
    import sys

    from statetrace_frozen import prepare_workspace

    prepare_workspace(sys.argv[1:])

    if os.path.basename(sys.argv[0]).startswith("statetrace-cli"):
        from engine.cli import main
    else:
        from statetrace_gui.app import main  # type: ignore[assignment]

    sys.exit(main())
