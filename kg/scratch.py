"""Temporary files beside their targets, named with the writing process's pid, and the clean-up of those
a killed run left behind.

Every output is written to ``.<name>.kg<pid>….tmp…`` beside it and moved into place when complete (a
writer that needs scratch files of its own, as the workbook does, keeps them in a folder named the same
way, ``scratch_dir``). A run killed mid-write (kill -9) leaves that file or folder; the next run that
writes into the folder removes the temporaries whose process is gone, and never those of a process
still running.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from kg.processes import pid_alive

_TEMP = re.compile(r"^\..+\.kg(\d+)\.(?:.*\.)?tmp(?:\.\w+)?$")


def temp_prefix(path: Path) -> str:
    """The prefix of a temporary file for ``path`` written by this process."""
    return f".{path.name}.kg{os.getpid()}."


def temp_path(path: Path) -> Path:
    """A temporary file beside ``path`` for this process, keeping its suffix (writers check it)."""
    return path.with_name(f".{path.stem}.kg{os.getpid()}.tmp{path.suffix}")


def scratch_dir(folder: Path, what: str) -> tempfile.TemporaryDirectory:
    """A scratch folder in ``folder`` for this process's ``what``, removed when the context ends; one
    that a killed run leaves is removed by the next run's ``clean_dead_temps`` of that folder (a folder
    in the system's temporary folder would stay there for good)."""
    return tempfile.TemporaryDirectory(prefix=f".{what}.kg{os.getpid()}.", suffix=".tmp", dir=folder)


def clean_dead_temps(*folders: Path) -> list[Path]:
    """Remove the temporaries of dead runs in ``folders`` (files, and scratch folders with what they
    hold; the folders are not searched below); the paths removed."""
    removed = []
    for folder in folders:
        try:
            entries = list(Path(folder).iterdir())
        except OSError:
            continue
        for p in entries:
            m = _TEMP.match(p.name)
            if not m or p.is_symlink() or pid_alive(int(m.group(1))):
                continue
            try:
                if p.is_file():
                    p.unlink()
                elif p.is_dir():
                    shutil.rmtree(p)
                else:
                    continue
                removed.append(p)
            except OSError:
                pass
    return removed
