"""Task boundaries on real sentences of the corpus, checked as exact offsets into the document, one per frame."""
from __future__ import annotations

import pytest

# (document, actor as written, role, frame, task start, task end, the task as written)
CASES = [
    ("000_4cb1776f1e65bea3", "发改委", "牵头", "declared_before", 4674, 4738,
     "组织对辖区资源再次摸排，不断充实项目库，确保今年的项目在数量、质量及投资额度上都有新的提升，确保更多重大项目进入全省、全市大盘子"),
    ("000_4cb1776f1e65bea3", "工信", "负责", "modal", 6257, 6284, "加强对政策的收集、宣传和争取，定期汇集，服务好项目招商"),
    ("000_4cb1776f1e65bea3", "财政", "负责", "subject_adverb", 10163, 10192, "尽快将任务分解落实到各单位，特别要明确一季度的经济指标计划"),
    ("000_4cb1776f1e65bea3", "区发改", "负责", "subject_then_modal", 11701, 11732, "主动与省、市对接，了解相应的扶持政策，帮助辖区企业申报扶持资金"),
    ("004_7a493dd1f6a2c91e", "各专案组", "负责", "adverbial_then_modal", 3805, 3824, "积极做好案情通报，取得群众的理解和信任"),
]


@pytest.mark.parametrize(("doc", "actor", "role", "frame", "start", "end", "task"), CASES,
                         ids=[f"{c[0][:3]}:{c[1]}:{c[3]}" for c in CASES])
def test_task_span_is_exact(corpus_results, doc, actor, role, frame, start, end, task):
    result = next(r for r in corpus_results if r.document.id == doc)
    hits = [a for a in result.assignments if a.mention == actor and a.role == role and a.frame == frame]
    assert hits, [(a.mention, a.role, a.frame) for a in result.assignments][:20]
    a = next((h for h in hits if h.task_start == start), hits[0])
    assert (a.task_start, a.task_end) == (start, end)
    assert result.document.text[start:end] == task == a.task
