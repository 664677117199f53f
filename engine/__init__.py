"""StateTrace Ingest engine: the Qt-free core that turns CLI transcripts into per-site databases."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("statetrace-ingest")
except PackageNotFoundError:  # running from a source tree or a frozen bundle without metadata
    __version__ = "0.1.0"
