"""The real corpus in the real server: load, reload, replace a document, and every cypher/ file's rows.

Each library query is checked against the same question answered from the
in-memory graph (the single source of truth), plus the facts known of the corpus.
"""
from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from kg import schema as S
from kg.graph import build_graph
from kg.store import graph_counts, library
from kg.store.loader import graph_docs

pytestmark = pytest.mark.neo4j  # the real Bolt server these tests start

DOC0 = "000_4cb1776f1e65bea3"
ROLES = set(S.ROLE_TYPES)


@pytest.fixture(scope="module")
def corpus_store(session_store, corpus_graph):
    session_store.run("MATCH (n) DETACH DELETE n", write=True)
    session_store.load_graph(corpus_graph, replace_docs=graph_docs(corpus_graph))
    return session_store


def _run(store, name: str, **params):
    q = library.resolve(name)
    return store.run(q.text, q.params({k: str(v) for k, v in params.items()}))


def _role_edges(g):
    for u, v, k, d in g.edges(keys=True, data=True):
        if k in ROLES:
            yield g.nodes[u], k, g.nodes[v], d


def test_corpus_loads_with_the_graphs_counts(corpus_store, corpus_graph):
    assert corpus_store.counts() == graph_counts(corpus_graph)
    assert corpus_store.documents() == sorted(graph_docs(corpus_graph))


def test_dept_tasks_by_role_knows_shangwuju_in_000(corpus_store):
    rows = [r for r in _run(corpus_store, "dept_tasks_by_role", dept="区商务局") if r["doc"] == DOC0]
    assert any(r["role"] == "负责" and r["task"].startswith("对有意投资的外商进行梳理") for r in rows), rows
    assert any(r["role"] == "参与" and "举办一次我区产业发展及转型创新推介会" in r["task"] for r in rows), rows
    assert all(r["evidence"] for r in rows)


@pytest.mark.parametrize("dept", ["区商务局", "区工商联", "区发改委"])
def test_dept_tasks_by_role_matches_the_graph(corpus_store, corpus_graph, dept):
    rows = _run(corpus_store, "dept_tasks_by_role", dept=dept)
    expected = Counter((k, t["doc"], t["text"]) for a, k, t, _ in _role_edges(corpus_graph) if a["name"] == dept)
    assert Counter((r["role"], r["doc"], r["task"]) for r in rows) == expected


def test_led_tasks_with_partners_knows_the_expo(corpus_store):
    rows = [r for r in _run(corpus_store, "led_tasks_with_partners", dept="区工商联") if r["doc"] == DOC0]
    expo = [r for r in rows if "举办一次我区产业发展及转型创新推介会" in r["task"]]
    assert expo and {"区商务局", "区工信局", "区科技局"} <= set(expo[0]["partners"]), rows


def test_document_facts_of_000(corpus_store, corpus_graph):
    rows = _run(corpus_store, "document_facts", doc=DOC0)
    facts = {(r["body"], r["role"]) for r in rows if r["task"].startswith("组织对辖区资源再次摸排")}
    assert ("区发改委", "牵头") in facts
    expected = [1 for _, _, _, d in _role_edges(corpus_graph) if d.get("doc") == DOC0]
    assert len(rows) == len(expected)
    for r in rows:
        assert r["evidence"] and r["written"] and r["start"] < r["end"]


def test_tasks_without_owner_matches_the_graph(corpus_store, corpus_graph):
    owned = {t["id"] for _, _, t, _ in _role_edges(corpus_graph)}
    expected = Counter((d["doc"], d["text"]) for _, d in corpus_graph.nodes(data=True)
                       if d["label"] == S.TASK and d["id"] not in owned)
    rows = _run(corpus_store, "tasks_without_owner")
    assert Counter((r["doc"], r["task"]) for r in rows) == expected


def test_shared_tasks_matches_the_graph(corpus_store, corpus_graph):
    bodies: dict[str, set[str]] = {}
    for a, _, t, _ in _role_edges(corpus_graph):
        bodies.setdefault(t["id"], set()).add(a["name"])
    pairs = Counter((x, y) for names in bodies.values() for x in names for y in names if x < y)
    rows = _run(corpus_store, "shared_tasks", limit=1000)
    assert {(r["body"], r["partner"]): r["shared"] for r in rows} == dict(pairs)
    assert [r["shared"] for r in rows] == sorted((r["shared"] for r in rows), reverse=True)


@pytest.mark.parametrize("year, kind", [(2020, "target"), (2019, "actual"), ("null", "null")])
def test_indicators_by_year_matches_the_graph(corpus_store, corpus_graph, year, kind):
    rows = _run(corpus_store, "indicators_by_year", year=year, kind=kind)
    expected = [d for _, d in corpus_graph.nodes(data=True) if d["label"] == S.MEASURE
                and (year == "null" or d.get("year") == year) and (kind == "null" or d.get("kind") == kind)
                and any(corpus_graph.nodes[u]["label"] == S.INDICATOR
                        for u, _, k in corpus_graph.in_edges(d["id"], keys=True) if k == S.HAS_MEASURE)]
    assert Counter(r["value"] for r in rows) == Counter(d.get("value") for d in expected)


def test_project_chain_matches_the_graph(corpus_store, corpus_graph):
    q = library.resolve("project_chain")
    needle = q.examples["project"]
    projects = [d["id"] for _, d in corpus_graph.nodes(data=True) if d["label"] == S.PROJECT and needle in d["name"]]
    links = [(u, k) for p in projects for u, _, k in corpus_graph.in_edges(p, keys=True) if k in (S.ADVANCES, S.CONCERNS)]
    rows = _run(corpus_store, "project_chain")
    assert len({(r["project"], r["link"], r["step"]) for r in rows}) == len(set(links))


def test_deadlines_due_matches_the_graph(corpus_store, corpus_graph):
    rows = _run(corpus_store, "deadlines_due", **{"from": "2000-01-01", "to": "2099-12-31"})
    tasks = {d["id"] for _, d in corpus_graph.nodes(data=True)
             if d["label"] == S.TASK and (d.get("deadline_norm") or "")[:2] in ("20",)}
    assert len({(r["doc"], r["task"]) for r in rows}) == len({(corpus_graph.nodes[t]["doc"], corpus_graph.nodes[t]["text"])
                                                              for t in tasks})
    assert all(r["due"][:4].isdigit() for r in rows)


def test_every_library_file_runs_as_it_is(corpus_store):
    for q in library.library():
        corpus_store.run(q.text, q.params({}))


def test_a_second_load_changes_no_count(corpus_store, corpus_graph):
    before = corpus_store.counts()
    corpus_store.load_graph(corpus_graph, replace_docs=graph_docs(corpus_graph))
    again = corpus_store.load_graph(corpus_graph)
    assert corpus_store.counts() == before == graph_counts(corpus_graph)
    assert again.nodes_created == 0 and again.relationships_created == 0


def test_a_changed_corpus_document_replaces_its_facts(store, corpus_results):
    store.load_graph(build_graph(corpus_results))
    target = next(r for r in corpus_results if r.assignments and r.document.id != DOC0)
    changed = dataclasses.replace(target, assignments=target.assignments[:-1], entities=[])
    results = [changed if r is target else r for r in corpus_results]
    g = build_graph(results)
    store.load_graph(g, replace_docs={target.document.id})
    assert store.counts() == graph_counts(g)
    rows = _run(store, "document_facts", doc=DOC0)
    assert ("区发改委", "牵头") in {(r["body"], r["role"]) for r in rows}


def test_kg_load_then_kg_query_on_a_fresh_folder(tmp_path, corpus_dir):
    """The new user's path: nothing configured, kg load corpus/ then kg query, in an empty folder."""
    import json

    from conftest import run_kg

    done = run_kg("load", str(corpus_dir), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = run_kg("query", "dept_tasks_by_role", "--param", "dept=商务局", "-f", "json", cwd=tmp_path)
    assert rows.returncode == 0, rows.stderr
    facts = {(r["role"], r["doc"], r["task"][:12]) for r in json.loads(rows.stdout)}
    assert ("负责", DOC0, "对有意投资的外商进行梳理") in facts
