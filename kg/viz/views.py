"""Which part of the graph each page shows: the overview, one body's ego graph, one document.

A ``Selection`` is a set of node ids and a list of edges ``(u, v, type)`` of
the knowledge graph; it reads the graph and never changes it. Only the
who-owns-what layer is drawn: actors, tasks, and the projects, indicators and
policies they concern (the lexical layer is evidence, shown in tooltips).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from kg import schema as S

ROLE_TYPES = frozenset(S.ROLE_TYPES)
# Relationship types drawn on graph pages.
DRAWN_TYPES = frozenset((*S.ROLE_TYPES, S.ADVANCES, S.CONCERNS))
ENTITY_LABELS = frozenset((S.PROJECT, S.INDICATOR, S.POLICY))

Edge = tuple[str, str, str]


@dataclass
class Selection:
    """Nodes and edges of one page, in a deterministic order."""

    nodes: set[str] = field(default_factory=set)
    edges: set[Edge] = field(default_factory=set)
    # The name a body is shown by on this page when it differs from its name across documents:
    # a document's page names each body as that document writes it.
    names: dict[str, str] = field(default_factory=dict)

    def add_edge(self, u: str, v: str, k: str) -> None:
        self.nodes.update((u, v))
        self.edges.add((u, v, k))

    def sorted_edges(self) -> list[Edge]:
        return sorted(self.edges)


def label_of(g: nx.MultiDiGraph, nid: str) -> str:
    return g.nodes[nid].get("label", "")


def nodes_with_label(g: nx.MultiDiGraph, label: str) -> list[str]:
    """Node ids of one label, sorted (ids are natural keys, so the order is stable)."""
    return sorted(n for n, d in g.nodes(data=True) if d.get("label") == label)


def bodies(g: nx.MultiDiGraph) -> list[str]:
    """Actor node ids that get a page of their own: every body (department, collective, person)."""
    return nodes_with_label(g, S.ACTOR)


def documents(g: nx.MultiDiGraph) -> list[str]:
    """Document ids (the ``name`` of Document nodes), sorted."""
    return sorted(g.nodes[n].get("name", n) for n in nodes_with_label(g, S.DOCUMENT))


def _drawn_out(g: nx.MultiDiGraph, nid: str, types: frozenset[str] = DRAWN_TYPES):
    for _, v, k in g.out_edges(nid, keys=True):
        if k in types:
            yield v, k


def _drawn_in(g: nx.MultiDiGraph, nid: str, types: frozenset[str] = DRAWN_TYPES):
    for u, _, k in g.in_edges(nid, keys=True):
        if k in types:
            yield u, k


def _add_task_context(g: nx.MultiDiGraph, sel: Selection, task: str) -> None:
    """A task with every body on it (by role) and the entities it concerns or advances."""
    sel.nodes.add(task)
    for u, k in _drawn_in(g, task, ROLE_TYPES):
        sel.add_edge(u, task, k)
    for v, k in _drawn_out(g, task):
        if label_of(g, v) in ENTITY_LABELS:
            sel.add_edge(task, v, k)


def overview(g: nx.MultiDiGraph) -> Selection:
    """All bodies and tasks, and the projects/indicators/policies linked to them."""
    sel = Selection()
    for a in nodes_with_label(g, S.ACTOR):
        sel.nodes.add(a)
        for v, k in _drawn_out(g, a):
            if label_of(g, v) in ENTITY_LABELS:
                sel.add_edge(a, v, k)
    for t in nodes_with_label(g, S.TASK):
        _add_task_context(g, sel, t)
    return sel


def department(g: nx.MultiDiGraph, actor: str) -> Selection:
    """One body's ego graph: its tasks by role, the other bodies on them, what they concern."""
    sel = Selection(nodes={actor})
    for t, k in _drawn_out(g, actor, ROLE_TYPES):
        _add_task_context(g, sel, t)
    for v, k in _drawn_out(g, actor):
        if label_of(g, v) in ENTITY_LABELS:
            sel.add_edge(actor, v, k)
    return sel


@dataclass
class DocumentIndex:
    """Each document's tasks and actor->entity edges, gathered in one pass over the graph, so that
    drawing a page per document costs the size of the graph once, not once per document."""

    tasks: dict[str, list[str]] = field(default_factory=dict)
    actor_edges: dict[str, list[Edge]] = field(default_factory=dict)

    @classmethod
    def of(cls, g: nx.MultiDiGraph) -> DocumentIndex:
        index = cls()
        for t in nodes_with_label(g, S.TASK):
            d = g.nodes[t]
            if d.get("doc") is not None and d["doc"] in d.get("docs", ()):
                index.tasks.setdefault(d["doc"], []).append(t)
        for a in nodes_with_label(g, S.ACTOR):
            for v, k in _drawn_out(g, a):
                if label_of(g, v) in ENTITY_LABELS:
                    for doc in _edge_docs(g, a, v, k):
                        index.actor_edges.setdefault(doc, []).append((a, v, k))
        return index


def document(g: nx.MultiDiGraph, doc: str, index: DocumentIndex | None = None) -> Selection:
    """What one document says about who owns what: its tasks, their bodies, the entities they concern.

    Projects, indicators and policies the document names but no task concerns are left out,
    as on the overview: they say nothing about who owns what. ``index`` (DocumentIndex.of(g))
    saves the scan of the whole graph when every document gets a page.
    """
    index = index or DocumentIndex.of(g)
    sel = Selection()
    for t in index.tasks.get(doc, ()):
        _add_task_context(g, sel, t)
    for a, v, k in index.actor_edges.get(doc, ()):
        sel.add_edge(a, v, k)
    for a, v, k in sel.edges:
        org = g.edges[a, v, k].get("org") if k in ROLE_TYPES else None
        if org and org != g.nodes[a].get("name"):
            sel.names[a] = str(org)
    return sel


def _edge_docs(g: nx.MultiDiGraph, u: str, v: str, k: str) -> list[str]:
    """The documents an edge rests on: ``docs`` of derived edges (Actor-推进->Project), else its ``doc``."""
    d = g.edges[u, v, k]
    return list(d.get("docs") or ([d["doc"]] if d.get("doc") else []))
