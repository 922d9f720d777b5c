"""The Word 任务分工表, opened again with python-docx and read cell by cell."""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from kg import schema as S
from kg.export import write_tasks
from kg.export.rows import BODY_COLUMNS, TASK_COLUMNS
from kg.graph import build_graph

from .conftest import DOC_000, doc_result


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_table_is_landscape_titled_and_holds_every_task(small_graph, tmp_path: Path):
    (path,) = write_tasks(small_graph, "docx", tmp_path)
    assert path.name == "任务分工表.docx"
    doc = Document(path)
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert doc.paragraphs[0].text == "任务分工表"
    assert "《坚定信心  保持定力  稳中求进》" in doc.paragraphs[1].text
    (table,) = doc.tables
    rows = cells(table)
    assert rows[0] == list(TASK_COLUMNS)
    assert len(rows) == 8 and [r[0] for r in rows[1:]] == [str(i) for i in range(1, 8)]
    fair = next(r for r in rows if "推介会" in r[1])
    assert fair[2:6] == ["工商联", "", "商务局、工信局、科技局", "5月底前"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header repeats on every page


def test_title_comes_from_the_meeting_or_document(tmp_path: Path):
    g = build_graph([doc_result("000_4cb1776f1e65bea3", "坚定信心  保持定力  稳中求进", DOC_000, meeting="全区经济工作会议")])
    doc = Document(write_tasks(g, "docx", tmp_path / "t.docx")[0])
    assert doc.paragraphs[0].text == "全区经济工作会议任务分工表"
    assert doc.core_properties.title == "全区经济工作会议任务分工表"


def test_dept_gives_that_body_list(small_graph, tmp_path: Path):
    (path,) = write_tasks(small_graph, "docx", tmp_path, dept="商务局")
    assert path.name == "商务局任务清单.docx"
    doc = Document(path)
    assert doc.paragraphs[0].text == "商务局任务清单"
    rows = cells(doc.tables[0])
    assert rows[0] == list(BODY_COLUMNS)
    assert rows[1][1].startswith("对有意投资的外商进行梳理") and rows[1][2] == S.RESPONSIBLE
    assert "推介会" in rows[2][1] and rows[2][2] == S.ASSIST and rows[2][3] == "工商联"


def test_formula_like_and_markup_text_stays_plain_text(small_graph, tmp_path: Path):
    doc = Document(write_tasks(small_graph, "docx", tmp_path / "t.docx")[0])
    texts = {c for row in cells(doc.tables[0]) for c in row}
    assert '=HYPERLINK("http://x")+1 @SUM(A1) -2 整理资金台账' in texts
