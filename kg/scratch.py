"""Temporary files beside their targets, named with the writing process's pid, and the clean-up of those
a killed run left behind.

Every output is written to ``.<name>.kg<pid>….tmp…`` beside it and moved into place when complete. A run
killed mid-write (kill -9) leaves that file; the next run that writes into the folder removes the
temporaries whose process is gone, and never those of a process still running.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from kg.processes import pid_alive

_TEMP = re.compile(r"^\..+\.kg(\d+)\.(?:.*\.)?tmp(?:\.\w+)?$")


def temp_prefix(path: Path) -> str:
    """The prefix of a temporary file for ``path`` written by this process."""
    return f".{path.name}.kg{os.getpid()}."


def temp_path(path: Path) -> Path:
    """A temporary file beside ``path`` for this process, keeping its suffix (writers check it)."""
    return path.with_name(f".{path.stem}.kg{os.getpid()}.tmp{path.suffix}")


def clean_dead_temps(*folders: Path) -> list[Path]:
    """Remove the temporaries of dead runs in ``folders`` (not recursive); the paths removed."""
    removed = []
    for folder in folders:
        try:
            entries = list(Path(folder).iterdir())
        except OSError:
            continue
        for p in entries:
            m = _TEMP.match(p.name)
            if m and p.is_file() and not p.is_symlink() and not pid_alive(int(m.group(1))):
                try:
                    p.unlink()
                    removed.append(p)
                except OSError:
                    pass
    return removed
