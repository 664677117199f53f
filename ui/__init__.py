"""Package data, not code: setup.py installs this folder as statetrace_gui.ui (Designer forms, read with importlib.resources)."""
