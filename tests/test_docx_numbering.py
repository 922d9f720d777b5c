"""kg.docx_numbering: the numbers Word draws before list paragraphs, read back as the items' markers.

The .docx files are made here with python-docx; the outline numbering (一、 / （一） / 1.) is written into
their numbering.xml as Word writes a multi-level list."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from kg.docx_numbering import _chinese
from kg.documents import read_docx
from kg.model import Document
from kg.pipeline import extract_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OUTLINE = f"""<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""
NUM = f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def _outline_docx(path: Path, paragraphs: list[tuple[int | None, str]]) -> Path:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    first_num = numbering.find(f"{{{W}}}num")
    first_num.addprevious(parse_xml(OUTLINE))  # abstract numbering definitions come before the nums
    numbering.append(parse_xml(NUM))
    for level, text in paragraphs:
        p = d.add_paragraph(text)
        if level is not None:
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    d.save(str(path))
    return path


def test_outline_numbers_are_read_as_the_items_markers(tmp_path):
    path = _outline_docx(tmp_path / "方案.docx", [
        (None, "某区城市更新实施方案"), (0, "主要任务"), (1, "推进老旧小区改造"), (2, "改造小区二十个。"),
        (2, "加装电梯五十部。"), (1, "完善公共服务"), (2, "新建社区食堂十个。"), (0, "保障措施"),
        (1, "加强组织领导"),
    ])
    assert read_docx(path).split("\n") == [
        "某区城市更新实施方案", "一、主要任务", "（一）推进老旧小区改造", "1.改造小区二十个。", "2.加装电梯五十部。",
        "（二）完善公共服务", "1.新建社区食堂十个。", "二、保障措施", "（一）加强组织领导",
    ]


def test_an_item_numbered_by_word_is_covered_by_its_declaration(tmp_path):
    path = _outline_docx(tmp_path / "分工.docx", [
        (None, "某区重点任务分工"), (0, "重点任务"),
        (1, "推进老旧小区改造。完成改造二十个。（区住建局牵头，各街道配合）"),
    ])
    r = extract_document(Document(id="d", text=read_docx(path)))
    assert [(a.mention, a.role, a.task) for a in r.assignments] == [
        ("区住建局", "牵头", "推进老旧小区改造。完成改造二十个"), ("各街道", "参与", "推进老旧小区改造。完成改造二十个")]


def test_a_merged_cell_keeps_its_one_number(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=3, cols=2)
    for r in (0, 1, 2):
        t.cell(r, 0).paragraphs[0].style = d.styles["List Number"]
        t.cell(r, 1).text = f"任务{r}"
    t.cell(0, 0).merge(t.cell(1, 0))  # one 序号 cell over two rows, read once per row
    d.save(str(tmp_path / "t.docx"))
    assert read_docx(tmp_path / "t.docx").split("\n") == ["1.\t任务0", "1.\t任务1", "2.\t任务2"]


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (37, "三十七"), (100, "100")])
def test_chinese_counting(n, text):
    assert _chinese(n) == text


def test_a_list_continues_across_its_definitions_uses_until_one_restarts_it(tmp_path):
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.find(f"{{{W}}}num").addprevious(parse_xml(OUTLINE))
    numbering.append(parse_xml(NUM))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="91"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="92"><w:abstractNumId w:val="90"/>'
                               '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    for num_id, text in (("90", "甲"), ("91", "乙"), ("92", "丙"), ("92", "丁")):
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    d.save(str(tmp_path / "l.docx"))
    assert read_docx(tmp_path / "l.docx").split("\n") == ["一、甲", "二、乙", "一、丙", "二、丁"]


def test_damaged_numbering_values_give_no_label_and_no_error(tmp_path):
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.find(f"{{{W}}}num").addprevious(parse_xml(OUTLINE.replace('w:ilvl="0"><w:start w:val="1"',
                                                                        'w:ilvl="x"><w:start w:val="?"')))
    numbering.append(parse_xml(NUM))
    p = d.add_paragraph("甲")
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="zz"/><w:numId w:val="90"/></w:numPr>'))
    d.save(str(tmp_path / "bad.docx"))
    assert read_docx(tmp_path / "bad.docx") == "一、甲"  # the damaged level counts as level 0, from 1
