"""Tasks with no responsible body: a clause that pushes a project forward and names nobody."""
from __future__ import annotations

import pytest

from kg.entities import extract_entities
from kg.extract.structure import parse
from kg.model import Assignment, Document
from tests.entities.conftest import read_text


def unassigned(read) -> list[str]:
    return [dict(e.attrs)["text"] for e in read.of("Task") if dict(e.attrs)["unassigned"]]


def test_a_project_pushed_by_nobody_is_an_unassigned_task(corpus_read):
    r = corpus_read["002"]
    tasks = [e for e in r.of("Task") if "x等新项目" in r.written(e)]
    assert len(tasks) == 1
    t = tasks[0]
    a = dict(t.attrs)
    assert a["unassigned"] is True and a["text"] == r.written(t)
    assert a["text"].startswith("加快推进x等新项目建设投产")
    assert t.key == f"{r.doc.id}:{t.start}-{t.end}"  # the id the graph gives every task


def test_a_framed_list_takes_in_the_clause_that_acts_on_it(corpus_read):
    r = corpus_read["002"]
    texts = unassigned(r)
    assert any(t.startswith("重点围绕大唐新电") and "抓好" in t for t in texts)


def test_reports_of_work_done_are_not_tasks(corpus_read):
    texts = unassigned(corpus_read["000"])
    assert not any("X科技园二期建成" in t or "220KV变电站正在施工" in t for t in texts)


def test_a_project_inside_an_assignment_is_not_unassigned():
    text = "由发改委负责，加快推进城东污水处理厂扩建工程建设。"
    _, sentences = parse("t", text)
    doc = Document(id="t", text=text)
    ts = text.index("加快")
    te = len(text) - 1
    a = Assignment(doc="t", org="发改委", mention="发改委", org_kind="department", role="负责", task=text[ts:te],
                   deadline=None, deadline_norm=None, evidence=text, section="", start=0, end=len(text),
                   mention_start=1, mention_end=4, task_start=ts, task_end=te, sentence_index=0)
    assert [e for e in extract_entities(doc, sentences, [a]) if e.label == "Task"] == []
    assert unassigned(read_text("t", text))  # without the assignment it would be one


def test_one_task_for_several_projects_of_one_clause():
    r = read_text("t", "加快推进浩吉铁路、新钢产业园等项目建设。")
    assert unassigned(r) == ["加快推进浩吉铁路、新钢产业园等项目建设"]


@pytest.mark.parametrize("text, expected", [
    # a review of past work reports what was done
    ("一、肯定成绩，坚定信心\n去年以来，新建城北污水处理厂扩建工程。\n二、突出重点\n加快推进城南污水处理厂扩建工程建设。",
     ["加快推进城南污水处理厂扩建工程建设"]),
    # a period gone by, counted
    ("一季度，12个重点项目完成投资8亿元，5个项目开工建设。", []),
    # … but a target for a period is a task
    ("一季度，力争开工建设城东污水处理厂扩建工程。", ["力争开工建设城东污水处理厂扩建工程"]),
    # the speaker's own statement, and the speaker's own directive
    ("今年我们初步确定实施城东污水处理厂扩建工程。", []),
    ("我们要加快推进城东污水处理厂扩建工程建设。", ["我们要加快推进城东污水处理厂扩建工程建设"]),
    # a framing clause with nothing to do after it, and one that takes the next clause in
    ("借助全省支持新钢产业园建设的契机。", []),
    ("围绕“城东污水处理厂扩建工程”项目，形成合力。", []),
    ("重点围绕新钢产业园等领域，抓好项目建设。", ["重点围绕新钢产业园等领域，抓好项目建设"]),
    # a framing verb inside a word (综合利用) frames nothing
    ("抓好秸秆综合利用试点、老旧小区改造等项目建设。", ["抓好秸秆综合利用试点、老旧小区改造等项目建设"]),
])
def test_only_directives_become_unassigned_tasks(text, expected):
    assert unassigned(read_text("t", text)) == expected
