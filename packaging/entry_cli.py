"""Frozen entry point of `statetrace-cli` (the console executable of the bundle).

`freeze_support()` must run before anything else: the spawn pool's children start this same executable,
and it turns them into pool workers instead of a second CLI. The console script (`engine.launch:cli`,
then `engine.cli:main`) does not call it, so PyInstaller builds from this file instead.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()

    import sys

    from statetrace_frozen import prepare_workspace

    prepare_workspace(sys.argv[1:])

    from engine.cli import main

    sys.exit(main())
