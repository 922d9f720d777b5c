"""Projects: facilities, named works, listed and counted groups, on real corpus sentences."""
from __future__ import annotations

import pytest

from kg.entities.projects import is_built_work
from tests.entities.conftest import read_text


def projects(read, sentence=None) -> dict[str, dict]:
    return {e.name: dict(e.attrs) | {"_key": e.key} for e in read.of("Project", sentence)}


@pytest.mark.parametrize("name", ["大唐新电", "浩吉铁路", "生态环境产业园", "新钢产业园", "袁河梯级开发", "煤储基地"])
def test_the_listed_projects_of_002_are_projects(corpus_read, name):
    r = corpus_read["002"]
    s = r.sentence_with("大唐新电、浩吉铁路")
    assert name in projects(r, s)


@pytest.mark.parametrize("sector", ["物流产业", "硅灰石产业"])
def test_sectors_in_a_project_list_are_not_projects(corpus_read, sector):
    r = corpus_read["002"]
    assert sector not in projects(r, r.sentence_with("大唐新电、浩吉铁路"))


@pytest.mark.parametrize("fragment,name,kind", [
    ("X科技园二期建成", "X科技园二期", "facility"),
    ("220KV变电站正在施工", "220KV变电站", "facility"),
    ("X路110KV变电站开工建设", "X路110KV变电站", "facility"),
    ("谷水220KV变电站等工程建设", "谷水220KV变电站", "facility"),
    ("大学科技园、清华启迪科技园为主体", "清华启迪科技园", "facility"),
])
def test_named_facilities_keep_their_placeholders(corpus_read, fragment, name, kind):
    r = corpus_read["000"]
    got = projects(r, r.sentence_with(fragment))
    assert got[name]["kind"] == kind
    assert got[name]["_key"] == name


@pytest.mark.parametrize("doc,fragment,name,count,members", [
    ("000", "X等10个项目要确保", "X等10个项目", 10, ["X"]),
    ("000", "X等14个改造项目开工", "X等14个改造项目", 14, ["X"]),
    ("000", "6所小学新建、扩建工程的相关手续", "6所小学新建、扩建工程", 6, []),
    ("000", "X小学等6所小学新（扩）建工程", "X小学等6所小学新(扩)建工程", 6, ["X小学"]),
    ("003", "XX个省级重点项目完成投资", "XX个省级重点项目", None, []),
    ("002", "加快推进x等新项目建设投产", "x等新项目", None, ["x"]),
])
def test_counted_groups_carry_their_count(corpus_read, doc, fragment, name, count, members):
    r = corpus_read[doc]
    got = projects(r, r.sentence_with(fragment))
    assert (got[name]["kind"], got[name]["count"], got[name]["members"]) == ("group", count, members)
    assert got[name]["_key"] == f"{r.doc.id}:{name}"  # a group is a statement of one document


def test_members_of_a_group_are_projects_but_its_inner_words_are_not(corpus_read):
    r = corpus_read["000"]
    got = projects(r, r.sentence_with("X小学、X实验小学等X所小学的改扩建工程"))
    assert {"X小学", "X实验小学"} <= set(got)
    assert "改扩建工程" not in got


@pytest.mark.parametrize("sentence,name,count", [
    ("要加快城东污水处理厂扩建工程建设。", "城东污水处理厂扩建工程", None),
    ("今年实施42个省市县重点项目。", "42个省市县重点项目", 42),
    ("推进X科技园二期项目建设。", "X科技园二期项目", None),
])
def test_shapes_of_the_issue(sentence, name, count):
    got = projects(read_text("t", sentence))
    assert name in got
    assert got[name].get("count") == count


@pytest.mark.parametrize("sentence", [
    "要推进重大项目实施。",
    "确保更多重大项目进入全省、全市大盘子。",
    "完善工作机制，狠抓项目落地。",
    "加快推进高科技企业孵化基地建设。",
])
def test_common_nouns_are_not_projects(sentence):
    assert projects(read_text("t", sentence)) == {}


def test_same_name_is_one_key_in_two_documents(corpus_read):
    a = projects(corpus_read["000"])["清华启迪科技园"]["_key"]
    b = projects(corpus_read["004"])["清华启迪科技园"]["_key"]
    assert a == b == "清华启迪科技园"


def test_a_programme_is_not_built_work():
    assert is_built_work("城东污水处理厂扩建")
    assert not is_built_work("碧水蓝天")


def test_every_project_is_its_text_as_written(corpus_read):
    for r in corpus_read.values():
        for e in r.of("Project"):
            assert e.name.replace("(", "（").replace(")", "）") == r.written(e).replace(" ", "") \
                or e.name == r.written(e)
