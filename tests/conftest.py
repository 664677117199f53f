"""Shared test setup: Qt offscreen, and paths to the transcripts written for these tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).parent / "data"


@pytest.fixture
def transcripts() -> Path:
    return DATA / "transcripts"
