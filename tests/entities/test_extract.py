"""extract_entities as the pipeline calls it, and the records of ``kg extract --entities``."""
from __future__ import annotations

import json

from kg.entities import entities_to_json, extract_entities
from kg.extract.structure import parse
from kg.model import Document

LABELS = {"Project", "Indicator", "Measure", "Policy", "Task"}


def test_every_entity_is_evidence_as_written(corpus_read):
    for r in corpus_read.values():
        assert r.entities, r.doc.id
        by_index = {s.index: s for s in r.sentences}
        for e in r.entities:
            assert e.label in LABELS
            s = by_index[e.sentence_index]
            assert s.start <= e.start < e.end <= s.end
            assert r.doc.text[e.start:e.end] == s.text[e.start - s.start:e.end - s.start]
            for k, v in e.attrs:
                assert v is None or isinstance(v, (str, int, float, bool)) or all(isinstance(x, str) for x in v), k


def test_extraction_is_pure_and_ordered(corpus_read):
    r = corpus_read["003"]
    again = extract_entities(r.doc, r.sentences, [])
    assert again == r.entities
    assert [(e.start, e.end) for e in again] == sorted((e.start, e.end) for e in again)


def test_entities_to_json_gives_evidence_and_attributes(corpus_read):
    r = corpus_read["002"]
    e = next(e for e in r.entities if e.label == "Policy" and e.key == "“放管服”改革")
    rec = entities_to_json(e, {s.index: s for s in r.sentences})
    assert json.loads(json.dumps(rec, ensure_ascii=False)) == rec
    assert rec["label"] == "Policy" and rec["name"] == "“放管服”改革" and rec["doc"] == r.doc.id
    assert rec["evidence"] and "“放管服”改革" in rec["evidence"]
    assert r.doc.text[rec["start"]:rec["end"]] == "“放管服”改革"
    assert rec["attrs"] == {"kind": "quoted"}
    assert rec["section"].startswith("二、营商环境就是竞争力")


def test_an_empty_document_has_no_entities():
    _, sentences = parse("e", "")
    assert extract_entities(Document(id="e", text=""), sentences, []) == []


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = ["X", "XX", "x", "等", "10个", "所", "项目", "工程", "、", "，", "。", "；", "“", "”", "《", "》", "改革",
           "制度", "政策", "推进", "加快", "变电站", "产业园", "增长", "6.5%", "X%", "左右", "地区生产总值",
           "分别", "同比", "亿元", "2020年", "一季度", "由", "负责", "建设", "扩建", "\n", " ", "产业", "五十条"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80))
def test_any_text_gives_valid_spans_and_never_fails(pieces):
    text = "".join(pieces)
    _, sentences = parse("h", text)
    doc = Document(id="h", text=text)
    for e in extract_entities(doc, sentences, []):
        assert 0 <= e.start < e.end <= len(text)
        json.dumps(entities_to_json(e), ensure_ascii=False)
