"""Indicators and their stated values, on real corpus sentences and on sentences of the same shape."""
from __future__ import annotations

import pytest

from kg.entities.indicators import lexicon
from tests.entities.conftest import read_text

TARGETS_2020 = ["地区生产总值", "规模以上工业增加值", "社会消费品零售总额", "固定资产投资", "服务业增加值",
                "地方财政一般预算收入"]


def measures(read, sentence=None) -> list[dict]:
    return [dict(e.attrs) | {"_written": read.written(e), "_name": e.name} for e in read.of("Measure", sentence)]


def test_every_indicator_of_the_2020_target_sentence_has_a_2020_target(corpus_read):
    r = corpus_read["000"]
    s = r.sentence_with("地方财政一般预算收入增长X%")
    assert {e.key for e in r.of("Indicator", s)} == set(TARGETS_2020)
    ms = {m["indicator"]: m for m in measures(r, s)}
    assert set(ms) == set(TARGETS_2020)
    for key, m in ms.items():
        assert (m["kind"], m["year"], m["metric"], m["unit"]) == ("target", 2020, "growth", "%"), key
        assert m["value"] == m["_written"] == "增长X%"
        assert m["number"] is None  # redacted: unknown, never zero


def test_bare_values_after_a_target_sentence_are_targets_of_the_same_year(corpus_read):
    r = corpus_read["000"]
    s = r.sentence_with("引进省外境内资金增长X%")
    ms = {m["indicator"]: m for m in measures(r, s)}
    assert set(ms) == {"引进省外境内资金", "实际利用外资", "城镇居民人均可支配收入"}
    assert {(m["kind"], m["year"]) for m in ms.values()} == {("target", 2020)}


def test_last_years_actuals_are_dated_by_their_paragraph(corpus_read):
    r = corpus_read["000"]
    s = r.sentence_with("全年预计完成生产总值X亿元")
    ms = measures(r, s)
    assert [(m["indicator"], m["metric"], m["value"]) for m in ms] == [
        ("地区生产总值", "amount", "X亿元"), ("地区生产总值", "growth", "同比增长X%")]
    assert {(m["kind"], m["year"], m["period"], m["estimated"]) for m in ms} == {("actual", 2019, "全年", True)}
    nxt = measures(r, r.sentence_with("规模以上工业增加值X亿元，同比增长X%"))
    assert {(m["kind"], m["year"], m["period"]) for m in nxt} == {("actual", 2019, "全年")}


def test_values_after_fenbie_go_to_the_members_of_the_list_in_order(corpus_read):
    r = corpus_read["003"]
    s = r.sentence_with("住宿餐饮业营业额分别同比增长")
    got = [(m["indicator"], m["_written"]) for m in measures(r, s) if m["indicator"] != "实际利用外资"]
    assert got[:3] == [("批发零售业商品销售额", "同比增长XX%"), ("社会消费品零售总额", "XX%"),
                       ("住宿餐饮业营业额", "XX%")]
    s2 = r.sentence_with("工业投资分别同比增长")
    assert [(m["indicator"], m["_written"]) for m in measures(r, s2)] == [
        ("服务业增加值", "同比增长XX%"), ("项目投资", "XX%"), ("工业投资", "XX%")]


def test_a_stated_number_is_read_with_its_unit_and_period(corpus_read):
    r = corpus_read["003"]
    s = r.sentence_with("全区固投完成XX亿元")
    ms = measures(r, s)
    assert [(m["indicator"], m["metric"], m["number"], m["unit"], m["period"]) for m in ms] == [
        ("固定资产投资", "amount", None, "亿元", "一季度"), ("固定资产投资", "growth", 49.0, "%", "一季度")]


def test_continued_values_of_one_indicator(corpus_read):
    r = corpus_read["002"]
    ms = measures(r, r.sentence_with("工业用电量X月份增长X%"))
    assert [m["indicator"] for m in ms] == ["工业用电量"] * 3


@pytest.mark.parametrize("text,key", [
    ("生产总值", "地区生产总值"), ("GDP", "地区生产总值"), ("地区生产总值", "地区生产总值"),
    ("规上工业增加值", "规模以上工业增加值"), ("规模以上工业增加值", "规模以上工业增加值"),
    ("一般公共预算收入", "一般公共预算收入"), ("地方财政一般预算收入", "地方财政一般预算收入"),
    ("财政总收入", "财政总收入"), ("全社会固定资产投资", "固定资产投资"), ("第三产业增加值", "服务业增加值"),
    ("城乡居民人均可支配收入", "城乡居民人均可支配收入"), ("实际利用外资", "实际利用外资"),
])
def test_aliases_resolve_to_one_indicator(text, key):
    r = read_text("t", f"今年{text}增长6.5%左右。")
    assert [e.key for e in r.of("Indicator")] == [key]
    assert [r.written(e) for e in r.of("Indicator")] == [text]


def test_budget_revenues_stay_distinct():
    keys = {lexicon().by_alias[x] for x in ("一般公共预算收入", "地方财政一般预算收入", "财政总收入")}
    assert len(keys) == 3


@pytest.mark.parametrize("sentence,expected", [
    ("2021年经济社会发展的主要预期目标是：地区生产总值增长6.5%左右。",
     [("地区生产总值", "target", "growth", 6.5, "%", "左右", 2021, "增长6.5%左右")]),
    ("力争规模以上工业增加值增长不低于8%。",
     [("规模以上工业增加值", "target", "growth", 8.0, "%", "不低于", None, "增长不低于8%")]),
    ("上半年，一般公共预算收入完成3.6亿元，同比增长4.1%。",
     [("一般公共预算收入", "actual", "amount", 3.6, "亿元", None, None, "完成3.6亿元"),
      ("一般公共预算收入", "actual", "growth", 4.1, "%", None, None, "同比增长4.1%")]),
    ("社会消费品零售总额同比下降X%。",
     [("社会消费品零售总额", "actual", "growth", None, "%", None, None, "同比下降X%")]),
])
def test_values_as_stated(sentence, expected):
    r = read_text("t", sentence)
    got = [(m["indicator"], m["kind"], m["metric"], m["number"], m["unit"], m["qualifier"], m["year"], m["value"])
           for m in measures(r)]
    assert got == expected
    assert all(m["value"] == m["_written"] for m in measures(r))


def test_period_of_a_half_year_actual():
    r = read_text("t", "上半年，一般公共预算收入完成3.6亿元，同比增长4.1%。")
    assert {m["period"] for m in measures(r)} == {"上半年"}


def test_an_indicator_named_without_a_value_has_no_measure(corpus_read):
    r = corpus_read["000"]
    s = r.sentence_with("固定资产投资、社会消费品零售总额增幅在全市排名不靠前")
    assert {e.key for e in r.of("Indicator", s)} == {"固定资产投资", "社会消费品零售总额"}
    assert measures(r, s) == []


def test_every_measure_is_its_text_as_written(corpus_read):
    for r in corpus_read.values():
        for e in r.of("Measure"):
            a = dict(e.attrs)
            assert a["value"] == r.written(e)
            if "X" in a["value"] or "x" in a["value"]:
                assert a["number"] is None
