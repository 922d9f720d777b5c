"""Naming (kg.extract.naming): a body is its jurisdiction plus the body, shown as the document writes it.

The texts are written for these tests: a district's speech naming bodies of two levels, branches and
units, a body outside the lexicon and a public institution next to the bureau it is not; a State
Council opinion; a letter that never says which level it speaks for.
"""
from __future__ import annotations

import pytest

from kg.extract.naming import jurisdiction_of
from kg.model import Document
from kg.pipeline import extract_document

DISTRICT = (
    "全区上下要团结一致，全区要抓好落实。\n"
    "区发改局要牵头抓好项目谋划，市发改委负责业务指导。\n"
    "发改局要加强项目调度。\n"
    "区公安分局刑警大队负责打击电信网络诈骗。\n"
    "市公安局交通管理支队负责道路交通管控。\n"
    "市公安局要加强社会治安防控。\n"
    "投资促进中心负责招商引资，商务局配合。\n"
    "区政务服务和数据管理局负责优化审批流程。\n"
    "规划分局负责项目用地审批。\n"
    "区规划局要加强规划指导。\n"
)


def _by_mention(text: str, doc: str = "d") -> dict[str, object]:
    r = extract_document(Document(id=doc, text=text))
    return {a.mention: a for a in r.assignments}


@pytest.fixture(scope="module")
def district():
    return _by_mention(DISTRICT)


@pytest.mark.parametrize("mention, org, level", [
    ("区发改局", "区发改局", "区"),
    ("发改局", "区发改局", "区"),  # a body written without its level word takes the district's
    ("市发改委", "市发改委", "市"),
    ("商务局", "区商务局", "区"),
    ("投资促进中心", "区投资促进中心", "区"),  # a 中心 is not the 局
    ("区政务服务和数据管理局", "区政务服务和数据管理局", "区"),  # outside the lexicon, read whole
    ("区公安分局刑警大队", "区公安分局刑警大队", "区"),
    ("市公安局交通管理支队", "市公安局交通管理支队", "市"),
    ("规划分局", "区规划分局", "区"),
])
def test_names_are_shown_as_written_with_their_level(district, mention, org, level):
    a = district[mention]
    assert (a.org, a.level) == (org, level)


def test_one_body_written_two_ways_is_one_body_and_two_levels_are_two(district):
    assert district["区发改局"].key == district["发改局"].key
    assert district["区发改局"].key != district["市发改委"].key
    assert district["投资促进中心"].key != district["商务局"].key


def test_a_unit_written_after_its_parent_is_part_of_it(district):
    unit = district["市公安局交通管理支队"]
    assert unit.parent == district["市公安局"].key and unit.parent_org == "市公安局"
    assert unit.key != unit.parent
    squad = district["区公安分局刑警大队"]
    assert squad.parent_org == "区公安分局" and squad.parent.endswith("@区")


def test_a_lexicon_branch_is_part_of_its_organ_when_the_document_names_both(district):
    branch = district["规划分局"]
    assert branch.key != district["区规划局"].key
    assert branch.parent == district["区规划局"].key and branch.parent_org == "区规划局"


def test_a_branch_whose_organ_the_document_does_not_name_has_no_parent():
    a = _by_mention("全区上下要团结一致，全区要抓好落实。\n规划分局负责项目用地审批。\n")["规划分局"]
    assert (a.org, a.parent) == ("区规划分局", "")


def test_a_bare_office_is_the_office_of_the_body_that_set_it_up():
    """X下设办公室: the bare 办公室 after it is X's office, shown as the document writes it (办公室) and
    named X办公室, a part of X (a leading group read as a body of its own too)."""
    text = ("区森林防火指挥部下设办公室，负责指挥部日常工作。办公室设在区应急管理局。\n"
            "办公室要加强值班值守。\n"
            "区乡村振兴工作领导小组下设办公室，承担领导小组日常工作。\n")
    r = extract_document(Document(id="d", text=text))
    got = [(a.mention, a.org, a.parent_org, a.task) for a in r.assignments]
    assert got == [("办公室", "区森林防火指挥部办公室", "区森林防火指挥部", "指挥部日常工作"),
                   ("办公室", "区森林防火指挥部办公室", "区森林防火指挥部", "加强值班值守"),
                   ("办公室", "区乡村振兴工作领导小组办公室", "区乡村振兴工作领导小组", "领导小组日常工作")]


REPLY = (
    "关于某建议的答复\n"
    "区交通运输局：\n"
    "你局《关于商请支持公交首末站建设的函》收悉。经研究，答复如下：\n"
    "我局将联合各街道办事处，利用边角空地建设公交首末站。\n"
    "请你局会同区公安分局优化周边交通组织。\n"
    "区住房和城乡建设局\n"
    "2025年6月10日\n"
)


def test_a_letter_names_you_and_us_by_its_addressee_and_its_signature():
    """你局 is the body of the addressee line, 我局 the body that signs; both shown as written (mention)."""
    r = extract_document(Document(id="d", text=REPLY))
    got = [(a.mention, a.org, a.role, a.task) for a in r.assignments]
    assert got == [("我局", "区住房和城乡建设局", "牵头", "利用边角空地建设公交首末站"),
                   ("各街道办事处", "各街道办事处", "参与", "利用边角空地建设公交首末站"),
                   ("你局", "区交通运输局", "牵头", "优化周边交通组织"),
                   ("区公安分局", "区公安分局", "参与", "优化周边交通组织")]


def test_a_speech_by_a_bureau_gives_itself_no_task():
    text = "同志们，今年我们要抓好三项工作。\n我局要会同区财政局做好资金保障。\n区城管局要加强市容整治。\n"
    r = extract_document(Document(id="d", text=text))
    assert [(a.mention, a.role) for a in r.assignments] == [("区财政局", "参与"), ("区城管局", "负责")]


def test_a_state_council_opinion_speaks_for_the_state():
    text = ("国务院关于推进某项工作的意见\n国发〔2030〕1号\n\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
            "（一）完善支持政策。商务部牵头，发展改革委、财政部配合。\n")
    got = _by_mention(text)
    assert {m: (a.org, a.level) for m, a in got.items()} == {
        "商务部": ("商务部", "国家"), "发展改革委": ("发展改革委", "国家"), "财政部": ("财政部", "国家")}


def test_a_body_of_unknown_level_stays_unresolved():
    a = _by_mention("由商务局负责外贸促进工作。")["商务局"]
    assert (a.org, a.level, a.key) == ("商务局", "", "商务@")


def test_a_named_place_is_the_jurisdiction():
    got = _by_mention("由四川省发展改革委牵头，成都市发展改革委配合，做好统筹工作。")
    a, b = got["四川省发展改革委"], got["成都市发展改革委"]
    assert (a.org, a.level, a.place) == ("四川省发展改革委", "省", "四川省")
    assert (b.org, b.level, b.place) == ("成都市发展改革委", "市", "成都市")
    assert a.key != b.key


def test_an_abbreviation_alone_takes_the_name_of_its_level():
    got = _by_mention("为做好防灾工作，制定本办法。本省行政区域内的防灾工作，适用本办法。"
                      "全省各级要加强领导，我省各地要抓好落实。\n省公安、民政、财政等部门按照各自职责做好相关工作。")
    assert {m: a.org for m, a in got.items()} == {"省公安": "省公安厅", "民政": "省民政厅", "财政": "省财政厅"}


@pytest.mark.parametrize("prefix, expected", [
    ("区", ("区", "区", "")),
    ("省级", ("省", "省", "")),
    ("国务院", ("国家", "国家", "")),
    ("四川省", ("四川省", "省", "四川省")),
    ("县级以上", ("县级以上", "县级以上", "")),
    ("", ("", "", "")),
])
def test_jurisdiction_of_a_level_word(prefix, expected):
    assert jurisdiction_of(prefix) == expected


def test_a_name_is_shown_with_the_marks_the_document_writes():
    # read half-width, shown as written: the same body in both documents, each shown its own way
    full = _by_mention("各县（市、区）人民政府要加强巡查。\n", "full")
    half = _by_mention("各县(市、区)人民政府要加强巡查。\n", "half")
    a, b = full["各县（市、区）人民政府"], half["各县(市、区)人民政府"]
    assert (a.org, b.org) == ("各县（市、区）人民政府", "各县(市、区)人民政府")
    assert a.key == b.key


def test_a_persons_name_after_the_title_is_part_of_the_actor():
    got = _by_mention("分管副区长张强负责统筹协调，区委书记李明要亲自抓。\n")
    assert {m: (a.org, a.org_kind, a.task) for m, a in got.items()} == {
        "分管副区长张强": ("分管副区长张强", "person", "统筹协调"),
        "区委书记李明": ("区委书记李明", "person", "亲自抓"),
    }


PROVINCE = ("河北省人民政府办公厅关于加快冷链物流发展的通知\n"
            "一、河北省商务厅要牵头制定冷链物流发展规划。\n"
            "二、省商务厅要会同省交通运输厅做好冷链网点布局。\n"
            "三、商务厅负责建立冷链物流统计制度。\n")


def test_a_bare_level_word_is_the_place_the_title_speaks_for():
    """省商务厅 of 河北省's document is 河北省商务厅 (one body, not two), shown as the document writes it."""
    r = extract_document(Document(id="p", text=PROVINCE))
    keys = {a.mention: a.key for a in r.assignments}
    assert keys["河北省商务厅"] == keys["省商务厅"] == keys["商务厅"]
    assert {a.place for a in r.assignments} == {"河北省"}
    assert {a.mention for a in r.assignments} == {"河北省商务厅", "省商务厅", "省交通运输厅", "商务厅"}


@pytest.mark.parametrize("title", ["关于加快冷链物流发展的通知",              # the title names no place
                                   "河北省、山西省商务厅关于冷链物流协作的通知"])  # or two at the level
def test_without_one_place_in_the_title_a_bare_level_word_stays_as_it_is(title):
    text = PROVINCE.replace("河北省人民政府办公厅关于加快冷链物流发展的通知", title)
    keys = {a.mention: a.key for a in extract_document(Document(id="p", text=text)).assignments}
    assert keys["河北省商务厅"] != keys["省商务厅"]
