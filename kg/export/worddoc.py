"""The Word (.docx) 任务分工表: landscape A4, a title from the meeting or document, one table ready to print.

Columns share the page width in fixed proportions (工作任务 the widest), written both as the table's
grid and as each cell's width so that Word and LibreOffice lay them out alike. The header row repeats
on every printed page; long rows may break across pages rather than leave half-empty ones. The source
line names only the documents the list draws on. All text goes in as plain runs (python-docx escapes
it), never as fields or markup.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from kg import __version__
from kg.export.files import office_time
from kg.export.rows import BODY_COLUMNS, TASK_COLUMNS, Cell, TaskLists, body_table, sources_of, task_table, title_of
from kg.export.safe import xml_text

_FONT = "宋体"
_TITLE_FONT = "黑体"
# Landscape A4 with 15 mm margins leaves 267 mm for the table; columns share it in these proportions.
_TEXT_WIDTH_MM = 267
_WIDTHS = {
    "序号": 13, "工作任务": 90, "本单位职责": 16, "牵头单位": 24, "责任单位": 28, "配合单位": 28,
    "完成时限": 18, "来源": 44, "主体": 24, "说明": 24, "原文": 120,
}


def _east_asian(run_or_style, font: str) -> None:
    """Set the font for Chinese text too (Word keeps it separately from the Latin font)."""
    run_or_style.font.name = font
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), font)


def _repeat_header(row) -> None:
    """Repeat the header row at the top of every printed page (python-docx has no API for it)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _fill_row(row, values: list[Cell], widths: list[int], bold: bool = False) -> None:
    """Put one row of values in its cells, as plain text runs at the given widths (mm)."""
    for cell, value, width in zip(row.cells, values, widths):
        cell.width = Mm(width)
        para = cell.paragraphs[0]
        run = para.add_run(xml_text(str(value)))
        run.bold = bold
        if bold:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _heading(doc, text: str, size: int) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(xml_text(text))
    run.bold = True
    run.font.size = Pt(size)
    _east_asian(run, _TITLE_FONT)


def write_docx(tl: TaskLists, path: Path, built: datetime, body: str | None = None) -> None:
    """Write the 任务分工表 of ``tl`` (or, with ``body``, that body's list) to ``path``."""
    doc = Document()
    normal = doc.styles["Normal"]
    _east_asian(normal, _FONT)
    normal.font.size = Pt(10.5)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))

    title = title_of(tl)
    heading = f"{body}任务清单" if body else (f"{title}任务分工表" if title else "任务分工表")
    _heading(doc, heading, 18)
    sources = "；".join(f"《{d.title}》" if d.title else d.id for d in sources_of(tl, body))
    if sources:
        note = doc.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        note.add_run(xml_text(f"来源：{sources}"))

    columns, rows = (BODY_COLUMNS, body_table(tl.lists[body])) if body else (TASK_COLUMNS, task_table(tl.tasks))
    total = sum(_WIDTHS[c] for c in columns)
    widths = [_WIDTHS[c] * _TEXT_WIDTH_MM // total for c in columns]
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)  # the table grid, which LibreOffice lays out by
    _fill_row(table.rows[0], list(columns), widths, bold=True)
    _repeat_header(table.rows[0])
    for values in rows:
        _fill_row(table.add_row(), values, widths)

    props = doc.core_properties
    props.title = xml_text(heading)
    props.author = props.last_modified_by = f"kg {__version__}"
    props.created = props.modified = office_time(built)
    props.revision = 1
    doc.save(path)
