"""``kg export tasks`` run as a user runs it: a real process, its exit code, stdout and stderr."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_help_names_the_options(tmp_path: Path):
    r = kg("export", "tasks", "--help", cwd=tmp_path)
    assert r.returncode == 0
    for option in ("--format", "--dept", "--role", "--doc", "--out", "--graph"):
        assert option in r.stdout


def test_missing_graph_is_one_line_error(tmp_path: Path):
    r = kg("export", "tasks", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == ["kg: error: no graph at out/graph.json: run `kg build` first, or pass --graph PATH"]


@pytest.fixture
def saved_graph(small_graph, tmp_path: Path) -> Path:
    graph_io = pytest.importorskip("kg.graph_io")
    path = tmp_path / "out" / "graph.json"
    path.parent.mkdir()
    graph_io.save_graph(small_graph, path)
    return path


def test_tasks_for_one_body_from_a_saved_graph(saved_graph: Path, tmp_path: Path):
    r = kg("export", "tasks", "--dept", "发改", "--role", "牵头", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    (line,) = r.stdout.splitlines()
    assert Path(line).name == "发改委任务清单.xlsx" and Path(line).parent == (tmp_path / "exports").resolve()
    ws = load_workbook(line)["发改委"]
    assert [row[2] for row in ws.iter_rows(min_row=2, values_only=True)] == ["牵头", "牵头"]


@pytest.mark.parametrize("args, message", [
    (("--dept", "商务部"), "kg: error: unknown body '商务部'; closest known: 商务局"),
    (("--role", "主办"), "kg: error: unknown role '主办'; use one of 牵头|负责|参与"),
    (("--format", "pdf"), "kg: error: unknown format 'pdf'"),
    (("--doc", "999"), "kg: error: unknown document '999'"),
])
def test_bad_arguments_are_one_line_errors(saved_graph: Path, tmp_path: Path, args, message):
    r = kg("export", "tasks", *args, cwd=tmp_path)
    assert r.returncode == 2
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith(message)
    assert not (tmp_path / "exports").exists()
