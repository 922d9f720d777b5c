"""Outputs a build that changed nothing leaves as they are: the graph files and the task lists.

Both are written whole from the graph (graph.json and graph.graphml; 任务分工表.xlsx and .md), which
takes most of a rebuild in which no document changed. Once they are complete, their folder gets a
stamp (``.kg-written.json``) naming what they were written from: the graph (kg.graph.graph_key), the
code that wrote them (kg's version and the writing modules' source) and each file's size and
modification time. A later build leaves them alone while the stamp holds; anything else writes them
again: another graph or code, a file removed or replaced (by ``kg export`` or by hand), or a build
killed before it stamped the folder (the stamp then names an older graph, or files that changed).
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import networkx as nx

from kg import __version__
from kg.graph import graph_key
from kg.scratch import temp_path

STAMP = ".kg-written.json"


def output_key(g: nx.MultiDiGraph, what: str, modules: Iterable[ModuleType]) -> str:
    """The identity of ``what`` (a stage's outputs) written from ``g`` by the code of ``modules`` (a
    package counts with every module in its folder)."""
    h = hashlib.sha256(json.dumps([what, __version__, graph_key(g)]).encode())
    for module in modules:
        path = Path(str(module.__file__))
        for source in sorted(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]:
            h.update(source.name.encode() + source.read_bytes())
    return h.hexdigest()[:24]


def _state(files: Iterable[Path]) -> dict[str, list[int]] | None:
    """Each file's size and modification time, or None when one is missing."""
    out = {}
    for f in files:
        try:
            st = Path(f).stat()
        except OSError:
            return None
        out[Path(f).name] = [st.st_size, st.st_mtime_ns]
    return out


def is_current(folder: Path, key: str, files: list[Path]) -> bool:
    """Whether ``files`` are in ``folder`` as they were written for ``key``."""
    try:
        stamp = json.loads((Path(folder) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    state = _state(files)
    return isinstance(stamp, dict) and state is not None and stamp == {"key": key, "files": state}


def mark(folder: Path, key: str, files: list[Path]) -> None:
    """Stamp ``folder``: its ``files`` were just written, completely, for ``key``."""
    target = Path(folder) / STAMP
    tmp = temp_path(target)
    try:
        tmp.write_text(json.dumps({"key": key, "files": _state(files)}, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, target)
    except OSError:  # no stamp only means the next build writes them again
        tmp.unlink(missing_ok=True)


def unless_current(folder: Path, key: str, files: list[Path], write: Callable[[], list[Path]],
                   force: bool = False) -> tuple[list[Path], bool]:
    """The outputs ``files`` of ``folder``: written by ``write`` (which returns them) and stamped, unless
    they are current for ``key`` and not ``force``; also whether they were written."""
    if not force and is_current(folder, key, files):
        return files, False
    paths = write()
    mark(folder, key, paths)
    return paths, True
