"""``kg viz`` run as a user runs it: a real process, its exit code, stdout and stderr."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.viz import write_all

ROOT = Path(__file__).resolve().parents[2]


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def saved(sample: nx.MultiDiGraph, tmp_path: Path) -> Path:
    from kg.graph_io import save_graph

    save_graph(sample, tmp_path / "out")
    return tmp_path / "out" / "graph.json"


def test_help_names_the_options(tmp_path: Path) -> None:
    r = kg("viz", "--help", cwd=tmp_path)
    assert r.returncode == 0
    for option in ("--graph", "--out", "--max-nodes"):
        assert option in r.stdout


def test_missing_graph_is_one_line_error(tmp_path: Path) -> None:
    r = kg("viz", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "kg: error: no graph at out/graph.json: run `kg build` first, or pass --graph PATH"]
    assert list(tmp_path.iterdir()) == []


def test_broken_graph_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "graph.json").write_text("{not json", encoding="utf-8")
    r = kg("viz", "--graph", "graph.json", cwd=tmp_path)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert r.stderr.startswith("kg: error: graph graph.json is not valid JSON")


def test_pages_from_the_saved_graph_equal_pages_from_the_built_one(sample: nx.MultiDiGraph, saved: Path,
                                                                    tmp_path: Path) -> None:
    r = kg("viz", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("wrote 12 pages to visualizations; open ")
    direct = write_all(sample, tmp_path / "direct")
    for page in direct:
        rel = page.relative_to(tmp_path / "direct")
        assert (tmp_path / "visualizations" / rel).read_bytes() == page.read_bytes(), rel
    assert sorted(p.name for p in tmp_path.iterdir()) == ["direct", "out", "visualizations"]


def test_output_that_is_a_file_is_one_line_error(saved: Path, tmp_path: Path) -> None:
    (tmp_path / "visualizations").write_text("keep me", encoding="utf-8")
    r = kg("viz", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == ["kg: error: output folder visualizations exists and is not a folder"]
    assert (tmp_path / "visualizations").read_text(encoding="utf-8") == "keep me"


def test_max_nodes_aggregates(saved: Path, tmp_path: Path) -> None:
    r = kg("viz", "--max-nodes", "5", "--out", "v", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "已聚合" in next((tmp_path / "v" / "doc").glob("*.html")).read_text(encoding="utf-8")
