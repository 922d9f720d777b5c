"""责任图谱: who owns what in government work, read from speeches and work reports."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zerentupu")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
