"""Every output shows a body as its documents write it, with its level: sheets, task lists, metadata,
``--dept`` and the HTML pages (issue: 区发改局 stays 区发改局).

Two short district speeches of our own: one of 2020 that writes 发改委, one of 2022 that writes 区发改局,
both naming the city's 市发改委, a 中心 beside a 局, branches and units, and a body outside the lexicon.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from kg.errors import InputError
from kg.export import write_default, write_tasks
from kg.export.rows import read_tasks, resolve_body
from kg.graph import actor_named, build_graph
from kg.model import Document
from kg.pipeline import extract_document
from kg.viz import write_all
from tests.viz.samples import page_data

Y2020 = (
    "在2020年全区经济工作会议上的讲话\n同志们：\n全区上下要团结一致，全区要抓好落实。\n"
    "发改委要牵头抓好项目谋划，市发改委负责业务指导。\n"
    "由商务局负责外贸促进工作。\n"
)
Y2022 = (
    "在2022年全区经济工作会议上的讲话\n同志们：\n全区上下要团结一致，全区要抓好落实。\n"
    "区发改局要加强项目调度。\n"
    "投资促进中心负责招商引资，商务局配合。\n"
    "区公安分局刑警大队负责打击电信网络诈骗。\n"
    "市公安局交通管理支队负责道路交通管控。\n"
    "市公安局要加强社会治安防控。\n"
    "区政务服务和数据管理局负责优化审批流程。\n"
)


@pytest.fixture(scope="module")
def graph():
    return build_graph([extract_document(Document(id=i, text=t)) for i, t in (("y2020", Y2020), ("y2022", Y2022))])


def test_a_district_that_writes_one_body_two_ways_has_one_body_with_both_names(graph):
    d = graph.nodes[actor_named(graph, graph.nodes[_node(graph, "区发改")]["name"])]
    assert {"发改委", "区发改局"} <= set(d["aliases"]) and d["docs"] == ["y2020", "y2022"]
    assert d["level"] == "区" and d["name"] in ("区发改委", "区发改局")
    city = graph.nodes[actor_named(graph, "市发改委")]
    assert city["level"] == "市" and city["docs"] == ["y2020"]


def _node(g, prefix: str) -> str:
    (n,) = [n for n, d in g.nodes(data=True) if d.get("label") == "Actor" and d["name"].startswith(prefix)]
    return n


def test_units_are_part_of_their_parents(graph):
    unit = actor_named(graph, "市公安局交通管理支队")
    assert [v for _, v, k in graph.out_edges(unit, keys=True) if k == "PART_OF"] == [actor_named(graph, "市公安局")]
    squad = actor_named(graph, "区公安分局刑警大队")
    assert [graph.nodes[v]["name"] for _, v, k in graph.out_edges(squad, keys=True) if k == "PART_OF"] == ["区公安分局"]


def test_sheets_and_metadata_name_bodies_as_written(graph, tmp_path: Path):
    xlsx, _ = write_default(graph, tmp_path)
    wb = load_workbook(xlsx)
    names = set(wb.sheetnames)
    assert {"区商务局", "市发改委", "区投资促进中心", "区公安分局刑警大队", "市公安局交通管理支队",
            "区政务服务和数据管理局"} <= names
    assert not names & {"发改委", "投资促进局", "公安局", "商务局"}
    meta = {r[0]: r for r in wb["元数据"].iter_rows(values_only=True) if r and r[0]}
    assert meta["市发改委"][3] == "市" and meta["区商务局"][3] == "区"
    total = [r for r in wb["总表"].iter_rows(values_only=True)]
    assert any(r[3] == "区投资促进中心" and r[4] == "区商务局" and r[1] == "招商引资" for r in total)


@pytest.mark.parametrize("query, body", [
    ("区商务局", "区商务局"),
    ("商务局", "区商务局"),  # without its level word
    ("发改局", None),  # a form written in 2022: the district's body
    ("市发改委", "市发改委"),
    ("区投资", "区投资促进中心"),  # a unique prefix
    ("政务服务和数据管理局", "区政务服务和数据管理局"),
])
def test_dept_takes_any_written_form(graph, query, body):
    tl = read_tasks(graph)
    expected = body or graph.nodes[_node(graph, "区发改")]["name"]
    assert resolve_body(tl, query) == expected


def test_dept_names_every_body_a_name_could_mean(graph):
    with pytest.raises(InputError) as e:
        resolve_body(read_tasks(graph), "发改")
    assert "ambiguous" in str(e.value) and "市发改委" in str(e.value) and "区发改" in str(e.value)


def test_a_body_list_is_named_as_written(graph, tmp_path: Path):
    (path,) = write_tasks(graph, "csv", tmp_path, dept="商务局")
    assert path.name == "区商务局任务清单.csv"
    text = path.read_text(encoding="utf-8-sig")
    assert "外贸促进工作" in text and "区投资促进中心" in text


def test_html_pages_label_bodies_as_written(graph, tmp_path: Path):
    paths = write_all(graph, tmp_path / "viz")
    pages = {p.relative_to(tmp_path / "viz").as_posix() for p in paths}
    assert {"dept/区商务局.html", "dept/市发改委.html", "dept/区投资促进中心.html"} <= pages
    data = page_data(tmp_path / "viz" / "doc" / "y2022.html")
    labels = {n.get("name") for n in data["nodes"] if n.get("kind") != "task"}
    assert {"区投资促进中心", "区商务局", "市公安局交通管理支队"} <= labels
    assert "投资促进局" not in labels


def test_neo4j_import_carries_levels_and_part_of(graph, tmp_path: Path):
    from kg.export.neo4j_import import write_neo4j_import

    from .test_neo4j_import import read_import

    write_neo4j_import(graph, tmp_path / "imp")
    nodes, rels, _ = read_import(tmp_path / "imp")
    part_of = {(nodes[a]["name"], nodes[b]["name"]) for a, b, t, _ in rels if t == "PART_OF"}
    assert ("市公安局交通管理支队", "市公安局") in part_of and ("区公安分局刑警大队", "区公安分局") in part_of
    assert {n["level"] for n in nodes.values() if n.get("name") in ("市公安局", "区商务局")} == {"市", "区"}


def test_a_document_page_names_bodies_as_that_document_writes_them(graph, tmp_path: Path):
    write_all(graph, tmp_path / "viz")

    def names(doc: str) -> set[str]:
        return {n.get("name") for n in page_data(tmp_path / "viz" / "doc" / f"{doc}.html")["nodes"]}

    assert "区发改委" in names("y2020") and "区发改局" not in names("y2020")
    assert "区发改局" in names("y2022") and "区发改委" not in names("y2022")
