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
