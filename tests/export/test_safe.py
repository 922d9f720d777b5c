"""Sheet names, file names and cell text made safe from whatever a document says."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.export.safe import csv_cell, display_width, file_stems, inside, is_formula_like, md_cell, sheet_names

LONG = "区发展和改革委员会重大项目建设推进工作领导小组办公室综合协调督查组"


def test_sheet_names_fit_excel_rules_and_stay_unique():
    names = sheet_names([LONG, LONG, "规划/建设[局]:*?\\", "'引号'", "总表", "History", "商务局", "商务局"],
                        reserved=("总表", "无责任单位", "元数据"))
    assert names[0] == LONG[:31]
    assert names[1].endswith("(2)") and len(names[1]) == 31
    assert names[2] == "规划_建设_局_____"
    assert names[3] == "引号"
    assert names[4] == "总表(2)" and names[5] == "History(2)"
    assert names[6:] == ["商务局", "商务局(2)"]


def test_a_name_cut_to_length_does_not_end_with_an_apostrophe():
    # found by the property test below: the cut at 31 characters left the name's apostrophe at its end
    assert sheet_names(["0" * 30 + "'0"]) == ["0" * 30]
    assert sheet_names(["' ' 区财政局 ' '"]) == ["区财政局"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=50), max_size=12))
def test_any_names_give_valid_unique_sheet_names(raw):
    names = sheet_names(raw, reserved=("总表",))
    assert len(names) == len(raw)
    assert len({n.casefold() for n in names} | {"总表"}) == len(names) + 1
    for n in names:
        assert 1 <= len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) and not n.startswith("'") and not n.endswith("'")


@pytest.mark.parametrize("name, stem", [
    ("商务局", "商务局"), ("../../etc/passwd", "____etc_passwd"), ("..", "_"), ("...", "_"), (" . ", "单位"), ("CON", "_CON"), ("aux.txt", "_aux.txt"),
    ('规划:建设<局>|"?*', "规划_建设_局_____"), ("发改委 ", "发改委"),
])
def test_file_stems_cannot_escape_or_break_the_folder(name, stem):
    assert file_stems([name]) == [stem]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=300), max_size=8))
def test_any_names_stay_inside_the_output_folder(tmp_path_factory, raw):
    folder = tmp_path_factory.getbasetemp() / "out"
    stems = file_stems(raw, reserved=("任务分工表",))
    assert len({s.casefold() for s in stems}) == len(stems) and "任务分工表" not in stems
    for s in stems:
        assert len(s.encode()) <= 190 and "/" not in s and "\\" not in s and ".." not in s and s.strip(" .") == s
        assert inside(folder, s + ".csv").parent == folder.resolve()


def test_inside_refuses_paths_that_leave_the_folder(tmp_path: Path):
    with pytest.raises(InputError, match="outside"):
        inside(tmp_path, "../x.csv")


@pytest.mark.parametrize("text, formula", [
    ("=1+1", True), ("+86 电话", True), ("-2 整理台账", True), ("@SUM(A1)", True), (" =A1", True), ("\t1", True),
    ("由商务局负责", False), ("2020年底前", False), ("X=1", False),
])
def test_formula_like_text_is_recognised(text, formula):
    assert is_formula_like(text) is formula
    assert csv_cell(text) == ("'" + text if formula else text)


def test_markdown_cells_are_one_line_and_escape_markup():
    assert md_cell("a|b\n<script>*x*</script> [链接](http://x)") == r"a\|b \<script\>\*x\*\</script\> \[链接\](http://x)"


def test_chinese_counts_double_width():
    assert display_width("商务局ab") == 8


@pytest.mark.parametrize("text", ["商务局ab", "２０２０年６月底前", "abc", "", "😀x", "\u0cd4", "𠀋区", "ｶﾀｶﾅ", "\uffe7a", "한국"])
def test_display_width_counts_east_asian_wide_and_fullwidth_as_two(text: str) -> None:
    import unicodedata
    assert display_width(text) == sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
