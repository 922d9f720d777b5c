"""Policies and mechanisms: quoted names, slogans, titled documents and named systems."""
from __future__ import annotations

import pytest

from tests.entities.conftest import read_text


def policies(read, sentence=None) -> dict[str, str]:
    return {e.key: dict(e.attrs)["kind"] for e in read.of("Policy", sentence)}


@pytest.mark.parametrize("doc,fragment,key,kind", [
    ("002", "持续深化“放管服”改革", "“放管服”改革", "quoted"),
    ("003", "全方位持续深化“放管服”改革", "“放管服”改革", "quoted"),
    ("002", "制定出台全区招商引资优惠政策五十条", "招商引资优惠政策五十条", "named"),
    ("002", "深入贯彻“六稳”“六保”要求", "“六稳”", "slogan"),
    ("002", "深入贯彻“六稳”“六保”要求", "“六保”", "slogan"),
    ("003", "《关于进一步优化营商环境更好服务市场主体的实施方案》",
     "《关于进一步优化营商环境更好服务市场主体的实施方案》", "document"),
    ("003", "“五个一批”项目推进机制", "“五个一批”项目推进机制", "quoted"),
    ("003", "商事制度“多证合一”改革", "商事制度“多证合一”改革", "quoted"),
    ("001", "健全“楼宇管家”制度", "“楼宇管家”制度", "quoted"),
    ("000", "“三证合一”全面实施", "“三证合一”", "slogan"),
    ("000", "持续实施碧水蓝天工程", "碧水蓝天工程", "named"),
    ("000", "突出抓好机关事业单位养老制度改革", "机关事业单位养老制度改革", "named"),
])
def test_policies_of_the_corpus(corpus_read, doc, fragment, key, kind):
    r = corpus_read[doc]
    assert policies(r, r.sentence_with(fragment)).get(key) == kind


def test_the_same_policy_in_two_documents_has_one_key(corpus_read):
    assert "“放管服”改革" in policies(corpus_read["002"]) and "“放管服”改革" in policies(corpus_read["003"])


@pytest.mark.parametrize("sentence,key", [
    ("全面落实首席服务官制度。", "首席服务官制度"),
    ("全面推行河长制。", "河长制"),
    ('深化"放管服"改革。', "“放管服”改革"),
])
def test_named_systems(sentence, key):
    assert key in policies(read_text("t", sentence))


@pytest.mark.parametrize("sentence", [
    "要完善工作机制，强化优惠政策的宣传。",
    "帮助企业了解、熟悉、利用优惠政策。",
    "打通基层服务最后“一公里”。",
    "一些干部缺乏“拼”的精神。",
])
def test_common_nouns_and_emphasis_are_not_policies(sentence):
    assert policies(read_text("t", sentence)) == {}


def test_built_work_is_a_project_not_a_policy():
    r = read_text("t", "要加快城东污水处理厂扩建工程建设，持续实施碧水蓝天工程。")
    assert "城东污水处理厂扩建工程" not in policies(r)
    assert "碧水蓝天工程" in policies(r)
    assert {e.name for e in r.of("Project")} == {"城东污水处理厂扩建工程"}
