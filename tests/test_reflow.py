"""kg.reflow: the paragraphs of a hard-wrapped text (a .txt made from a PDF) joined, other texts as they are."""
from __future__ import annotations

from pathlib import Path

from kg.reflow import reflow

WRAPPED = """关于加快推进城市更新工作的实施方案

为深入推进城市更新，结合我区实际，制定本方
案。
一、工作目标
到2026年底，完成老旧小区改造20个，新增公共
停车泊位1500个，城市功能品质明显提升。
二、主要任务
（一）推进老旧小区改造。区住房城乡建设局要
加快推进老旧小区改造，统筹实施水电气路等基
础设施更新。（区住房城乡建设局牵头，各街道
办事处配合）
三、保障措施
区财政局负责统筹安排城市更新资金，区自然资
源局负责做好项目用地保障。
"""


def test_a_wrapped_text_has_its_paragraphs_joined_and_its_headings_kept():
    assert reflow(WRAPPED).split("\n") == [
        "关于加快推进城市更新工作的实施方案",
        "",
        "为深入推进城市更新，结合我区实际，制定本方案。",
        "一、工作目标",
        "到2026年底，完成老旧小区改造20个，新增公共停车泊位1500个，城市功能品质明显提升。",
        "二、主要任务",
        "（一）推进老旧小区改造。区住房城乡建设局要加快推进老旧小区改造，统筹实施水电气路等基础设施更新。"
        "（区住房城乡建设局牵头，各街道办事处配合）",
        "三、保障措施",
        "区财政局负责统筹安排城市更新资金，区自然资源局负责做好项目用地保障。",
        "",
    ]


def test_a_text_with_a_line_per_paragraph_is_unchanged():
    for path in sorted(Path(__file__).parents[1].joinpath("corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert reflow(text) == text, path.name


def test_table_rows_and_short_texts_are_unchanged():
    table = "序号\t工作任务\t牵头单位\n" + "1\t推进老旧小区改造，统筹实施基础设施更新\t区住建局\n" * 10
    assert reflow(table) == table
    short = "区财政局负责统筹安排城市更新资金，区自然资\n源局负责做好项目用地保障。\n"
    assert reflow(short) == short  # too few lines to tell a wrapped text


def test_a_paragraph_that_runs_on_to_the_next_page_is_joined_without_the_page_number():
    text = WRAPPED.replace("统筹实施水电气路等基\n", "统筹实施水电气路等基\n- 2 -\n\f")
    assert reflow(text) == reflow(WRAPPED)
