"""The span layer and ``kg extract --explain``: what the grammar saw in a sentence and which frame fired."""
from __future__ import annotations

import pytest

from kg.extract.explain import explain, sentence_spans
from kg.extract.structure import normalize
from kg.model import Document


@pytest.mark.parametrize(("text", "spans"), [
    ("区住建局会同区财政局，制定实施办法。",
     [("区住建局", "BODY"), ("会同", "JOINT"), ("区财政局", "BODY")]),
    ("请市审计局在6月底前完成审计。",
     [("请", "AGENT"), ("市审计局", "BODY"), ("6月底前", "DEADLINE")]),
    ("各乡镇要牵头抓好秸秆禁烧。", [("各乡镇", "COLLECTIVE"), ("要", "MODAL"), ("牵头", "LEAD")]),
])
def test_sentence_spans(text, spans):
    norm = normalize(text)
    got = [(text[s:e], label) for s, e, label in sentence_spans(norm, 0, len(norm))]
    assert got == spans


def test_explain_names_the_frame_and_says_why_not():
    text = "区住建局会同区财政局，制定实施办法。\n去年区财政局完成了资金拨付。\n要加快推进项目建设。"
    lines = list(explain(Document(id="ex", text=text), "char"))
    joined = "\n".join(lines)
    assert "→ joint: 区住建局 牵头 · 任务: 制定实施办法" in joined
    assert "→ joint: 区财政局 参与 · 任务: 制定实施办法" in joined
    assert "a report of what was done" in joined
    assert "no actor" in joined
    assert "spans: [BODY 区住建局] [JOINT 会同] [BODY 区财政局]" in joined
