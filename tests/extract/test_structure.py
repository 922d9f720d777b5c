"""Headings, sentences and section paths, with offsets into the original text."""
from __future__ import annotations

from kg.extract.structure import normalize, parse, split_sentences


def test_normalize_keeps_length_and_maps_full_width():
    s = "（一）ＡＢＣ１２３，全角　空格"
    n = normalize(s)
    assert len(n) == len(s) and n.startswith("(一)ABC123,")


def test_a_label_in_lenticular_brackets_is_normalised_to_a_label_of_its_own_and_any_other_to_a_bracket():
    s = "推进项目储备。【责任单位】县发改局【完成时限】年底前；【县商务局】开展活动"
    n = normalize(s)
    assert len(n) == len(s)
    assert n == "推进项目储备。;责任单位:县发改局;完成时限:年底前;(县商务局)开展活动"


def test_corpus_headings_and_section_path(corpus_dir):
    text = (corpus_dir / "000_4cb1776f1e65bea3.txt").read_text(encoding="utf-8")
    headings, sentences = parse("000", text)
    markers = [h.marker for h in headings]
    assert markers[:2] == ["一、", "（一）"]
    s = next(s for s in sentences if "对有意投资的外商进行梳理" in s.text)
    assert s.section == ("四、抓好二季度，实现稳增长", "（四）招商引资")
    assert s.section_path == "四、抓好二季度，实现稳增长 › （四）招商引资"
    for x in sentences:
        assert text[x.start:x.end] == x.text


def test_spoken_enumerations_head_their_paragraph(corpus_dir):
    text = (corpus_dir / "001_177e88a12f372c66.txt").read_text(encoding="utf-8")
    headings, _ = parse("001", text)
    assert any(h.marker == "一是" and h.level == 5 for h in headings)
    assert any(h.marker == "一要" for h in (parse("003", (corpus_dir / "003_6c3e1b456d51acac.txt").read_text(encoding="utf-8"))[0]))


def test_sentences_end_at_chinese_marks_but_not_inside_brackets():
    text = "一是由A负责；二是由B负责。建立平台（牵头单位：C；配合单位：D）。好！"
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans == ["一是由A负责；", "二是由B负责。", "建立平台（牵头单位：C；配合单位：D）。", "好！"]


def test_long_line_without_punctuation_is_cut_and_linear():
    text = "字" * 100_000
    spans = split_sentences(text)
    assert sum(e - s for s, e in spans) == len(text)
    assert max(e - s for s, e in spans) <= 2000


def test_clauses_have_offsets():
    from kg.extract.structure import clause_spans

    text = "由工商联牵头，商务局参与：举办推介会。"
    spans = clause_spans(text, 0, len(text) - 1)
    assert [text[s:e] for s, e in spans] == ["由工商联牵头", "商务局参与", "举办推介会"]
