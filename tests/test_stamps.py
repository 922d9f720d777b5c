"""kg.stamps: outputs left as they are while their folder's stamp holds, written again otherwise."""
from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

import kg.graph_io
from kg.stamps import STAMP, is_current, mark, output_key, unless_current


def _files(folder: Path) -> list[Path]:
    return [folder / "任务分工表.xlsx", folder / "任务分工表.md"]


def _write(folder: Path, log: list[str]):
    def write() -> list[Path]:
        log.append("wrote")
        for f in _files(folder):
            f.write_text(f"{f.name} {len(log)}", encoding="utf-8")
        return _files(folder)
    return write


def test_written_once_then_left_as_they_are_for_the_same_key(tmp_path: Path) -> None:
    log: list[str] = []
    assert unless_current(tmp_path, "k1", _files(tmp_path), _write(tmp_path, log)) == (_files(tmp_path), True)
    assert unless_current(tmp_path, "k1", _files(tmp_path), _write(tmp_path, log)) == (_files(tmp_path), False)
    assert log == ["wrote"] and (tmp_path / STAMP).is_file()
    assert unless_current(tmp_path, "k1", _files(tmp_path), _write(tmp_path, log), force=True)[1] is True
    assert unless_current(tmp_path, "k2", _files(tmp_path), _write(tmp_path, log))[1] is True  # another graph
    assert log == ["wrote"] * 3


def test_a_file_removed_or_changed_since_is_not_current(tmp_path: Path) -> None:
    files = _files(tmp_path)
    _write(tmp_path, [])()
    mark(tmp_path, "k", files)
    assert is_current(tmp_path, "k", files)
    os.utime(files[0], ns=(1, 1))  # replaced, by kg export or by hand
    assert not is_current(tmp_path, "k", files)
    mark(tmp_path, "k", files)
    files[1].unlink()
    assert not is_current(tmp_path, "k", files)


def test_no_stamp_or_a_damaged_one_is_not_current(tmp_path: Path) -> None:
    files = _files(tmp_path)
    _write(tmp_path, [])()
    assert not is_current(tmp_path, "k", files)
    (tmp_path / STAMP).write_text("{not json", encoding="utf-8")
    assert not is_current(tmp_path, "k", files)


def test_the_key_names_the_graph_and_the_code() -> None:
    g = nx.MultiDiGraph(rules="r1")
    g.add_node("Document:a", label="Document", name="a", sha256="1")
    key = output_key(g, "graph", [kg.graph_io])
    assert key == output_key(g.copy(), "graph", [kg.graph_io])
    assert key != output_key(g, "task lists", [kg.graph_io])
    g.nodes["Document:a"]["sha256"] = "2"  # the document changed
    assert key != output_key(g, "graph", [kg.graph_io])
