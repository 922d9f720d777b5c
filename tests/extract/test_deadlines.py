"""Deadline phrases as written and normalised."""
from __future__ import annotations

import pytest

from kg.extract.deadlines import find_deadline


@pytest.mark.parametrize("task,written,norm", [
    ("年底前完成全部改造", "年底前", "2020-12-31"),
    ("6月底前将开办时间压缩至1个工作日以内", "6月底前", "2020-06-30"),
    ("每月10日前报送进展情况", "每月10日前", "monthly:10"),
    ("一季度完成签约", "一季度", "2020-03-31"),
    ("三季度末前全部开工", "三季度末前", "2020-09-30"),
    ("上半年完成规划编制", "上半年", "2020-06-30"),
    ("尽快将任务分解落实到各单位", "尽快", "asap"),
    ("长期坚持，常抓不懈", "长期坚持", "ongoing"),
    ("2021年3月底前出台实施方案", "2021年3月底前", "2021-03-31"),
    ("五一后全面复工", "五一后", None),
    ("争取超长期特别国债资金，12月底前完成", "12月底前", "2020-12-31"),
    ("编制中长期发展规划，年底前报批", "年底前", "2020-12-31"),
])
def test_deadlines(task, written, norm):
    assert find_deadline(task, 2020) == (written, norm)


def test_month_alone_is_no_deadline():
    assert find_deadline("6月份召开了座谈会", 2020) == (None, None)


@pytest.mark.parametrize(("clause", "only"), [
    ("长期坚持", True), ("2025年6月底前完成", True), ("完成时限：年底前", True), ("每月10日前", True),
    ("确保年底前完成", True), ("力争6月底前全面完成", True), ("确保完成", False), ("确保年底前完成任务", True),
    ("各街道配合", False), ("6月底前完成摸底调查", False), ("确保年底前完成改造", False), ("", False),
])
def test_deadline_only_clauses(clause, only):
    from kg.extract.deadlines import deadline_only

    assert deadline_only(clause) is only


def test_a_partner_clause_then_a_deadline_clause_share_the_lead_task_and_its_deadline():
    from kg.model import Document
    from kg.pipeline import extract_document

    text = "2024年工作要点\n全区上下要团结一致，全区要抓好落实。区财政局要牵头抓好收入组织，区税务局配合，确保年底前完成。"
    got = {(a.org, a.role, a.task, a.deadline, a.deadline_norm)
           for a in extract_document(Document(id="x", text=text)).assignments}
    assert got == {("区财政局", "牵头", "抓好收入组织", "年底前", "2024-12-31"),
                   ("区税务局", "参与", "抓好收入组织", "年底前", "2024-12-31")}
