"""Build the knowledge graph, the single source of truth every output reads.

``build_graph`` turns per-document extraction results into one networkx
MultiDiGraph following kg.schema (docs/schema.md):

- a lexical layer: Document -CONTAINS-> Section -CONTAINS-> Sentence, holding every
  sentence that is evidence of a fact, so any fact traces back to its sentence;
- actors and tasks: Actor -[牵头|负责|参与]-> Task, one Task per task span (a 牵头 body
  and its 参与 bodies share it), plus the tasks no body is named for (``unassigned``);
- entities: Project, Indicator (-HAS_MEASURE-> Measure), Policy, each -MENTIONED_IN-> Sentence;
  Task -[推进]-> Project when the task pushes it forward, else Task -[涉及]-> entity;
  Actor -[推进]-> Project for every body with a role on such a task.

Node ids come from natural keys, so the same body, project, indicator or policy met
in several documents is one node and no id depends on processing order; a node's
properties depend only on its key and on the documents that mention it (aliases are
the forms its mentions were written in). Every edge carries the ``doc`` it was read
from. ``add_document``/``remove_document`` replace one document's facts and leave
every other document's facts as they were.
"""
from __future__ import annotations

import sys
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from kg import schema as S
from kg.model import Assignment, DocResult, Entity, Sentence

# Node attributes that accumulate over documents (sorted unions) instead of being overwritten.
_MERGED = ("aliases", "docs", "names")
# Labels whose nodes are shared across documents (keyed by name), not owned by one document.
_SHARED = (S.ACTOR, S.PROJECT, S.INDICATOR, S.POLICY)
# Labels of entities a task can concern.
_CONCERNED = (S.PROJECT, S.INDICATOR, S.POLICY)


def graph_key(g: nx.MultiDiGraph) -> str:
    """The identity of a built graph: its extraction rules and each document with its content digest
    (the graph is made from nothing else, so two graphs of one key hold the same facts)."""
    import hashlib
    import json

    docs = sorted((str(d.get("name")), str(d.get("sha256"))) for _, d in g.nodes(data=True)
                  if d.get("label") == S.DOCUMENT)
    value = json.dumps([g.graph.get("rules"), docs], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(value.encode()).hexdigest()[:24]


def actor_id(name: str) -> str:
    return S.node_id(S.ACTOR, name)


def actor_named(g: nx.MultiDiGraph, name: str) -> str:
    """The id of the body shown as ``name`` (区商务局); KeyError when no body is."""
    for n, d in g.nodes(data=True):
        if d.get("label") == S.ACTOR and d.get("name") == name:
            return n
    raise KeyError(name)


def task_id(a: Assignment) -> str:
    """One task node per task span: a 牵头 body and its 参与 bodies share it."""
    return S.node_id(S.TASK, f"{a.doc}:{a.task_start}-{a.task_end}")


def sentence_id(doc: str, index: int) -> str:
    return S.node_id(S.SENTENCE, f"{doc}:{index}")


def section_id(doc: str, path: tuple[str, ...]) -> str:
    return S.node_id(S.SECTION, f"{doc}:{' › '.join(path)}")


def document_id(doc: str) -> str:
    return S.node_id(S.DOCUMENT, doc)


def entity_id(e: Entity) -> str:
    return S.node_id(e.label, e.key)


def _clean(value: object) -> object:
    """A property value the stores accept: scalars as they are, sequences as lists of str. Text is
    interned: a sentence is evidence on every edge it gives, and a document's id is on every fact of
    it, so the graph keeps one copy of each (a tenth of its text at 10 MB)."""
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [sys.intern(str(x)) for x in value]
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return sys.intern(str(value))


def _has(ordered: list[str], value: str) -> bool:
    """Whether the sorted list holds the value."""
    i = bisect_left(ordered, value)
    return i < len(ordered) and ordered[i] == value


def _add_node(g: nx.MultiDiGraph, nid: str, **props) -> None:
    g.add_node(nid, **{k: _clean(v) for k, v in props.items()})


def _merge_node(g: nx.MultiDiGraph, nid: str, label: str, doc: str, **props) -> None:
    """Add a node or merge into it: list properties in _MERGED grow as sorted unions."""
    props.setdefault("docs", [doc])
    props = {k: _clean(v) for k, v in props.items()}
    if nid in g:
        data = g.nodes[nid]
        for key in _MERGED:
            if key in props:
                new = props.pop(key)
                old = data.get(key, [])
                # a body named in thousands of documents is merged into at each of its tasks: the sorted
                # union is remade only when something is new (once per document), else found by bisection
                if not all(_has(old, x) for x in new):
                    data[key] = sorted(set(old) | set(new))
        for key, value in props.items():
            if data.get(key) is None:
                data[key] = value
    else:
        for key in _MERGED:
            if key in props:
                props[key] = sorted(set(props[key]))
        _add_node(g, nid, id=nid, label=label, **props)


def _add_edge(g: nx.MultiDiGraph, src: str, dst: str, rel: str, **props) -> None:
    g.add_edge(src, dst, key=rel, type=rel, **{k: _clean(v) for k, v in props.items()})


def _add_sentence(g: nx.MultiDiGraph, s: Sentence) -> str:
    sid = sentence_id(s.doc, s.index)
    if sid not in g:
        _add_node(g, sid, id=sid, label=S.SENTENCE, doc=s.doc, docs=[s.doc], index=s.index, text=s.text,
                   section=s.section_path, start=s.start, end=s.end)
        parent = section_id(s.doc, s.section) if s.section else document_id(s.doc)
        _add_edge(g, parent, sid, S.CONTAINS, doc=s.doc)
    return sid


def _add_structure(g: nx.MultiDiGraph, r: DocResult) -> None:
    d = r.document
    did = document_id(d.id)
    m = r.meta
    extra = {k: _clean(v) for k, v in (m.extra or {}).items()
             if k in ("subtitle", "title_source") and v is not None}
    _add_node(g, did, id=did, label=S.DOCUMENT, name=d.id, docs=[d.id], path=d.path, format=d.format,
               chars=len(d.text), title=m.title, year=m.year, date=m.date, meeting=m.meeting, level=m.level,
               **extra)
    seen: set[tuple[str, ...]] = set()
    for s in r.sentences:
        path = s.section
        for depth in range(1, len(path) + 1):
            sub = path[:depth]
            if sub in seen:
                continue
            seen.add(sub)
            sid = section_id(d.id, sub)
            _add_node(g, sid, id=sid, label=S.SECTION, doc=d.id, docs=[d.id], title=sub[-1],
                       path=" › ".join(sub), depth=depth)
            parent = section_id(d.id, sub[:-1]) if depth > 1 else did
            _add_edge(g, parent, sid, S.CONTAINS, doc=d.id)


class _DocTask:
    """A task of the document being added, for linking it to the entities inside its span."""

    __slots__ = ("tid", "start", "end", "text")

    def __init__(self, tid: str, start: int, end: int, text: str) -> None:
        self.tid, self.start, self.end, self.text = tid, start, end, text


def add_document(g: nx.MultiDiGraph, r: DocResult, derive: bool = True) -> None:
    """Add one document's facts to the graph (call remove_document first to replace them).

    ``derive=False`` leaves the derived facts stale for a batch of changes: call ``derive(g)`` after it
    (re-deriving after every document of a large batch would make building quadratic).
    """
    _add_document(g, r)
    if derive:
        _derive(g)


def derive(g: nx.MultiDiGraph) -> None:
    """Recompute the facts that follow from others (see _derive) after a batch of changes."""
    _derive(g)


def _add_document(g: nx.MultiDiGraph, r: DocResult) -> None:
    _add_structure(g, r)
    doc = r.document.id
    text = r.document.text
    by_index = {s.index: s for s in r.sentences}
    tasks: dict[int, list[_DocTask]] = defaultdict(list)
    for a in r.assignments:
        sent = by_index[a.sentence_index]
        sid = _add_sentence(g, sent)
        tid = task_id(a)
        if tid not in g:
            _add_node(g, tid, id=tid, label=S.TASK, doc=doc, docs=[doc], text=a.task, deadline=a.deadline,
                       deadline_norm=a.deadline_norm, section=a.section, sentence=a.evidence,
                       start=a.start, end=a.end, task_start=a.task_start, task_end=a.task_end,
                       order=0, unassigned=False)
            _add_edge(g, tid, sid, S.MENTIONED_IN, doc=doc, start=a.task_start, end=a.task_end, mention=a.task)
            tasks[a.sentence_index].append(_DocTask(tid, a.task_start, a.task_end, a.task))
        aid = actor_id(a.key or a.org)
        _merge_actor(g, aid, doc, a.org, a.org_kind, a.level, a.place, a.mention)
        _add_edge(g, aid, tid, a.role, doc=doc, section=a.section, sentence=a.evidence, start=a.start,
                  end=a.end, mention=a.mention, mention_start=a.mention_start, mention_end=a.mention_end,
                  org=a.org, parent=a.parent, parent_org=a.parent_org)
        if a.parent:
            _merge_actor(g, actor_id(a.parent), doc, a.parent_org, S.DEPARTMENT, a.level, a.place, a.parent_org)
    _add_entities(g, r, by_index, tasks, text)
    _number_tasks(g, [t.tid for ts in tasks.values() for t in ts])


def _merge_actor(g: nx.MultiDiGraph, aid: str, doc: str, org: str, kind: str, level: str, place: str,
                 written: str) -> None:
    _merge_node(g, aid, S.ACTOR, doc, name=org, kind=kind, level=level, place=place, aliases=[written], names=[org])
    data = g.nodes[aid]
    data["name"] = shown_name(data["names"], data["aliases"])


def shown_name(names: Iterable[str], aliases: Iterable[str]) -> str:
    """The name a body is shown by across documents: of the names its documents show it by, one the
    documents write (区发改局 written, or 区 + 发改局 written) before a stand-in (区发改委 for 发改), then the
    fullest, then the first in code-point order, so it never depends on the order documents came in."""
    written = [a for a in aliases if len(a) >= 2]

    def rank(n: str) -> tuple:
        return (not any(n == a or n.endswith(a) for a in written), -len(n), n)

    return min(names, key=rank)


def _add_entities(g: nx.MultiDiGraph, r: DocResult, by_index: dict[int, Sentence],
                  tasks: dict[int, list[_DocTask]], text: str) -> None:
    """Projects, indicators, measures, policies and unassigned tasks (kg.entities), with their links."""
    doc = r.document.id
    linked: list[Entity] = []
    for e in r.entities:
        sent = by_index.get(e.sentence_index)
        if sent is None or e.label not in S.LABELS:
            continue
        sid = _add_sentence(g, sent)
        nid = entity_id(e)
        written = text[e.start:e.end] if 0 <= e.start < e.end <= len(text) else e.name
        attrs = dict(e.attrs)
        if e.label == S.TASK:
            _add_unassigned_task(g, nid, e, attrs, sent, doc)
            tasks[e.sentence_index].append(_DocTask(nid, e.start, e.end, str(attrs.get("text", e.name))))
        elif e.label == S.MEASURE:
            _add_node(g, nid, id=nid, label=S.MEASURE, name=e.name, doc=doc, docs=[doc], start=e.start, end=e.end,
                       sentence=sent.text, section=sent.section_path,
                       **{k: _clean(v) for k, v in attrs.items() if k not in ("doc", "docs", "id", "label")})
            indicator = attrs.get("indicator")
            if indicator:
                iid = S.node_id(S.INDICATOR, str(indicator))
                _merge_node(g, iid, S.INDICATOR, doc, name=str(indicator), aliases=[])
                _add_edge(g, iid, nid, S.HAS_MEASURE, doc=doc, sentence=sent.text, start=e.start, end=e.end)
        else:
            props = {k: v for k, v in attrs.items() if k not in ("doc", "docs", "id", "label", "aliases", "name")}
            _merge_node(g, nid, e.label, doc, name=e.name, aliases=[written], **props)
            linked.append(e)
        if not g.has_edge(nid, sid, key=S.MENTIONED_IN):
            _add_edge(g, nid, sid, S.MENTIONED_IN, doc=doc, start=e.start, end=e.end, mention=written)
    _link_tasks(g, linked, tasks, text)


def _add_unassigned_task(g: nx.MultiDiGraph, nid: str, e: Entity, attrs: dict, sent: Sentence, doc: str) -> None:
    if nid in g:
        return
    _add_node(g, nid, id=nid, label=S.TASK, doc=doc, docs=[doc], text=str(attrs.get("text", e.name)),
               deadline=attrs.get("deadline"), deadline_norm=attrs.get("deadline_norm"),
               section=sent.section_path, sentence=sent.text, start=sent.start, end=sent.end,
               task_start=e.start, task_end=e.end, order=0, unassigned=True)


def _link_tasks(g: nx.MultiDiGraph, entities: list[Entity], tasks: dict[int, list[_DocTask]], text: str) -> None:
    """Task -[推进]-> Project when the task pushes it forward, else Task -[涉及]-> entity (span inside task)."""
    from kg.entities.projects import advances

    for e in entities:
        if e.label not in _CONCERNED:
            continue
        nid = entity_id(e)
        for t in tasks.get(e.sentence_index, ()):
            if not (t.start <= e.start and e.end <= t.end):
                continue
            rel = S.CONCERNS
            if e.label == S.PROJECT and advances(text[t.start:t.end], e.start - t.start):
                rel = S.ADVANCES
            if not g.has_edge(t.tid, nid, key=rel):
                _add_edge(g, t.tid, nid, rel, doc=e.doc, start=e.start, end=e.end, mention=text[e.start:e.end])


def _number_tasks(g: nx.MultiDiGraph, tids: Iterable[str]) -> None:
    """``order`` of each task of one document: its rank by place in the text."""
    own = [(g.nodes[n]["task_start"], g.nodes[n]["task_end"], n) for n in tids]
    for rank, (_, _, n) in enumerate(sorted(own)):
        g.nodes[n]["order"] = rank


def _derive(g: nx.MultiDiGraph) -> None:
    """Facts that follow from others, recomputed whole so they never depend on processing order.

    - Actor -[推进]-> Project for each body with a role on a task that 推进 the project, with the
      documents, roles and tasks it rests on (evidence of the first task in document order);
    - Project ``unassigned``: true when no body pushes it forward.
    """
    old = [(u, v) for u, v, k in g.edges(keys=True)
           if k == S.ADVANCES and g.nodes[u].get("label") == S.ACTOR]
    g.remove_edges_from([(u, v, S.ADVANCES) for u, v in old])
    support: dict[tuple[str, str], list[tuple[str, int, str, str]]] = defaultdict(list)
    for t, p, k in g.edges(keys=True):
        if k != S.ADVANCES or g.nodes[t].get("label") != S.TASK:
            continue
        td = g.nodes[t]
        for a, _, role in g.in_edges(t, keys=True):
            if role in S.ROLE_TYPES and g.nodes[a].get("label") == S.ACTOR:
                support[(a, p)].append((td["doc"], td["task_start"], t, role))
    for (a, p), rows in sorted(support.items()):
        rows.sort()
        doc, _, first, _ = rows[0]
        td = g.nodes[first]
        _add_edge(g, a, p, S.ADVANCES, doc=doc, docs=sorted({r[0] for r in rows}),
                  roles=sorted({r[3] for r in rows}), tasks=sorted({r[2] for r in rows}),
                  section=td.get("section"), sentence=td.get("sentence"), start=td.get("start"), end=td.get("end"))
    owned = {p for (_, p) in support}
    _derive_part_of(g)
    for n, d in g.nodes(data=True):
        if d.get("label") == S.PROJECT:
            d["unassigned"] = n not in owned


def _derive_part_of(g: nx.MultiDiGraph) -> None:
    """Actor -PART_OF-> Actor for every branch or unit whose documents name its parent, with those documents."""
    old = [(u, v, k) for u, v, k in g.edges(keys=True) if k == S.PART_OF]
    g.remove_edges_from(old)
    support: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for u, _, k, d in g.edges(keys=True, data=True):
        if k in S.ROLE_TYPES and d.get("parent"):
            pid = actor_id(str(d["parent"]))
            if pid in g:
                support[(u, pid)].setdefault(str(d.get("doc")), str(d.get("parent_org") or ""))
    for (u, p), docs in sorted(support.items()):
        first = min(docs)
        _add_edge(g, u, p, S.PART_OF, doc=first, docs=sorted(docs), parent_org=docs[first])


def _refresh_aliases(g: nx.MultiDiGraph, nodes: Iterable[str]) -> None:
    """Aliases of shared nodes: the forms their remaining mentions were written in (and, for bodies,
    the names their remaining documents show them by)."""
    for n in nodes:
        if n not in g:
            continue
        out = [d for _, _, d in g.out_edges(n, data=True)
               if d.get("type") in S.ROLE_TYPES or d.get("type") == S.MENTIONED_IN]
        forms = {d["mention"] for d in out if d.get("mention")}
        if g.nodes[n].get("label") == S.ACTOR:
            names = {d["org"] for d in out if d.get("org")}
            as_parent = {d["parent_org"] for u, _, d in g.in_edges(n, data=True) if d.get("type") == S.PART_OF}
            forms |= as_parent
            names |= as_parent
            if names:
                g.nodes[n]["names"] = sorted(names)
                g.nodes[n]["name"] = shown_name(names, forms)
        g.nodes[n]["aliases"] = sorted(forms)


def remove_document(g: nx.MultiDiGraph, doc: str, derive: bool = True) -> None:
    """Remove one document's facts: its own nodes, its edges, and shared nodes left with no other document.

    ``derive=False``: as for add_document, call ``derive(g)`` after the batch.
    """
    remove_documents(g, {doc}, derive=derive)


class DocIndex:
    """Each document's nodes and edges, found in one pass over the graph: removing a batch of documents
    then touches only their own facts, however large the graph (kg.build makes one per build)."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.nodes: dict[str, list[str]] = defaultdict(list)
        self.edges: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for n, d in g.nodes(data=True):
            for doc in d.get("docs", ()):
                self.nodes[doc].append(n)
        for u, v, k, doc in g.edges(keys=True, data="doc"):
            if doc is not None:
                self.edges[doc].append((u, v, k))


def remove_documents(g: nx.MultiDiGraph, docs: set[str], derive: bool = True, index: DocIndex | None = None) -> None:
    """Remove the facts of several documents: their own nodes, their edges, and shared nodes left with
    no other document. ``index`` (a DocIndex of the graph, made before documents were added or removed
    since) limits the work to those documents' facts; without it, one pass over the graph."""
    if not docs:
        return
    index = index or DocIndex(g)
    candidates = {n for doc in docs for n in index.nodes.get(doc, ())}
    stale = [(u, v, k) for doc in docs for u, v, k in index.edges.get(doc, ())
             if g.has_edge(u, v, k) and g.edges[u, v, k].get("doc") in docs]
    g.remove_edges_from(stale)
    own, touched = [], []
    for n in candidates:
        if n not in g:
            continue
        data = g.nodes[n]
        left = [x for x in data.get("docs", ()) if x not in docs]
        if not left:
            own.append(n)
        elif len(left) < len(data.get("docs", ())):
            data["docs"] = left
            touched.append(n)
    g.remove_nodes_from(own)
    _refresh_aliases(g, [n for n in touched if g.nodes[n].get("label") in _SHARED])
    if derive:
        _derive(g)


def build_graph(results: Iterable[DocResult]) -> nx.MultiDiGraph:
    """The whole graph from per-document results, in document-id order (so output is deterministic)."""
    g = nx.MultiDiGraph()
    for r in sorted(results, key=lambda r: r.document.id):
        _add_document(g, r)
    _derive(g)
    return g
