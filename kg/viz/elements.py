"""Turn a page's selection of the graph into vis-network nodes and edges.

Every node and edge carries ``tip``: its evidence as ``[field, text]`` pairs
(sentence, document and section, deadline). The page's script builds the
tooltip from these pairs with ``textContent``, so a name or sentence from a
document is always shown as text and never parsed as HTML. Above
``max_nodes`` a page is aggregated: tasks collapse into counts per body and
bodies are linked by the number of tasks they share.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from kg import schema as S
from kg.viz.style import COWORK, TASK, UNASSIGNED, Style
from kg.viz.views import ROLE_TYPES, Selection, label_of

LABEL_KINDS = {S.TASK: TASK, S.PROJECT: "project", S.INDICATOR: "indicator", S.POLICY: "policy"}
# Drawing order (also the order of the legend): bodies first, then what they work on.
KIND_ORDER = ("department", "collective", "person", "section", "task", "unassigned", "project", "indicator", "policy")
TIP_SENTENCES = 3
TIP_MEASURES = 5
TIP_DOCS = 5
FOCUS_BORDER = "#0b2545"
# The rows of a task's tooltip that an edge to it shows too, under the edge's names for them. An edge
# whose own evidence is its task's (nearly every one) carries only its own rows and ``taskTip``; the page
# adds these from the task's node (edge_tooltip here, the same in templates/graph.js), so each sentence,
# document title and section is in a page once, not once per body of the task.
EDGE_ROWS_OF_TASK: dict[str, str] = {"任务": "对象", "时限": "时限", "原文": "原文", "文件": "文件", "章节": "章节"}


@dataclass
class Elements:
    """What one graph page draws, and what (if anything) it aggregated."""

    nodes: list[dict]
    edges: list[dict]
    note: str = ""
    fixed: bool = False  # nodes carry x, y (kg.viz.layout): the page draws them there, physics off


def kind_of(g: nx.MultiDiGraph, nid: str) -> str:
    """The drawing kind of a node: an actor's kind, ``unassigned`` for a task no body holds, else its label."""
    d = g.nodes[nid]
    label = d.get("label")
    if label == S.ACTOR:
        return d.get("kind") or S.DEPARTMENT
    if label == S.TASK and _is_unassigned(g, nid):
        return UNASSIGNED
    return LABEL_KINDS.get(label, TASK)


def _is_unassigned(g: nx.MultiDiGraph, task: str) -> bool:
    if g.nodes[task].get("unassigned"):
        return True
    return not any(k in ROLE_TYPES for _, _, k in g.in_edges(task, keys=True))


def as_text(value: object) -> str:
    """A property as a page shows it: text as it is, nothing as "", a list joined with 、."""
    if type(value) is str:  # nearly every value: the page's most frequent call
        return value
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def shorten(text: str, n: int) -> str:
    """A label of at most ``n`` characters (then …), its runs of white space made one space."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


class Context:
    """Lookups shared by all pages of one graph (make it with ``context``): document titles, each node's
    kind, documents and tooltip rows, each made once however many pages show the node."""

    def __init__(self, g: nx.MultiDiGraph, style: Style):
        self.g = g
        self.style = style
        self.titles = {d.get("name"): d.get("title") or "" for _, d in g.nodes(data=True) if d.get("label") == S.DOCUMENT}
        self._docs: dict[str, str] = {}
        self._tips: dict[tuple[str, str | None], list[tuple[str, object]]] = {}
        self._around_by_doc: dict[str, dict[str | None, list[tuple[str, str]]]] = {}
        self._kinds: dict[str, str] = {}
        self._task_tips: dict[str, list[list[str]]] = {}
        self._edge_tips: dict[tuple[str, str, str], tuple[list[list[str]], bool]] = {}

    def kind(self, nid: str) -> str:
        """kind_of, found once per node for all pages."""
        if nid not in self._kinds:
            self._kinds[nid] = kind_of(self.g, nid)
        return self._kinds[nid]

    def task_tip(self, nid: str) -> list[list[str]]:
        """A task's tooltip, the same on every page that shows the task, made once (pages only read it)."""
        if nid not in self._task_tips:
            d = self.g.nodes[nid]
            self._task_tips[nid] = tip_rows(
                ("任务", d.get("text")), ("责任主体", _bodies_line(self.g, nid) or "无（未写明责任主体）"),
                ("时限", d.get("deadline")), ("时限（规范）", d.get("deadline_norm")), ("原文", d.get("sentence")),
                ("文件", self.doc(d.get("doc"))), ("章节", d.get("section")),
            )
        return self._task_tips[nid]

    def edge_tip(self, u: str, v: str, k: str) -> tuple[list[list[str]], bool]:
        """An edge's tooltip, the same on every page that draws the edge (a task's edges are on its
        document's page and on each of its bodies' pages), made once (pages only read it): its rows,
        and whether the rest are its task's (EDGE_ROWS_OF_TASK), which the page then adds."""
        key = (u, v, k)
        if key not in self._edge_tips:
            d = self.g.edges[u, v, k]
            target = self.g.nodes[v]
            task = target.get("label") == S.TASK
            rows = tip_rows(
                ("角色", k), ("主体", self.g.nodes[u].get("name")), ("原文写法", d.get("mention")),
                ("对象", target.get("name") or target.get("text")), ("时限", target.get("deadline") if task else None),
                ("原文", d.get("sentence")), ("文件", self.doc(d.get("doc"))), ("章节", d.get("section")),
            )
            shared = _task_rows(self.task_tip(v)) if task else []
            if shared and rows[-len(shared):] == shared:
                self._edge_tips[key] = (rows[:-len(shared)], True)
            else:
                self._edge_tips[key] = (rows, False)
        return self._edge_tips[key]

    def doc(self, doc: object) -> str:
        if not doc:
            return ""
        title = self.titles.get(str(doc), "")
        return f"{title}（{doc}）" if title else str(doc)

    def docs(self, docs: object) -> str:
        """The documents of a tooltip: at most TIP_DOCS named, then how many more (a body of a large
        archive is in thousands, and its node is on every page of them)."""
        if isinstance(docs, (list, tuple)):
            shown = "；".join(self.doc(d) for d in docs[:TIP_DOCS])
            return shown + (f" 等 {len(docs)} 个文件" if len(docs) > TIP_DOCS else "")
        return self.doc(docs)

    def docs_of(self, nid: str) -> str:
        """``docs`` of a node's documents, made once per node for all pages."""
        if nid not in self._docs:
            self._docs[nid] = self.docs(self.g.nodes[nid].get("docs"))
        return self._docs[nid]

    def entity_tip(self, nid: str, doc: str | None = None) -> list[tuple[str, object]]:
        """The tooltip rows of a project, indicator or policy that do not depend on the page's tasks (its
        fields, values, documents, sentences), made once per node. On a document's page (``doc``) they
        are that document's own, so the page never changes when another document is read."""
        if (nid, doc) not in self._tips:
            d = self.g.nodes[nid]
            extra: list[tuple[str, object]] = [(self.style.fields[k], v) for k, v in sorted(d.items())
                                               if k in self.style.fields]
            if d.get("label") == S.PROJECT and d.get("unassigned"):
                extra.append(("推进主体", "无（没有主体推进）"))
            docs = self.doc(doc) if doc is not None else self.docs_of(nid)
            self._tips[(nid, doc)] = [*extra, *(("数值", m) for m in self.measures(nid, doc)), ("文件", docs),
                                      *(("原文", x) for x in self.sentences(nid, doc))]
        return self._tips[(nid, doc)]

    def _around(self, nid: str, doc: str | None) -> list[tuple[str, str]]:
        """A node's (type, target) out-edges in sorted order, only those of ``doc`` if given; grouped by
        document once per node, so a project named in thousands of documents costs each page its own."""
        if nid not in self._around_by_doc:
            everything = sorted(self.g.out_edges(nid, keys=True, data="doc"), key=lambda e: e[:3])
            by_doc: dict[str | None, list[tuple[str, str]]] = {None: [(k, v) for _, v, k, _ in everything]}
            for _, v, k, on in everything:
                if k == S.MENTIONED_IN:
                    on = self.g.nodes[v].get("doc")
                by_doc.setdefault(on, []).append((k, v))
            self._around_by_doc[nid] = by_doc
        return self._around_by_doc[nid].get(doc, [])

    def measures(self, nid: str, doc: str | None = None) -> list[str]:
        """An indicator's stated values (of ``doc`` only, if given): period, target or actual, value as written."""
        out = []
        for k, m in self._around(nid, doc):
            if k == S.HAS_MEASURE and len(out) < TIP_MEASURES:
                d = self.g.nodes[m]
                kind = self.style.measure_kinds.get(str(d.get("kind")), "")
                out.append(" ".join(as_text(x) for x in (d.get("period"), kind, d.get("value")) if as_text(x)))
        return out

    def sentences(self, nid: str, doc: str | None = None) -> list[str]:
        """The first sentences that mention a node (of ``doc`` only, if given)."""
        out = []
        for k, sid in self._around(nid, doc):
            if k == S.MENTIONED_IN and len(out) < TIP_SENTENCES:
                out.append(as_text(self.g.nodes[sid].get("text")))
        return out


def tip_rows(*items: tuple[str, object]) -> list[list[str]]:
    """Tooltip rows, dropping empty values."""
    return [[k, t] for k, v in items if (t := as_text(v))]


def _task_rows(task_tip: list[list[str]]) -> list[list[str]]:
    return [[EDGE_ROWS_OF_TASK[k], t] for k, t in task_tip if k in EDGE_ROWS_OF_TASK]


def edge_tooltip(edge: dict, nodes: dict[str, dict]) -> list[list[str]]:
    """The rows a page's tooltip shows for ``edge``, given the page's nodes by id: its own, then (with
    ``taskTip``) its task's. What templates/graph.js does in the browser."""
    rows = list(edge.get("tip") or [])
    if edge.get("taskTip"):
        rows += _task_rows(nodes[edge["to"]].get("tip") or [])
    return rows


def role_counts(g: nx.MultiDiGraph, actor: str, tasks: set[str] | None = None) -> Counter:
    """How many tasks ``actor`` has in each role (only among ``tasks`` if given)."""
    c: Counter = Counter()
    for _, t, k in g.out_edges(actor, keys=True):
        if k in ROLE_TYPES and (tasks is None or t in tasks):
            c[k] += 1
    return c


def _bodies_line(g: nx.MultiDiGraph, task: str) -> str:
    by_role: dict[str, list[str]] = defaultdict(list)
    for u, _, k in g.in_edges(task, keys=True):
        if k in ROLE_TYPES:
            by_role[k].append(as_text(g.nodes[u].get("name")))
    parts = [f"{r}：{'、'.join(sorted(by_role[r]))}" for r in S.ROLE_TYPES if by_role[r]]
    return "；".join(parts)


def view_counts(g: nx.MultiDiGraph, tasks: set[str]) -> tuple[dict[str, Counter], Counter]:
    """Per page, from its tasks only: each body's tasks by role, and how many of the tasks link to each
    other node (a project's size). Counting from the page's tasks keeps a page's cost to its own size,
    however many tasks a body or project has in the whole graph."""
    roles: dict[str, Counter] = defaultdict(Counter)
    linked: Counter = Counter()
    for t in tasks:
        for u, _, k in g.in_edges(t, keys=True):
            if k in ROLE_TYPES:
                roles[u][k] += 1
        for _, v in g.out_edges(t):
            linked[v] += 1
    return roles, linked


def node_element(ctx: Context, nid: str, tasks_in_view: set[str], counts: dict[str, Counter] | None = None,
                 view: tuple[dict[str, Counter], Counter] | None = None, doc: str | None = None,
          focus: str | None = None) -> dict:
    """A vis node with its tooltip. ``counts``: role counts shown in the label (overview, aggregated
    pages); ``view``: view_counts of the page's tasks (else counted here from ``tasks_in_view``);
    ``doc``: the document of a document's page; ``focus``: the body of a body's page.

    What a node shows of other documents stays on pages that change with them: a body's documents
    on its own page and the aggregated ones, a project's on body pages; a document's page shows only
    what that document says, so reading another document leaves it as it is (kg.viz.incremental)."""
    g, style = ctx.g, ctx.style
    d = g.nodes[nid]
    kind = ctx.kind(nid)
    look = style.kind(kind)
    label = d.get("label")
    node: dict = {
        "id": nid,
        "kind": kind,
        "shape": look["shape"],
        "color": {"background": look["color"], "border": look["color"],
                  "highlight": {"background": look["color"], "border": "#222222"}},
    }
    if label == S.ACTOR:
        if counts is not None:
            c = counts[nid]
        else:
            c = view[0].get(nid, Counter()) if view is not None else role_counts(g, nid, tasks_in_view)
        total = sum(c.values())
        name = as_text(d.get("name"))
        node.update(label=name, name=name, value=max(total, 1), font={"size": 20, "strokeWidth": 3})
        if counts is not None:
            node["label"] = f"{name}\n{total} 项任务"
        node["tip"] = tip_rows(
            ("主体", name), ("类别", style.kind(kind)["label"]), ("层级", d.get("level")),
            ("原文写法", d.get("aliases")),
            ("任务", "；".join(f"{r} {c[r]}" for r in S.ROLE_TYPES if c[r]) or "0"),
            ("文件", ctx.docs_of(nid) if (counts is not None and doc is None) or nid == focus else ""),
        )
    elif label == S.TASK:
        short = shorten(as_text(d.get("text")), style.task_label_chars)
        # a fixed size: node size (value) is for bodies, by their number of tasks
        node.update(label=("⚠ " + short) if kind == UNASSIGNED else short, size=7, font={"size": 10})
        if kind == UNASSIGNED:
            node.update(size=11, borderWidth=3, font={"size": 12, "color": look["color"]})
        node["tip"] = ctx.task_tip(nid)
    else:
        name = as_text(d.get("name")) or nid.split(":", 1)[-1]
        if view is not None:
            linked = view[1].get(nid, 0)
        else:
            linked = sum(1 for u, _, k in g.in_edges(nid, keys=True) if u in tasks_in_view)
        node.update(label=shorten(name, 18), value=max(linked, 1), font={"size": 13})
        node["tip"] = tip_rows(({"Project": "项目", "Indicator": "指标", "Policy": "政策"}.get(label, label), name),
                               *ctx.entity_tip(nid, doc))
    return node


def _edge(ctx: Context, u: str, v: str, k: str) -> dict:
    look = ctx.style.role(k)
    edge = {
        "id": f"{u}|{k}|{v}",
        "from": u,
        "to": v,
        "role": k,
        "color": {"color": look["color"], "highlight": look["color"]},
        "dashes": look["dashes"],
        "width": look["width"],
        "arrows": "to",
    }
    edge["tip"], from_task = ctx.edge_tip(u, v, k)
    if from_task:
        edge["taskTip"] = True
    return edge


def drawing_order(node: dict) -> tuple:
    """Sort key of a page's nodes: by KIND_ORDER (bodies first, as the legend), then id."""
    return (KIND_ORDER.index(node["kind"]) if node["kind"] in KIND_ORDER else len(KIND_ORDER), node["id"])


def context(g: nx.MultiDiGraph, style: Style) -> Context:
    """The lookups every page of one graph shares; make it once per graph and pass it to ``elements``."""
    return Context(g, style)


def elements(g: nx.MultiDiGraph, sel: Selection, style: Style, max_nodes: int | None = None,
             focus: str | None = None, ctx: Context | None = None, doc: str | None = None) -> Elements:
    """The vis nodes and edges of a selection, aggregated when it has more than ``max_nodes`` nodes.

    ``focus`` is the node a page is about (a body's own page): drawn with a heavy dark border.
    ``ctx`` (``context(g, style)``) saves a scan of the whole graph per page.
    """
    limit = style.max_nodes if max_nodes is None else max_nodes
    ctx = ctx or Context(g, style)
    if len(sel.nodes) > limit:
        return _aggregate(g, sel, style, limit, ctx, doc)  # no focus: a body's page never has thousands of nodes
    tasks = {n for n in sel.nodes if label_of(g, n) == S.TASK}
    view = view_counts(g, tasks)
    nodes = sorted((_renamed(node_element(ctx, n, tasks, view=view, doc=doc, focus=focus), sel.names.get(n))
                    for n in sel.nodes), key=drawing_order)
    for node in nodes:
        if node["id"] == focus:
            node.update(borderWidth=5, color={**node["color"], "border": FOCUS_BORDER})
            node["font"] = {**node["font"], "size": 24, "bold": True}
    edges = [_edge(ctx, u, v, k) for u, v, k in sel.sorted_edges()]
    return Elements(nodes=nodes, edges=edges)


def _renamed(node: dict, name: str | None) -> dict:
    """A body's node under the name this page shows it by (its document's own writing)."""
    if name:
        node.update(label=name, name=name)
    return node


def shared_tasks(g: nx.MultiDiGraph, tasks: Iterable[str], bodies: set[str]) -> dict[tuple[str, str], list[str]]:
    """Each pair of ``bodies`` (ids in order) that holds a task of ``tasks`` together, with those tasks."""
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for t in tasks:
        on = sorted({u for u, _, k in g.in_edges(t, keys=True) if k in ROLE_TYPES and u in bodies})
        for i, a in enumerate(on):
            for b in on[i + 1:]:
                shared[(a, b)].append(t)
    return shared


def cowork_edge(g: nx.MultiDiGraph, style: Style, a: str, b: str, tasks: list[str]) -> dict:
    """The line between two bodies of an aggregated page or the overview: how many tasks they share,
    three of them as examples."""
    look = style.role(COWORK)
    return {
        "id": f"{a}|{COWORK}|{b}", "from": a, "to": b, "role": COWORK, "value": len(tasks),
        "arrows": {"to": {"enabled": False}},
        "color": {"color": look["color"], "highlight": "#333333"}, "dashes": look["dashes"],
        "tip": tip_rows(("协作", f"{g.nodes[a].get('name')} — {g.nodes[b].get('name')}"),
                        ("共同承担的任务", f"{len(tasks)} 项"),
                        *(("例", shorten(as_text(g.nodes[t].get("text")), 40)) for t in tasks[:3])),
    }


def _strongest(shared: dict[tuple[str, str], list[str]], top: int) -> set[tuple[str, str]]:
    """Pairs of bodies among each body's ``top`` partners by number of shared tasks (ties by id)."""
    partners: dict[str, list[tuple[int, str, tuple[str, str]]]] = defaultdict(list)
    for (a, b), ts in shared.items():
        partners[a].append((-len(ts), b, (a, b)))
        partners[b].append((-len(ts), a, (a, b)))
    keep: set[tuple[str, str]] = set()
    for ranked in partners.values():
        keep.update(pair for _, _, pair in sorted(ranked)[:top])
    return keep


def _aggregate(g: nx.MultiDiGraph, sel: Selection, style: Style, limit: int, ctx: Context,
               doc: str | None = None) -> Elements:
    """Bodies sized by their task counts, linked by shared tasks; projects they advance; one node for unassigned tasks."""
    tasks = sorted(n for n in sel.nodes if label_of(g, n) == S.TASK)
    task_set = set(tasks)
    actors = sorted(n for n in sel.nodes if label_of(g, n) == S.ACTOR)
    counts = {a: role_counts(g, a, task_set) for a in actors}
    ranked = sorted(actors, key=lambda a: (-sum(counts[a].values()), a))
    kept = set(ranked[: max(limit - 1, 1)])
    dropped_actors = len(actors) - len(kept)

    nodes = [node_element(ctx, a, task_set, counts, doc=doc) for a in kept]
    shared = shared_tasks(g, tasks, kept)
    unassigned = [t for t in tasks if ctx.kind(t) == UNASSIGNED]
    strongest = _strongest(shared, style.cowork_top)
    edges = [cowork_edge(g, style, a, b, ts) for (a, b), ts in sorted(shared.items()) if (a, b) in strongest]
    if unassigned:
        ul = style.kind(UNASSIGNED)
        nodes.append({
            "id": "unassigned-tasks", "kind": UNASSIGNED, "shape": ul["shape"], "borderWidth": 3,
            "color": {"background": ul["color"], "border": ul["color"]}, "value": len(unassigned),
            "label": f"⚠ 无责任主体的任务\n{len(unassigned)} 项", "font": {"size": 16, "color": ul["color"]},
            "tip": tip_rows(("无责任主体的任务", f"{len(unassigned)} 项"),
                            *(("例", shorten(as_text(g.nodes[t].get("text")), 60)) for t in unassigned[:5])),
        })
    note = (f"此图原有 {len(sel.nodes)} 个节点，超过 {limit} 个，已聚合：{len(tasks)} 项任务合并为各主体的任务数"
            f"（节点大小），主体之间的连线表示共同承担的任务数；项目、指标、政策未画出")
    if len(strongest) < len(shared):
        note += (f"；每个主体只连向与它共同任务最多的 {style.cowork_top} 个主体"
                 f"（画出 {len(strongest)} 条，共 {len(shared)} 对主体有共同任务）")
    if dropped_actors:
        note += f"；只画出任务最多的 {len(kept)} 个主体，其余 {dropped_actors} 个未画出"
    note += "。布局稳定后自动停止物理模拟。"
    return Elements(nodes=sorted(nodes, key=drawing_order), edges=edges, note=note)
