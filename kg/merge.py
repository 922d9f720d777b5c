"""One graph of several: the shards of an archive, each built on its own machine (``kg load run_*/out/graph.json``).

The nodes the shards share (bodies, projects, policies) are joined: their per-document lists become
unions, a body's shown name is chosen again from them, and the derived facts (Actor -推进-> Project,
PART_OF) are derived again over the whole. Documents stay apart as one build of every shard would keep
them: a shard's document whose id (its file stem) an earlier shard already holds for another text is
renamed as kg.documents.document_ids names the second of two files of one stem, its folder and stem
(2024/通知), else its path; the same text in two shards is one document, and so is one that a graph
holds without its text's digest (kg build records it; kg.graph.build_graph alone does not).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

import networkx as nx

from kg import schema as S
from kg.graph import derive, document_id, shown_name
from kg.store.loader import MERGED_LISTS


@dataclass(frozen=True)
class Renamed:
    """A document of ``source`` that merge_graphs gave another id, because an earlier graph had its id."""

    source: str
    old: str
    new: str


def merge_graphs(graphs: Sequence[tuple[str, nx.MultiDiGraph]]) -> tuple[nx.MultiDiGraph, list[Renamed]]:
    """The graphs (each with the name of where it came from) as one, and the documents renamed to keep
    apart. The graphs given are changed only by those renames."""
    if len(graphs) == 1:
        return graphs[0][1], []
    g = nx.MultiDiGraph()
    held: dict[str, object] = {}  # document id -> its text's digest, over the graphs merged so far
    renamed: list[Renamed] = []
    for source, part in graphs:
        docs = _documents(part)
        taken = set(held) | set(docs)
        ids: dict[str, str] = {}
        for old, d in sorted(docs.items()):
            digest = d.get("sha256")
            if held.get(old) is not None and digest is not None and held[old] != digest:
                ids[old] = _free_id(old, d.get("path"), _shard(source), taken)
                taken.add(ids[old])
                renamed.append(Renamed(source, old, ids[old]))
        rename_documents(part, ids)
        held.update((ids.get(name, name), d.get("sha256")) for name, d in docs.items())
        for n, data in part.nodes(data=True):
            if n in g:
                old_data = g.nodes[n]
                merged = {k: sorted(set(old_data.get(k) or ()) | set(data.get(k) or ())) for k in MERGED_LISTS
                          if k in old_data or k in data}
                old_data.update(data)
                old_data.update(merged)
            else:
                g.add_node(n, **data)
        g.add_edges_from(part.edges(keys=True, data=True))
    for _, data in g.nodes(data=True):
        if data.get("label") == S.ACTOR and data.get("names"):
            data["name"] = shown_name(data["names"], data.get("aliases") or ())
    derive(g)
    return g, renamed


def _documents(g: nx.MultiDiGraph) -> dict[str, dict]:
    return {str(d.get("name")): d for _, d in g.nodes(data=True) if d.get("label") == S.DOCUMENT}


def _shard(source: str) -> str:
    """A graph's short name: the build folder of OUT/out/graph.json (run_03), else the file's folder."""
    p = PurePath(source)
    return (p.parent.parent.name if p.parent.name == "out" else p.parent.name) or p.stem


def _free_id(old: str, path: object, shard: str, taken: set[str]) -> str:
    """The first id not taken of: the document's folder and stem, its path without suffix (as
    kg.documents.document_ids names the second of two files of one stem), the shard's name and the
    id, then the id numbered."""
    p = PurePath(str(path)) if path else None
    candidates = []
    if p is not None:
        if p.parent.name:
            candidates.append(f"{p.parent.name}/{p.stem}")
        candidates.append(str(p.with_suffix("")) if p.suffix else str(p))
    candidates.append(f"{shard}/{old}")
    for c in candidates:
        if c and c not in taken:
            return c
    n = 2
    while f"{old}#{n}" in taken:
        n += 1
    return f"{old}#{n}"


def rename_documents(g: nx.MultiDiGraph, ids: dict[str, str]) -> None:
    """Give each document ``old`` of ``ids`` in ``g`` the id ``ids[old]``: its node, the ids of the nodes
    that are its own (sentences, sections, tasks, measures, a project only it names: ``Label:old:…``),
    and every ``doc`` and ``docs`` that names it. One pass over the graph however many are renamed (a
    shard of an archive can share hundreds of stems like 通知 with the shards before it)."""
    if not ids:
        return
    mapping = {}
    for n, d in g.nodes(data=True):
        label, doc, docs = d.get("label"), d.get("doc"), d.get("docs")
        if label == S.DOCUMENT and d.get("name") in ids:
            old = d["name"]
            mapping[n] = document_id(ids[old])
            d["name"] = ids[old]
        else:
            old = doc if doc in ids else (docs[0] if isinstance(docs, list) and len(docs) == 1 else None)
            if old in ids and label and n.startswith(f"{label}:{old}:"):
                mapping[n] = f"{label}:{ids[old]}:{n[len(label) + len(old) + 2:]}"
        if doc in ids:
            d["doc"] = ids[doc]
        if isinstance(docs, list) and any(x in ids for x in docs):
            d["docs"] = sorted({ids.get(x, x) for x in docs})
        if n in mapping and d.get("id") == n:
            d["id"] = mapping[n]
    for _, _, d in g.edges(data=True):
        if d.get("doc") in ids:
            d["doc"] = ids[d["doc"]]
    nx.relabel_nodes(g, mapping, copy=False)
