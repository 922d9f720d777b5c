"""Build the knowledge graph, the single source of truth every output reads.

``build_graph`` turns per-document extraction results into one networkx
MultiDiGraph following kg.schema: a lexical layer (Document -> Section ->
Sentence), actors, tasks, and the entities tasks concern. Node ids come from
natural keys, so the same body met in several documents is one node and no
id depends on processing order. ``add_document``/``remove_document`` replace
one document's facts and leave every other document's facts as they were.
"""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg import schema as S
from kg.model import Assignment, DocResult, Sentence

# Node attributes that accumulate over documents (sorted unions) instead of being overwritten.
_MERGED = ("aliases", "docs")


def actor_id(name: str) -> str:
    return S.node_id(S.ACTOR, name)


def task_id(a: Assignment) -> str:
    """One task node per task span: a 牵头 body and its 参与 bodies share it."""
    return S.node_id(S.TASK, f"{a.doc}:{a.task_start}-{a.task_end}")


def sentence_id(doc: str, index: int) -> str:
    return S.node_id(S.SENTENCE, f"{doc}:{index}")


def section_id(doc: str, path: tuple[str, ...]) -> str:
    return S.node_id(S.SECTION, f"{doc}:{' › '.join(path)}")


def document_id(doc: str) -> str:
    return S.node_id(S.DOCUMENT, doc)


def _merge_node(g: nx.MultiDiGraph, nid: str, label: str, doc: str, **props) -> None:
    """Add a node or merge into it: list properties in _MERGED grow as sorted unions."""
    props.setdefault("docs", [doc])
    if nid in g:
        data = g.nodes[nid]
        for key in _MERGED:
            if key in props:
                data[key] = sorted(set(data.get(key, [])) | set(props.pop(key)))
        for key, value in props.items():
            data.setdefault(key, value)
    else:
        for key in _MERGED:
            if key in props:
                props[key] = sorted(set(props[key]))
        g.add_node(nid, id=nid, label=label, **props)


def _add_edge(g: nx.MultiDiGraph, src: str, dst: str, rel: str, **props) -> None:
    g.add_edge(src, dst, key=rel, type=rel, **props)


def _add_sentence(g: nx.MultiDiGraph, s: Sentence) -> str:
    sid = sentence_id(s.doc, s.index)
    if sid not in g:
        g.add_node(sid, id=sid, label=S.SENTENCE, doc=s.doc, docs=[s.doc], index=s.index, text=s.text,
                   section=s.section_path, start=s.start, end=s.end)
        parent = section_id(s.doc, s.section) if s.section else document_id(s.doc)
        _add_edge(g, parent, sid, S.CONTAINS)
    return sid


def _add_structure(g: nx.MultiDiGraph, r: DocResult) -> None:
    d = r.document
    did = document_id(d.id)
    m = r.meta
    g.add_node(did, id=did, label=S.DOCUMENT, name=d.id, docs=[d.id], path=d.path, format=d.format,
               chars=len(d.text), title=m.title, year=m.year, date=m.date, meeting=m.meeting, level=m.level)
    seen: set[tuple[str, ...]] = set()
    for s in r.sentences:
        path = s.section
        for depth in range(1, len(path) + 1):
            sub = path[:depth]
            if sub in seen:
                continue
            seen.add(sub)
            sid = section_id(d.id, sub)
            g.add_node(sid, id=sid, label=S.SECTION, doc=d.id, docs=[d.id], title=sub[-1],
                       path=" › ".join(sub), depth=depth)
            parent = section_id(d.id, sub[:-1]) if depth > 1 else did
            _add_edge(g, parent, sid, S.CONTAINS)


def add_document(g: nx.MultiDiGraph, r: DocResult) -> None:
    """Add one document's facts to the graph (call remove_document first to replace them)."""
    _add_structure(g, r)
    doc = r.document.id
    by_index = {s.index: s for s in r.sentences}
    for order, a in enumerate(r.assignments):
        sent = by_index[a.sentence_index]
        sid = _add_sentence(g, sent)
        tid = task_id(a)
        if tid not in g:
            g.add_node(tid, id=tid, label=S.TASK, doc=doc, docs=[doc], text=a.task, deadline=a.deadline,
                       deadline_norm=a.deadline_norm, section=a.section, sentence=a.evidence,
                       start=a.start, end=a.end, task_start=a.task_start, task_end=a.task_end,
                       order=order, unassigned=False)
            _add_edge(g, tid, sid, S.MENTIONED_IN, doc=doc, start=a.task_start, end=a.task_end)
        aid = actor_id(a.org)
        _merge_node(g, aid, S.ACTOR, doc, name=a.org, kind=a.org_kind, level=a.level, aliases=[a.mention])
        _add_edge(g, aid, tid, a.role, doc=doc, section=a.section, sentence=a.evidence, start=a.start,
                  end=a.end, mention=a.mention, mention_start=a.mention_start, mention_end=a.mention_end)
    _add_entities(g, r, by_index)


def _add_entities(g: nx.MultiDiGraph, r: DocResult, by_index: dict[int, Sentence]) -> None:
    """Projects, indicators and policies (kg.entities); each links to its sentence."""
    doc = r.document.id
    for e in r.entities:
        nid = S.node_id(e.label, e.key)
        attrs = dict(e.attrs)
        _merge_node(g, nid, e.label, doc, name=e.name, aliases=[e.name], **attrs)
        sid = _add_sentence(g, by_index[e.sentence_index])
        if not g.has_edge(nid, sid, key=S.MENTIONED_IN):
            _add_edge(g, nid, sid, S.MENTIONED_IN, doc=doc, start=e.start, end=e.end)


def remove_document(g: nx.MultiDiGraph, doc: str) -> None:
    """Remove one document's facts: its own nodes, its edges, and shared nodes left with no other document."""
    own = [n for n, d in g.nodes(data=True) if d.get("docs") == [doc]]
    g.remove_nodes_from(own)
    stale = [(u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if d.get("doc") == doc]
    g.remove_edges_from(stale)
    for _, data in g.nodes(data=True):
        if doc in data.get("docs", ()):
            data["docs"] = [x for x in data["docs"] if x != doc]


def build_graph(results: Iterable[DocResult]) -> nx.MultiDiGraph:
    """The whole graph from per-document results, in document-id order (so output is deterministic)."""
    g = nx.MultiDiGraph()
    for r in sorted(results, key=lambda r: r.document.id):
        add_document(g, r)
    return g
