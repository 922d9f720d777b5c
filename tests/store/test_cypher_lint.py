"""Every query in cypher/ and every statement the loader sends is valid Neo4j 5 Cypher,
checked with Neo4j's own language tooling (@neo4j-cypher/language-support, offline under node)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kg import schema as S
from kg.store import library, loader

ROOT = Path(__file__).resolve().parents[2]
LINT_DIR = ROOT / "tools" / "cypher-lint"


def _lint(queries: list[dict]) -> dict[str, list[dict]]:
    if shutil.which("node") is None:
        pytest.skip("node is not installed (needed to run Neo4j's Cypher linter)")
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.skip("tools/cypher-lint/node_modules is missing: run ./setup.sh --dev (npm ci in tools/cypher-lint)")
    payload = {"schema": {"labels": list(S.LABELS), "relationshipTypes": list(S.REL_TYPES)}, "queries": queries}
    done = subprocess.run(["node", str(LINT_DIR / "lint.mjs")], input=json.dumps(payload, ensure_ascii=False),
                          capture_output=True, text=True, timeout=300, check=True)
    return {item["name"]: item["diagnostics"] for item in json.loads(done.stdout)}


def test_the_linter_catches_what_is_not_neo4j_cypher():
    found = _lint([
        {"name": "syntax", "query": "MATCH (a:Actor RETURN a", "parameters": {}},
        {"name": "label", "query": "MATCH (a:商务局) RETURN a", "parameters": {}},
        {"name": "param", "query": "MATCH (a:Actor {name: $dept}) RETURN a", "parameters": {}},
        {"name": "fine", "query": "MATCH (a:Actor {name: $dept})-[:`牵头`]->(t:Task) RETURN t.text AS task",
         "parameters": {"dept": "工商联"}},
    ])
    assert found["syntax"] and found["label"] and found["param"]
    assert found["fine"] == []


LIBRARY = library.library()


def test_the_library_has_every_query_the_issue_asks_for():
    assert {q.name for q in LIBRARY} >= {
        "dept_tasks_by_role", "led_tasks_with_partners", "tasks_without_owner", "shared_tasks",
        "indicators_by_year", "project_chain", "document_facts", "deadlines_due"}


@pytest.fixture(scope="module")
def library_diagnostics() -> dict[str, list[dict]]:
    """One linter run for the whole library (node starts once)."""
    return _lint([{"name": q.name, "query": q.text, "parameters": q.examples} for q in LIBRARY])


@pytest.mark.parametrize("query", LIBRARY, ids=[q.name for q in LIBRARY])
def test_library_query_is_valid_neo4j_cypher(query, library_diagnostics):
    assert query.description, f"{query.name}: the header must say what the query answers"
    assert library_diagnostics[query.name] == []


def test_every_loader_statement_is_valid_neo4j_cypher():
    stmts = loader.all_statements()
    found = _lint([{"name": str(i), "query": q, "parameters": {"rows": [], "docs": []}} for i, q in enumerate(stmts)])
    bad = {stmts[int(k)]: v for k, v in found.items() if v}
    assert bad == {}
