"""kg.merge: shards built apart, merged as one build of them all would be, documents of one stem kept apart."""
from __future__ import annotations

import pytest

from kg import schema as S
from kg.graph import build_graph, document_id
from kg.merge import _free_id, merge_graphs, rename_documents
from tests.graph_samples import doc_a, doc_b


def _built(results, paths: dict[str, str], digests: dict[str, str]):
    """A graph as kg build leaves it: each document node with the path and digest of its file."""
    g = build_graph(results)
    for doc, path in paths.items():
        g.nodes[document_id(doc)].update(path=path, sha256=digests[doc])
    return g


def _facts(g):
    """Every node with its documents, and every relationship with its document."""
    nodes = {n: (d.get("doc"), tuple(d.get("docs") or ()), d.get("id")) for n, d in g.nodes(data=True)}
    edges = sorted((u, v, k, d.get("doc")) for u, v, k, d in g.edges(keys=True, data=True))
    return nodes, edges


def test_two_shards_documents_of_one_stem_are_two_documents_as_in_one_build():
    """docs/a/讲话.txt in one shard and docs/b/讲话.txt (another text) in the other: the second is b/讲话,
    the id one build of both folders gives it, and every fact of it follows."""
    one = _built([doc_a("讲话"), doc_b("b/讲话")], {"讲话": "docs/a/讲话.txt", "b/讲话": "docs/b/讲话.txt"},
                 {"讲话": "x1", "b/讲话": "x2"})
    first = _built([doc_a("讲话")], {"讲话": "docs/a/讲话.txt"}, {"讲话": "x1"})
    second = _built([doc_b("讲话")], {"讲话": "docs/b/讲话.txt"}, {"讲话": "x2"})
    merged, renamed = merge_graphs([("run_a/out/graph.json", first), ("run_b/out/graph.json", second)])
    assert [(r.source, r.old, r.new) for r in renamed] == [("run_b/out/graph.json", "讲话", "b/讲话")]
    assert _facts(merged) == _facts(one)
    assert merged.nodes[document_id("b/讲话")]["name"] == "b/讲话"
    assert sorted(merged.nodes["Actor:商务局"]["docs"]) == ["b/讲话", "讲话"]


def test_the_same_text_in_two_shards_is_one_document():
    first = _built([doc_a("讲话")], {"讲话": "docs/讲话.txt"}, {"讲话": "x1"})
    again = _built([doc_a("讲话")], {"讲话": "docs/讲话.txt"}, {"讲话": "x1"})
    merged, renamed = merge_graphs([("run_a", first), ("run_b", again)])
    assert renamed == []
    assert _facts(merged) == _facts(_built([doc_a("讲话")], {"讲话": "docs/讲话.txt"}, {"讲话": "x1"}))


def test_renaming_a_document_leaves_the_others_as_they_are():
    g = _built([doc_a("讲话"), doc_b("讲话2")], {"讲话": "a/讲话.txt", "讲话2": "b/讲话2.txt"},
               {"讲话": "x1", "讲话2": "x2"})
    before = {n for n, d in g.nodes(data=True) if d.get("doc") == "讲话2"}
    rename_documents(g, {"讲话": "a/讲话"})
    assert {n for n, d in g.nodes(data=True) if d.get("doc") == "讲话2"} == before
    assert not [n for n in g if n.startswith(("Task:讲话:", "Sentence:讲话:", "Section:讲话:"))]
    assert {d.get("doc") for _, d in g.nodes(data=True) if d.get("label") == S.TASK} == {"a/讲话", "讲话2"}


@pytest.mark.parametrize("path,taken,expected", [
    ("docs/b/讲话.txt", set(), "b/讲话"),
    ("docs/b/讲话.txt", {"b/讲话"}, "docs/b/讲话"),
    ("讲话.txt", {"讲话"}, "run_b/讲话"),
    (None, {"run_b/讲话"}, "讲话#2"),
    (None, {"run_b/讲话", "讲话#2"}, "讲话#3"),
])
def test_a_renamed_document_takes_the_first_free_id(path, taken, expected):
    assert _free_id("讲话", path, "run_b", {"讲话", *taken}) == expected


def test_several_documents_of_a_shard_are_renamed_at_once():
    paths = {"讲话": "docs/a/讲话.txt", "通知": "docs/a/通知.txt", "b/讲话": "docs/b/讲话.txt", "b/通知": "docs/b/通知.txt"}
    digests = {"讲话": "x1", "通知": "x2", "b/讲话": "x3", "b/通知": "x4"}
    one = _built([doc_a("讲话"), doc_b("通知"), doc_b("b/讲话"), doc_a("b/通知")], paths, digests)
    first = _built([doc_a("讲话"), doc_b("通知")], {k: paths[k] for k in ("讲话", "通知")},
                   {k: digests[k] for k in ("讲话", "通知")})
    second = _built([doc_b("讲话"), doc_a("通知")], {"讲话": paths["b/讲话"], "通知": paths["b/通知"]},
                    {"讲话": "x3", "通知": "x4"})
    merged, renamed = merge_graphs([("run_a/out/graph.json", first), ("run_b/out/graph.json", second)])
    assert sorted((r.old, r.new) for r in renamed) == [("讲话", "b/讲话"), ("通知", "b/通知")]
    assert _facts(merged) == _facts(one)
