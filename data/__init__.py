"""Package data, not code: setup.py installs this folder as engine.data (default settings, sample transcripts)."""
