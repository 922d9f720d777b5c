"""What each page shows, read from small real graphs built with kg.graph."""
from __future__ import annotations

import networkx as nx

from kg import schema as S
from kg.viz import views
from kg.viz.elements import edge_tooltip, elements, kind_of
from kg.viz.style import load_style

from .samples import EXPO, FOREIGN, PARK, SURVEY, large_graph


def actor(name: str) -> str:
    return S.node_id(S.ACTOR, name)


def task_with(g: nx.MultiDiGraph, text: str) -> str:
    (t,) = [n for n, d in g.nodes(data=True) if d.get("label") == S.TASK and d.get("text") == text]
    return t


def test_body_page_is_its_ego_graph(sample: nx.MultiDiGraph) -> None:
    sel = views.department(sample, actor("商务局"))
    expo, foreign = task_with(sample, EXPO), task_with(sample, FOREIGN)
    assert (actor("商务局"), foreign, S.RESPONSIBLE) in sel.edges
    # the other bodies on its tasks, by role
    assert (actor("工商联"), expo, S.LEAD) in sel.edges
    assert {(actor(b), expo, S.ASSIST) for b in ("工信局", "科技局")} <= sel.edges
    # the project its tasks concern and the one it advances
    assert S.node_id(S.PROJECT, "新能源汽车产业园") in sel.nodes
    # but not bodies or tasks it has nothing to do with
    assert actor("发展和改革委员会") not in sel.nodes
    assert task_with(sample, SURVEY) not in sel.nodes


def test_document_page_holds_only_that_document(sample: nx.MultiDiGraph) -> None:
    sel = views.document(sample, "901_sample_b")
    tasks = {n for n in sel.nodes if sample.nodes[n]["label"] == S.TASK}
    assert {sample.nodes[t]["docs"][0] for t in tasks} == {"901_sample_b"}
    assert actor("区委办") in sel.nodes and actor("工商联") not in sel.nodes
    assert (actor("商务局"), S.node_id(S.PROJECT, "新能源汽车产业园"), S.ADVANCES) in sel.edges


def test_overview_shows_every_body_and_task(sample: nx.MultiDiGraph) -> None:
    sel = views.overview(sample)
    for label in (S.ACTOR, S.TASK):
        assert set(views.nodes_with_label(sample, label)) <= sel.nodes
    assert not any(sample.nodes[n]["label"] in (S.SENTENCE, S.SECTION, S.DOCUMENT) for n in sel.nodes)


def test_unassigned_task_stands_out(sample: nx.MultiDiGraph) -> None:
    els = elements(sample, views.overview(sample), load_style())
    (park,) = [n for n in els.nodes if n["kind"] == "unassigned"]
    assert park["label"].startswith("⚠") and PARK in dict(park["tip"])["任务"]
    assert park["color"]["background"] == load_style().kinds["unassigned"]["color"]


def test_node_size_counts_tasks_and_tooltips_carry_evidence(sample: nx.MultiDiGraph) -> None:
    els = elements(sample, views.overview(sample), load_style())
    by_id = {n["id"]: n for n in els.nodes}
    assert by_id[actor("商务局")]["value"] == 3 and by_id[actor("科技局")]["value"] == 1
    expo = dict(by_id[task_with(sample, EXPO)]["tip"])
    assert expo["原文"].startswith("由工商联牵头") and expo["时限"] == "年内"
    assert "在全区经济工作会议上的讲话" in expo["文件"] and expo["章节"].endswith("（四）招商引资")
    assert expo["责任主体"] == "牵头：工商联；参与：商务局、工信局、科技局"
    lead = {e["id"]: e for e in els.edges}[f"{actor('发展和改革委员会')}|牵头|{task_with(sample, SURVEY)}"]
    tip = dict(edge_tooltip(lead, by_id))
    assert tip["原文写法"] == "发改委" and tip["时限"] == "10月底前" and lead["role"] == "牵头"


def test_large_pages_aggregate_and_say_so(sample: nx.MultiDiGraph) -> None:
    sel = views.overview(sample)
    els = elements(sample, sel, load_style(), max_nodes=5)
    assert len(els.nodes) <= 5 + 1  # the bodies kept, plus one node for the unassigned tasks
    assert not any(n["kind"] == "task" for n in els.nodes)
    assert "已聚合" in els.note and str(len(sel.nodes)) in els.note
    cowork = {(e["from"], e["to"]): e["value"] for e in els.edges if e["role"] == "协作"}
    assert cowork[(actor("商务局"), actor("工信局"))] == 2  # the 推介会 and the 产业园招商


def test_kinds(sample: nx.MultiDiGraph) -> None:
    assert kind_of(sample, actor("工商联")) == "collective"
    assert kind_of(sample, actor("商务局")) == "department"
    assert kind_of(sample, S.node_id(S.INDICATOR, "企业开办时间")) == "indicator"


def test_aggregated_page_keeps_each_bodys_strongest_partners() -> None:
    g = large_graph(n_docs=2, per_doc=200, n_bodies=40)
    style = load_style()
    els = elements(g, views.overview(g), style, max_nodes=100)
    assert len(els.nodes) == 40 and "每个主体只连向" in els.note
    links: dict[str, list[int]] = {}
    for e in els.edges:
        links.setdefault(e["from"], []).append(e["value"])
        links.setdefault(e["to"], []).append(e["value"])
    assert set(links) == {n["id"] for n in els.nodes}  # no body left unlinked
    assert len(els.edges) < 40 * 39 / 2


def test_a_bodys_own_page_marks_it(sample: nx.MultiDiGraph) -> None:
    els = elements(sample, views.department(sample, actor("商务局")), load_style(), focus=actor("商务局"))
    by_id = {n["id"]: n for n in els.nodes}
    assert by_id[actor("商务局")]["borderWidth"] == 5
    assert "borderWidth" not in by_id[actor("工信局")]


def test_an_edge_shows_its_tasks_evidence_from_the_tasks_node(sample: nx.MultiDiGraph) -> None:
    """The page holds a task's sentence, document and section once, on its node: an edge whose evidence is
    its task's carries its own rows and taskTip, and its tooltip is all of them, in the order it always had."""
    els = elements(sample, views.overview(sample), load_style())
    by_id = {n["id"]: n for n in els.nodes}
    lead = {e["id"]: e for e in els.edges}[f"{actor('发展和改革委员会')}|牵头|{task_with(sample, SURVEY)}"]
    assert lead["taskTip"] is True and [k for k, _ in lead["tip"]] == ["角色", "主体", "原文写法"]
    task = dict(by_id[lead["to"]]["tip"])
    assert edge_tooltip(lead, by_id)[3:] == [["对象", task["任务"]], ["时限", task["时限"]], ["原文", task["原文"]],
                                            ["文件", task["文件"]], ["章节", task["章节"]]]


def test_an_edge_with_evidence_of_its_own_carries_all_of_it(sample: nx.MultiDiGraph) -> None:
    """A body named in another sentence than its task's (a 责任单位 line under the task) keeps that sentence."""
    g = sample.copy()
    u, v = actor("发展和改革委员会"), task_with(g, SURVEY)
    g.edges[u, v, S.LEAD]["sentence"] = "责任单位：区发改委。"
    els = elements(g, views.overview(g), load_style())
    lead = {e["id"]: e for e in els.edges}[f"{u}|牵头|{v}"]
    assert "taskTip" not in lead and dict(lead["tip"])["原文"] == "责任单位：区发改委。"
    assert edge_tooltip(lead, {n["id"]: n for n in els.nodes}) == lead["tip"]
