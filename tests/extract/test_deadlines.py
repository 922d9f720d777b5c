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
    ("2023年底前完成整改", "2023年底前", "2023-12-31"),  # the year written is the deadline's, not the document's
    ("2025年6月底前完成", "2025年6月底前", "2025-06-30"),
    ("持续推进", "持续推进", "ongoing"),
    ("２０２０年６月底前完成", "２０２０年６月底前", "2020-06-30"),  # full-width digits, kept as written
    ("每月１０日前报送", "每月１０日前", "monthly:10"),
    ("持续推进老旧小区改造", None, None),  # a verb of the task, not a deadline
    ("长期以来形成的问题", None, None),
])
def test_deadlines(task, written, norm):
    assert find_deadline(task, 2020) == (written, norm)


def test_month_alone_is_no_deadline():
    assert find_deadline("6月份召开了座谈会", 2020) == (None, None)


@pytest.mark.parametrize("cell,written,norm", [
    ("2026年8月", "2026年8月", "2026-08-31"),
    ("11月", "11月", "2020-11-30"),
    ("2026年9月底前", "2026年9月底前", "2026-09-30"),
])
def test_in_a_deadline_cell_a_month_alone_is_the_deadline(cell, written, norm):
    assert find_deadline(cell, 2020, cell=True) == (written, norm)


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


# Deadline phrases as the documents of ../shared/eval/dev/ write them (a 2023 plan, a 2018 State Council
# notice, a 2012 city plan): the year written is the deadline's own.
@pytest.mark.parametrize("task, written, norm", [
    ("2024年底前，建立严进、严管、重罚的城镇燃气市场监管机制", "2024年底前", "2024-12-31"),
    ("2023年9月底前，对城镇燃气企业开展全面排查", "2023年9月底前", "2023-09-30"),
    ("2024年6月前，开展排查整治", "2024年6月前", "2024-06-30"),
    ("以上工作要在2019年2月底前完成", "2019年2月底前", "2019-02-28"),
    ("于2012年10月底前牵头制定实施细则", "2012年10月底前", "2012-10-31"),
    ("要于2012年底前制定完成", "2012年底前", "2012-12-31"),
])
def test_deadlines_as_the_dev_documents_write_them(task, written, norm):
    assert find_deadline(task, 2023) == (written, norm)
