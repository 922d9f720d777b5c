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
    ("各街道配合", False), ("6月底前完成摸底调查", False), ("", False),
])
def test_deadline_only_clauses(clause, only):
    from kg.extract.deadlines import deadline_only

    assert deadline_only(clause) is only
