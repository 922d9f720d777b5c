"""Actor lists (kg.extract.mentions.actor_list_at) on the normalised text: which elements, with exact spans.

The phrases are written for these tests in the forms of official writing: a list of levels before a
government or before stems, a body's head as a person, a person's name after a title.
"""
from __future__ import annotations

import pytest

from kg.extract.mentions import actor_list_at
from kg.extract.structure import normalize


def _elements(text: str) -> list[tuple[str, str]]:
    t = normalize(text)
    al = actor_list_at(t, 0, len(t))
    return [] if al is None else [(text[e.start:e.end], e.kind) for e in al.elements]


@pytest.mark.parametrize("text, want", [
    # an internal unit of a body's own plan, after its parent: one body
    ("县卫健局医政股负责医疗质量监管。", [("县卫健局医政股", "department")]),
    ("（责任单位：市教育局机关党委）", []),  # a bracket is no list; its inside is, below
    ("市教育局机关纪委、各县区教育局负责。", [("市教育局机关纪委", "department"), ("各县区教育局", "collective")]),
    ("区财政局国库科牵头，区税务局配合。", [("区财政局国库科", "department")]),
    # a section of a body's own plan, by its shape (牵头科室：基础教育科), but no word ending in 科 or 股
    ("基础教育科、安全科配合。", [("基础教育科", "department"), ("安全科", "department")]),
    ("医政股负责。", [("医政股", "department")]),
    ("重点学科要加强建设。", []),
    ("国有控股企业要加强管理。", []),
    # … but no predicate is a unit's name, nor a body joined by 或
    ("区教育局要加强学科建设。", [("区教育局", "department")]),
    ("区教育局加强学科，提升质量。", [("区教育局", "department")]),
    # a verb of request before a level is no place (建议县人民政府 is no body named 建议县)
    ("建议县人民政府加大投入。", []),
    # a name joined by 和 inside it (粮食和物资储备), one body; but not before a generic body's name
    ("县粮食和物资储备中心要做好储备。", [("县粮食和物资储备中心", "department")]),
    ("有关机场和飞行管制部门应当予以配合。", []),  # never the one body 有关机场和飞行管制部门
    # a body's head written by name after it: one person
    ("县商务局李局长要亲自抓招商。", [("县商务局李局长", "person")]),
    ("县商务局局长李某要亲自抓招商。", [("县商务局局长李某", "person")]),
    # a level written with its bracketed variants (区（市）县 as 成都 writes it): each body of it, one collective
    ("各区（市）县卫生健康局要加强宣传。", [("各区（市）县卫生健康局", "collective")]),
    ("区（市）县人民政府负责组织实施。", [("区（市）县人民政府", "collective")]),
    # levels joined before a government: one collective, as written
    ("各省、自治区、直辖市人民政府要加强领导。", [("各省、自治区、直辖市人民政府", "collective")]),
    ("省、市、县人民政府应当加强协调。", [("省、市、县人民政府", "collective")]),
    # one body at each of the levels: one collective as written
    ("省辖市、县（市）气象主管机构应当制定作业计划。", [("省辖市、县（市）气象主管机构", "collective")]),
    # before several bodies, the levels are their shared place; the bodies are the items as written
    ("省、自治区、直辖市发展改革、粮食和商务部门，应当立即核实。",
     [("发展改革", "department"), ("粮食", "department"), ("商务", "department")]),
    # a body's head is a person; after a list, the heads of all of its bodies
    ("各成员单位主要负责人要靠前指挥。", [("各成员单位主要负责人", "person")]),
    ("各责任单位和配合单位主要负责人要亲自抓。", [("各责任单位和配合单位主要负责人", "person")]),
    # a person's name after the title, ending before the modal (not 张某要)
    ("分管副区长张强负责统筹协调。", [("分管副区长张强", "person")]),
    ("常务副县长张某要统筹协调。", [("常务副县长张某", "person")]),
    ("副县长王小明要统筹协调。", [("副县长王小明", "person")]),
    # titles joined by 、 before one name are one person; two named persons stay two
    ("县委常委、常务副县长张某要统筹协调。", [("县委常委、常务副县长张某", "person")]),
    ("副县长张某、副县长李某要统筹协调。", [("副县长张某", "person"), ("副县长李某", "person")]),
    # 负责 + 人工…, 负责 + 人员… are no heads
    ("县气象主管机构负责人工影响天气作业。", [("县气象主管机构", "department")]),
    # a head named by title after the body is a person; 局长办公会 is a meeting
    ("区住建局局长要亲自抓。", [("区住建局局长", "person")]),
    ("区财政局局长办公会研究了预算。", [("区财政局", "department")]),
    # a branch named by its place, before a verb that opens the predicate
    ("人民银行区支行建立银企对接机制。", [("人民银行区支行", "department")]),
    # an office a body set up (下设), and a name that ends before 设在 and 参加
    ("办公室设在区水务局。", [("办公室", "department")]),
    ("区公路事务中心参加。", [("区公路事务中心", "department")]),
    # a government and the body it sets up are two names: 成立 ends the first and never opens the second
    ("县政府成立县防汛抗旱指挥部。", [("县政府", "collective")]),
    ("县人民政府成立县防汛抗旱指挥部。", [("县人民政府", "collective")]),
    # a place qualifier before a level's governments is part of the collective, as written
    ("受灾县（市、区）人民政府要组织转移。", [("受灾县（市、区）人民政府", "collective")]),
    # a unit the lexicon knows, named after its parent body without a level of its own
    ("县纪委监委派驻纪检监察组要加强监督。", [("县纪委监委派驻纪检监察组", "department")]),
    # a named town or district in a list of bodies is its government; alone it is no actor
    ("县城管局、城关镇要加强巡查。", [("县城管局", "department"), ("城关镇", "department")]),
    ("城关镇要加强巡查。", []),
    # a government and its own departments (及其有关部门), each as written
    ("区人民政府及其有关部门应当加强指导。", [("区人民政府", "collective"), ("其有关部门", "collective")]),
    ("市、区人民政府及其有关部门应当加强指导。", [("市、区人民政府", "collective"), ("其有关部门", "collective")]),
    # a bank named by its shape
    ("某某农商银行要加大涉农贷款投放。", [("某某农商银行", "department")]),
    # a verb before a body opens no place: 明确县 is no place, so no body starts at 明确
    ("明确县住建局为责任单位。", []),
])
def test_actor_list(text, want):
    assert _elements(text) == want
