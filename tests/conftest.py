"""Shared test setup: Qt offscreen, and paths to the transcripts written for these tests."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The programs' log files (engine/logs.py) go to a throwaway folder, not the user's log folder.
os.environ.setdefault("STATETRACE_LOG_DIR", tempfile.mkdtemp(prefix="statetrace-test-logs-"))

DATA = Path(__file__).parent / "data"


@pytest.fixture
def transcripts() -> Path:
    return DATA / "transcripts"


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication(qapp):  # type: ignore[no-untyped-def]
    """Create the QApplication first: a headless ingest in the same process then reuses it instead of
    leaving a bare QCoreApplication behind that the window tests could not use."""
    return qapp
