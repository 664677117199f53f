"""Package data, not code: setup.py installs this folder as statetrace_gui.resources (icons, read with importlib.resources)."""
