"""Which graph pages a build must write again, so an incremental build touches only what changed.

A document's page shows only what that document says, plus the names of its bodies and the fields
of its projects, indicators and policies; a body's page shows its own tasks, the bodies and
entities on them, and its own documents. So after a build that read, re-read or removed the
documents ``changed``, a page must be written again when

- it is the page of a changed document;
- it is the page of a body that has (or had) a task in a changed document;
- it shows a node shared by documents whose shown form changed: a body's name, kind, level, written
  forms or what it advances (the pages of its documents, its own page and its partners' pages); a
  project's, indicator's or policy's fields (the pages of its documents) or its tooltip on body
  pages (the pages of the bodies on its tasks).

``PageInputs`` holds what pages show of every shared node, taken from the graph before the build
changes it; ``stale_pages`` compares it with the graph after. The folder's manifest
(``.kg-pages.json``) names the graph and the settings its pages were written from: pages of another
graph (a build killed halfway through writing them, a ``kg viz`` of another graph or with other
settings) are all written again.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg import __version__
from kg import schema as S
from kg.graph import graph_key
from kg.viz.style import TEMPLATES
from kg.viz.views import ENTITY_LABELS, ROLE_TYPES

MANIFEST = ".kg-pages.json"
_SHARED = frozenset((S.ACTOR, *ENTITY_LABELS))


@dataclass
class PageInputs:
    """What the pages show of each node shared by documents, and which graph that was."""

    graph: str  # graph_key of the graph
    on_doc_pages: dict[str, str] = field(default_factory=dict)  # node -> digest of its form there
    on_body_pages: dict[str, str] = field(default_factory=dict)
    docs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # node -> its documents


def settings_key(max_nodes: int | None) -> str:
    """What else pages depend on: kg's version, its page templates and style, the aggregation limit."""
    files = sorted(p for p in TEMPLATES.iterdir() if p.is_file())
    return _digest([__version__, max_nodes, [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in files]])


def page_inputs(g: nx.MultiDiGraph) -> PageInputs:
    """What the pages of ``g`` show of its shared nodes (taken before a build changes ``g``)."""
    out = PageInputs(graph=graph_key(g))
    for n, d in g.nodes(data=True):
        if d.get("label") not in _SHARED:
            continue
        shown = {k: v for k, v in d.items() if k not in ("docs", "names")}
        if d.get("label") == S.ACTOR:
            advances = sorted((v, str(e.get("doc")), str(e.get("sentence")), str(e.get("section")))
                              for _, v, k, e in g.out_edges(n, keys=True, data=True) if k == S.ADVANCES)
            out.on_doc_pages[n] = _digest([shown, advances])
            out.on_body_pages[n] = out.on_doc_pages[n]  # a partner: shown as on a document's page
        else:
            out.on_doc_pages[n] = _digest(shown)
            around = sorted((k, v, str(g.nodes[v].get("text") or g.nodes[v].get("value")))
                            for _, v, k in g.out_edges(n, keys=True) if k in (S.MENTIONED_IN, S.HAS_MEASURE))
            out.on_body_pages[n] = _digest([shown, sorted(d.get("docs", ())), around])
        out.docs[n] = tuple(d.get("docs", ()))
    return out


def stale_pages(g: nx.MultiDiGraph, before: PageInputs, changed: set[str]) -> tuple[set[str], set[str]]:
    """The documents and the bodies whose pages must be written again (see the module's text)."""
    after = page_inputs(g)
    docs = set(changed)
    bodies: set[str] = set()
    for n in before.docs.keys() | after.docs.keys():
        mine = set(before.docs.get(n, ())) | set(after.docs.get(n, ()))
        if n in g and g.nodes[n].get("label") == S.ACTOR and mine & changed:
            bodies.add(n)
        if before.on_doc_pages.get(n) != after.on_doc_pages.get(n):
            docs |= mine
        if before.on_body_pages.get(n) != after.on_body_pages.get(n) and n in g:
            bodies |= _bodies_around(g, n)
    return docs, bodies


def _bodies_around(g: nx.MultiDiGraph, n: str) -> set[str]:
    """The bodies whose pages show ``n``: itself (a body), and every body on a task it is on or concerns."""
    tasks = {t for _, t, k in g.out_edges(n, keys=True) if k in ROLE_TYPES}
    tasks |= {t for t, _, k in g.in_edges(n, keys=True) if g.nodes[t].get("label") == S.TASK}
    out = {n} if g.nodes[n].get("label") == S.ACTOR else set()
    for t in tasks:
        out |= {u for u, _, k in g.in_edges(t, keys=True) if k in ROLE_TYPES}
    out |= {u for u, _, k in g.in_edges(n, keys=True) if k == S.ADVANCES}
    return out


def read_manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()[:24]
