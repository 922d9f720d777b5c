"""The rows every format prints: order, bodies by role, each body's list, and name resolution."""
from __future__ import annotations

import pytest

from kg import schema as S
from kg.errors import InputError
from kg.export.rows import (BODY_COLUMNS, TASK_COLUMNS, body_table, evidence_table, read_tasks, resolve_body,
                            resolve_doc, select,
                            task_table, title_of)

from .conftest import GAP_TEXT


def test_tasks_in_document_order_with_bodies_joined_as_offices_write_them(small_graph):
    rows = task_table(read_tasks(small_graph).tasks)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    texts = [r[1] for r in rows]
    assert texts[0] == GAP_TEXT  # placed first in document 000
    assert texts.index("组织对辖区资源再次摸排，不断充实项目库") < texts.index("组织驻区商会、行业协会、外来投资商，举办一次我区产业发展及转型创新推介会")
    fair = rows[texts.index("组织驻区商会、行业协会、外来投资商，举办一次我区产业发展及转型创新推介会")]
    assert dict(zip(TASK_COLUMNS, fair)) | {"来源": ""} == {
        "序号": fair[0], "工作任务": "组织驻区商会、行业协会、外来投资商，举办一次我区产业发展及转型创新推介会",
        "牵头单位": "工商联", "责任单位": "", "配合单位": "商务局、工信局、科技局", "完成时限": "5月底前", "来源": "",
    }
    assert fair[6] == "《坚定信心  保持定力  稳中求进》（四）招商引资"
    evidence = evidence_table(read_tasks(small_graph).tasks)[fair[0] - 1]  # the 原文 of 序号 n
    assert evidence[0] == fair[0] and evidence[1] == fair[1]
    assert evidence[2].startswith("由工商联牵头，商务局、工信局、科技局等部门参与")


def test_each_body_list_has_its_role_and_the_other_bodies(small_graph):
    tl = read_tasks(small_graph)
    rows = [dict(zip(BODY_COLUMNS, r)) for r in body_table(tl.lists["商务局"])]
    assert [(r["工作任务"][:12], r["本单位职责"]) for r in rows] == [("对有意投资的外商进行梳理", "负责"), ("组织驻区商会、行业协会、", "参与")]
    assert rows[1]["牵头单位"] == "工商联"
    assert rows[1]["配合单位"] == "工信局、科技局"  # the others, not 商务局 itself


def test_a_body_written_three_ways_has_one_list_under_its_canonical_name(small_graph):
    tl = read_tasks(small_graph)
    names = [b.name for b in tl.bodies]
    assert "发改委" in names and "发改" not in names and "区发展和改革委员会" not in names
    assert set(tl.body("发改委").aliases) == {"发改", "区发展和改革委员会"}
    assert [r.roles for r in tl.lists["发改委"]] == [(S.LEAD,), (S.LEAD,), (S.RESPONSIBLE,)]


def test_tasks_without_a_leading_or_responsible_body_are_the_gaps(small_graph):
    gaps = read_tasks(small_graph).unassigned
    assert [t.text for t in gaps] == [GAP_TEXT, '=HYPERLINK("http://x")+1 @SUM(A1) -2 整理资金台账']


@pytest.mark.parametrize("query, name", [
    ("发改委", "发改委"), ("发改", "发改委"), ("区发展和改革委员会", "发改委"), ("工信", "工信局"),
    (" 商务局 ", "商务局"), ("服务业发展", "服务业发展局"),
])
def test_dept_matches_canonical_names_aliases_and_unique_prefixes(small_graph, query, name):
    assert resolve_body(read_tasks(small_graph), query) == name


def test_unknown_body_lists_the_closest_known_names(small_graph):
    with pytest.raises(InputError) as err:
        resolve_body(read_tasks(small_graph), "商务部")
    msg = str(err.value)
    assert "\n" not in msg and "商务部" in msg and "closest known" in msg
    assert msg.split("closest known: ")[1].split("、")[0] == "商务局"


def test_ambiguous_prefix_names_the_candidates(small_graph):
    with pytest.raises(InputError, match="ambiguous.*工信局.*工商联"):
        resolve_body(read_tasks(small_graph), "工")


def test_documents_resolve_by_id_or_prefix(small_graph):
    tl = read_tasks(small_graph)
    assert resolve_doc(tl, "000") == "000_4cb1776f1e65bea3"
    with pytest.raises(InputError, match="unknown document '999'; closest known"):
        resolve_doc(tl, "999")


def test_select_by_dept_role_and_doc(small_graph):
    tl = read_tasks(small_graph)
    sw = select(tl, dept="商务局", role=S.ASSIST)
    assert [b.name for b in sw.bodies] == ["商务局"]
    assert [t.text[:6] for t in sw.tasks] == ["组织驻区商会"]
    assert dict(sw.filters) == {"单位": "商务局", "职责": S.ASSIST}
    leads = select(tl, role=S.LEAD)
    assert all(t.lead for t in leads.tasks) and {b.name for b in leads.bodies} == {"发改委", "工商联"}
    assert all(S.LEAD in r.roles for rows in leads.lists.values() for r in rows)
    one = select(tl, doc="900")
    assert {t.doc for t in one.tasks} == {"900_made_up"} and title_of(one) == "全区项目引资工作推进会"
    assert select(tl, dept="商务局", role=S.LEAD).lists == {"商务局": ()}
    with pytest.raises(InputError, match="unknown role"):
        select(tl, role="主办")


def test_reading_is_pure_and_deterministic(small_graph):
    before = (small_graph.number_of_nodes(), small_graph.number_of_edges())
    assert read_tasks(small_graph) == read_tasks(small_graph.copy())
    assert (small_graph.number_of_nodes(), small_graph.number_of_edges()) == before


def test_a_saved_and_reloaded_graph_gives_the_same_lists(small_graph, tmp_path):
    graph_io = pytest.importorskip("kg.graph_io")
    graph_io.save_graph(small_graph, tmp_path / "graph.json")
    assert read_tasks(graph_io.load_graph(tmp_path / "graph.json")) == read_tasks(small_graph)


def test_a_body_a_convention_adds_to_an_item_comes_after_the_items_own_bodies():
    """以下均需地方各级人民政府落实，不再列出: in a later item's row the item's own bodies come first, in the
    order it names them, and the body the convention adds after them."""
    from kg.graph import build_graph
    from kg.model import Document
    from kg.pipeline import extract_document

    text = ("（一）建设社区食堂。每个街道建成1个。（民政部负责，地方各级人民政府负责落实。以下均需地方各级人民政府落实，"
            "不再列出）\n（二）发展助浴服务。培育专业机构。（商务部、民政部按职责分工负责）\n")
    g = build_graph([extract_document(Document(id="conv", text=text))])
    rows = {r.text: r for r in read_tasks(g).tasks}
    assert rows["发展助浴服务。培育专业机构"].responsible == ("商务部", "民政部", "地方各级人民政府")
    assert rows["建设社区食堂。每个街道建成1个"].responsible == ("民政部", "地方各级人民政府")
