"""StateTrace Ingest engine: the Qt-free core that turns CLI transcripts into per-site databases."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`__version__`, read from the package metadata when first asked for: importlib.metadata costs a
    parse process a third of its start-up imports (about 40 ms), and parse processes never ask."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("statetrace-ingest")
    except PackageNotFoundError:  # running from a source tree or a frozen bundle without metadata
        value = "0.1.0"
    globals()["__version__"] = value
    return value
