"""Shared fixtures: the real corpus, read and extracted once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_results():
    """DocResult of every corpus document (kg.pipeline), extracted once."""
    from kg.pipeline import extract_paths

    return list(extract_paths([CORPUS]))


@pytest.fixture(scope="session")
def corpus_graph(corpus_results):
    """The knowledge graph of the whole corpus; tests must not mutate it (copy it first)."""
    from kg.graph import build_graph

    return build_graph(corpus_results)


# Tests that start processes, servers or a browser are the slow ones: `pytest -m "not slow"` is the inner
# loop (seconds), the full suite runs in CI. A module that runs kg or a server as a subprocess says so here.
_SLOW_MODULES = {
    "tests/cli/test_bad_inputs.py", "tests/cli/test_build_cmd.py", "tests/cli/test_extract_cmd.py",
    "tests/export/test_cli.py", "tests/export/test_neo4j_import.py", "tests/test_diff.py",
    "tests/test_injection.py", "tests/test_secrets.py", "tests/viz/test_viz_cmd.py",
    "tests/store/test_cypher_lint.py",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        rel = Path(str(item.fspath)).resolve().relative_to(ROOT).as_posix()
        if rel in _SLOW_MODULES or any(item.get_closest_marker(m) for m in ("neo4j", "browser", "office")):
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter):
    """The per-document accuracy on the development documents, when the accuracy test ran."""
    import sys

    acc = sys.modules.get("tests.test_accuracy") or sys.modules.get("test_accuracy")
    if acc is not None and getattr(acc, "DEV_TABLE", None):
        terminalreporter.section("accuracy on ../shared/eval/dev (per document)")
        for line in acc.DEV_TABLE:
            terminalreporter.write_line(line)
