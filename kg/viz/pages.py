"""What each graph page draws, laid out: the overview of bodies, a body's page, a document's page.

- **overview**: who owns what at a glance. Bodies are the nodes (size: number of tasks; border: how
  many they lead); two bodies are linked when they share tasks (width: how many). Tasks are not drawn:
  each body carries its tasks by role, with the evidence, for the side panel a click opens, and a link
  to its own page.
- **body page**: the body on the left, its tasks in a column grouped by role (牵头, then 负责, then 参与),
  the partner bodies of each task to the right, then what the tasks concern.
- **document page**: left to right, sections → tasks (in the document's order) → bodies → what the
  tasks concern, so a speech reads in its own order.

Positions come from kg.viz.layout (physics off), so the pages open laid out with labels apart.
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg import schema as S
from kg.viz.elements import (Context, Elements, as_text, cowork_edge, drawing_order, elements, kind_of,
                             node_element, role_counts, shared_tasks, shorten, tip_rows)
from kg.viz.layout import boxes, layered, spread_out
from kg.viz.views import ROLE_TYPES, Selection, label_of

SECTION = "section"
# The overview's side panel lists at most this many of a body's tasks in each role (the page of a
# body with thousands of tasks would otherwise carry them all).
PANEL_TASKS = 50
SECTION_LINK = "章节"
_ROLE_RANK = {r: i for i, r in enumerate(S.ROLE_TYPES)}


def _place(els: Elements, positions: dict[str, tuple[float, float]]) -> Elements:
    for node in els.nodes:
        if node["id"] in positions:
            node["x"], node["y"] = positions[node["id"]]
    els.fixed = True
    return els


def _task_order(g: nx.MultiDiGraph, t: str) -> tuple:
    d = g.nodes[t]
    return (as_text(d.get("doc")), d.get("task_start") or 0, t)


def overview_elements(g: nx.MultiDiGraph, ctx: Context, pages: dict[str, str], limit: int) -> Elements:
    """The overview: every body with a task (at most ``limit``, the busiest), linked by shared tasks."""
    style = ctx.style
    actors = [a for a in sorted(n for n, d in g.nodes(data=True) if d.get("label") == S.ACTOR)
              if any(k in ROLE_TYPES for _, _, k in g.out_edges(a, keys=True))]
    counts = {a: role_counts(g, a) for a in actors}
    ranked = sorted(actors, key=lambda a: (-sum(counts[a].values()), a))
    kept = ranked[:limit]
    kept_set = set(kept)
    nodes = []
    for a in kept:
        node = node_element(ctx, a, set(), counts)
        c = counts[a]
        node["borderWidth"] = 1 + min(c[S.LEAD], 6)  # the ring: how many tasks it leads
        node["label"] = f"{node['name']}\n{sum(c.values())} 项" + (f" · 牵头 {c[S.LEAD]}" if c[S.LEAD] else "")
        node["href"] = pages.get(a, "")
        node["tasks"] = _tasks_of(g, ctx, a)
        node["task_counts"] = {r: c[r] for r in S.ROLE_TYPES if c[r]}
        nodes.append(node)
    tasks = sorted(n for n, d in g.nodes(data=True) if d.get("label") == S.TASK)
    edges = [cowork_edge(g, style, a, b, ts) for (a, b), ts in sorted(shared_tasks(g, tasks, kept_set).items())]
    note = ""
    if len(kept) < len(actors):
        note = f"只画出任务最多的 {len(kept)} 个主体，其余 {len(actors) - len(kept)} 个见索引页。"
    els = Elements(nodes=sorted(nodes, key=drawing_order), edges=edges, note=note)
    positions = spread_out([n["id"] for n in els.nodes], ((e["from"], e["to"], float(e["value"])) for e in edges),
                           boxes(els.nodes))
    return _place(els, positions)


def _tasks_of(g: nx.MultiDiGraph, ctx: Context, a: str) -> list[dict]:
    """A body's tasks for the side panel: role, task, deadline, source and the sentence, in document order."""
    rows = []
    for _, t, k, e in g.out_edges(a, keys=True, data=True):
        if k not in ROLE_TYPES:
            continue
        d = g.nodes[t]
        rows.append((_ROLE_RANK[k], _task_order(g, t), {
            "role": k, "text": as_text(d.get("text")), "deadline": as_text(d.get("deadline")),
            "source": " · ".join(x for x in (ctx.doc(d.get("doc")), as_text(d.get("section"))) if x),
            "sentence": as_text(e.get("sentence") or d.get("sentence")),
        }))
    shown: dict[int, int] = defaultdict(int)
    out = []
    for rank, _, row in sorted(rows, key=lambda r: (r[0], r[1])):
        shown[rank] += 1
        if shown[rank] <= PANEL_TASKS:  # the rest are on the body's own page; the panel says how many
            out.append(row)
    return out


def body_elements(g: nx.MultiDiGraph, sel: Selection, ctx: Context, actor: str, max_nodes: int) -> Elements:
    """A body's page: the body, its tasks grouped by role, their partner bodies, what they concern."""
    els = elements(g, sel, ctx.style, max_nodes, focus=actor, ctx=ctx)
    if els.note:  # aggregated: too many nodes for a layered page
        return els
    roles = {t: _ROLE_RANK[k] for _, t, k in g.out_edges(actor, keys=True) if k in ROLE_TYPES and t in sel.nodes}
    ids = {n["id"] for n in els.nodes}
    tasks = sorted((n for n in ids if label_of(g, n) == S.TASK), key=lambda t: (roles.get(t, 9), _task_order(g, t)))
    others = sorted(n for n in ids if label_of(g, n) == S.ACTOR and n != actor)
    entities = sorted(ids - set(tasks) - set(others) - {actor})
    columns = [[actor], tasks, others, entities]
    links = [(e["from"], e["to"]) for e in els.edges]
    return _place(els, layered(columns, links, boxes(els.nodes), anchor=1))


def document_elements(g: nx.MultiDiGraph, sel: Selection, ctx: Context, max_nodes: int, doc: str) -> Elements:
    """A document's page: sections → tasks in the document's order → bodies → what the tasks concern."""
    els = elements(g, sel, ctx.style, max_nodes, ctx=ctx, doc=doc)
    if els.note:
        return els
    ids = {n["id"] for n in els.nodes}
    tasks = sorted((n for n in ids if label_of(g, n) == S.TASK), key=lambda t: _task_order(g, t))
    actors = sorted(n for n in ids if label_of(g, n) == S.ACTOR)
    entities = sorted(ids - set(tasks) - set(actors))
    look, link = ctx.style.kind(SECTION), ctx.style.role(SECTION_LINK)
    sections: list[str] = []
    for t in tasks:
        path = as_text(g.nodes[t].get("section"))
        if not path:
            continue
        sid = f"{SECTION}:{path}"
        if sid not in sections:
            sections.append(sid)
            title = path.rsplit(" › ", 1)[-1]
            els.nodes.append({"id": sid, "kind": SECTION, "shape": look["shape"], "label": shorten(title, 16),
                              "color": {"background": "#ffffff", "border": look["color"]},
                              "font": {"size": 12, "color": look["color"]}, "tip": tip_rows(("章节", path))})
        els.edges.append({"id": f"{sid}|{SECTION_LINK}|{t}", "from": sid, "to": t, "role": SECTION_LINK,
                          "color": {"color": link["color"], "highlight": link["color"]}, "dashes": link["dashes"],
                          "width": link["width"], "arrows": "to", "tip": tip_rows(("章节", path))})
    columns = [sections, tasks, actors, entities]
    links = [(e["from"], e["to"]) for e in els.edges]
    return _place(els, layered(columns, links, boxes(els.nodes), anchor=1))


__all__ = ["overview_elements", "body_elements", "document_elements", "SECTION", "SECTION_LINK", "kind_of"]
