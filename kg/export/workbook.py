"""The xlsx workbook: 总表, the tasks no body owns, one sheet per body, collectives, persons, 原文, metadata.

Every sheet of tasks prints as it comes: A4 landscape, all columns fitted to the page width, the header
row repeated on every page (and frozen, with filters, on screen), thin borders, wrapped text with row
heights that show it, column widths in proportion to their content (工作任务 the widest), and a page
header naming the sheet with page numbers below. The evidence (原文) has a sheet of its own keyed by
the 总表's 序号, so it never squeezes the printed table. Every string is written as a string cell (never
a formula or an error value), whatever it starts with. Only openpyxl's own page-setup API is used.
"""
from __future__ import annotations

import math
from copy import copy
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell as XlCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from kg import __version__
from kg import schema as S
from kg.export.files import COLLECTIVES_STEM, EVIDENCE_STEM, GAPS_STEM, PERSONS_STEM, office_time
from kg.export.rows import (BODY_COLUMNS, EVIDENCE_COLUMNS, GAP_COLUMNS, GROUP_COLUMNS, SEP, TASK_COLUMNS, Cell,
                            TaskLists, body_table, departments, evidence_table, gap_table, group_table, task_table,
                            title_of)
from kg.export.safe import cell_text, display_width, is_formula_like, sheet_names

TABLE_SHEET = "总表"
GAPS_SHEET = GAPS_STEM
META_SHEET = "元数据"
RESERVED = (TABLE_SHEET, GAPS_SHEET, COLLECTIVES_STEM, PERSONS_STEM, EVIDENCE_STEM, META_SHEET)

# Width units (Excel: one digit of the default font; a Chinese character takes two) that fill an A4
# landscape page between 10 mm margins at 100 %: wider tables are scaled down to the page width.
PAGE_UNITS = 150
# The narrowest and widest each column may be, in width units; columns not named take _OTHER.
_BOUNDS = {"序号": (5, 6), "工作任务": (30, 70), "原文": (40, 90), "来源": (14, 30), "说明": (12, 20),
           "本单位职责": (8, 10), "完成时限": (9, 14), "主体": (10, 18)}
_OTHER = (10, 24)
_FONT = Font(name="宋体", size=10.5)
_HEADER_FONT = Font(name="宋体", size=10.5, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
# Points per printed line of 10.5 pt text, the padding of a cell, and how many width units one line of a
# column holds per unit of its width (a Chinese character of 10.5 pt is about 1.75 units of the default
# font, which display_width counts as 2; measured on LibreOffice's rendering of the corpus workbook).
_LINE_PT = 14.5
_PAD_PT = 4.0
_UNITS_PER_WIDTH = 1.1
_MARGIN_IN = 0.4  # 10 mm


# The cell styles of every table, as named styles: a cell takes one by name, which copies its ids,
# instead of a font, border and alignment each looked up by hash (most of a large workbook's time).
_STYLES = (
    NamedStyle(name="kg 表头", font=_HEADER_FONT, fill=_HEADER_FILL, border=_BORDER, alignment=_CENTER),
    NamedStyle(name="kg 正文", font=_FONT, border=_BORDER, alignment=_WRAP),
    NamedStyle(name="kg 居中", font=_FONT, border=_BORDER, alignment=_CENTER),
    NamedStyle(name="kg 元数据", alignment=_WRAP),
    NamedStyle(name="kg 元数据标题", font=_HEADER_FONT, alignment=_WRAP),
)
HEADER, BODY, CENTRED, META, META_HEADER = (st.name for st in _STYLES)


def _bound_styles(wb: Workbook) -> dict[str, StyleArray]:
    """The named styles added to ``wb``, each as the style ids a cell of it carries (NamedStyle.as_tuple):
    a cell is made with them (Cell's style_array) instead of looking its style up by name, which was a
    third of a large workbook's time."""
    bound = {}
    for style in _STYLES:
        own = copy(style)
        wb.add_named_style(own)
        bound[own.name] = own.as_tuple()
    return bound


def _cell(ws: WriteOnlyWorksheet, value: Cell | None, style: StyleArray) -> XlCell:
    """One cell in a named style (from _bound_styles); strings always as text, with Excel's quote prefix
    when they look like a formula."""
    cell = XlCell(ws, row=1, column=1, style_array=style)  # the row and column are the writer's
    if isinstance(value, str):
        cell.value = cell_text(value)
        cell.data_type = "s"  # never "f" (formula) or "e" (error code such as #N/A)
        if is_formula_like(value):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    else:
        cell.value = value
    return cell


def column_widths(columns: tuple[str, ...], rows: list[list[Cell]],
                  measured: list[list[list[int]]] | None = None) -> list[float]:
    """Widths in proportion to what the columns hold (most of their cells shown on one or two lines),
    within each column's bounds, scaled to the page width when wider, 工作任务 the widest. ``measured``:
    the rows' _measure, when the caller has it."""
    measured = measured if measured is not None else [_measure(r) for r in rows]
    widths = []
    for i, name in enumerate(columns):
        # a cell's width: its lines' and the line breaks between them
        cells = sorted(sum(m[i]) + len(m[i]) - 1 for m in measured if i < len(m)) or [0]
        typical = cells[int(0.9 * (len(cells) - 1))]  # most cells, not the one long outlier
        low, high = _BOUNDS.get(name, _OTHER)
        widths.append(float(max(low, min(high, max(display_width(name), typical) + 2))))
    total = sum(widths)
    if total > PAGE_UNITS:
        widths = [w * PAGE_UNITS / total for w in widths]
    if "工作任务" in columns:
        k = columns.index("工作任务")
        widths[k] = max(widths[k], max(w for j, w in enumerate(widths) if j != k) + 1)
    return [round(w, 1) for w in widths]


def _measure(values: list[Cell]) -> list[list[int]]:
    """The display width of each line of each cell of a row, measured once for its column's width and
    for its height."""
    return [[display_width(part) for part in str(v).split("\n")] for v in values]


def row_height(values: list[Cell], widths: list[float], measured: list[list[int]] | None = None) -> float:
    """Points a row needs to show all its wrapped text (each cell's lines at its column's width);
    ``measured``: the row's _measure, when the caller has it."""
    lines = 1
    for parts, width in zip(measured if measured is not None else _measure(values), widths):
        per_line = max((width - 1.5) * _UNITS_PER_WIDTH, 1.0)
        lines = max(lines, sum(max(1, math.ceil(w / per_line)) for w in parts))
    return lines * _LINE_PT + _PAD_PT


def _page_setup(ws: WriteOnlyWorksheet, heading: str) -> None:
    """A4 landscape, fitted to the page width, the header row on every page, sheet name and page numbers."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = _MARGIN_IN
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.left.text = cell_text(heading.replace("&", "&&"))
    ws.oddHeader.right.text = "&A"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _table(ws: WriteOnlyWorksheet, columns: tuple[str, ...], rows: list[list[Cell]], heading: str,
           styles: dict[str, StyleArray]) -> None:
    """A printable table: bold, filled, bordered header row (frozen, filterable), bordered wrapped cells.
    The sheet is write-only: its layout is set first, then each row is streamed to the file with its height.
    ``styles``: the workbook's _bound_styles."""
    measured = [_measure(r) for r in rows]
    widths = column_widths(columns, rows, measured)
    for c in range(1, len(columns) + 1):
        ws.column_dimensions[get_column_letter(c)].width = widths[c - 1]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    _page_setup(ws, heading)
    ws.row_dimensions[1].height = row_height(list(columns), widths)
    ws.append([_cell(ws, name, styles[HEADER]) for name in columns])
    by_column = [styles[CENTRED] if name in ("序号", "本单位职责") else styles[BODY] for name in columns]
    for r, (values, m) in enumerate(zip(rows, measured), 2):
        ws.row_dimensions[r].height = row_height(values, widths, m)
        ws.append([_cell(ws, value, style) for value, style in zip(values, by_column)])
    ws.close()  # its file now: a workbook of a thousand bodies' sheets never holds a thousand open files


def _meta(ws: WriteOnlyWorksheet, tl: TaskLists, sheets: dict[str, str], built: datetime,
          styles: dict[str, StyleArray]) -> None:
    """Tool, build time, filters, the source documents, and each body with its level and written names."""
    rows: list[list[Cell]] = [
        ["工具", f"kg {__version__}"],
        ["生成时间", built.isoformat(timespec="seconds")],
        ["标题", title_of(tl)],
        ["筛选", "；".join(f"{k}={v}" for k, v in tl.filters) or "无"],
        ["任务数", len(tl.tasks)],
        ["无责任单位任务数", len(tl.unassigned)],
        [],
    ]
    headers = {len(rows) + 1}
    rows += [["来源文档", "标题", "会议", "日期", "文件"]]
    rows += [[d.id, d.title, d.meeting, d.date, d.path] for d in tl.documents]
    rows += [[]]
    headers.add(len(rows) + 1)
    rows += [["单位", "工作表", "类型", "层级", "文中写法", *S.ROLE_TYPES]]
    for b in tl.bodies:
        counts = [sum(role in r.roles for r in tl.lists[b.name]) for role in S.ROLE_TYPES]
        rows.append([b.name, sheets[b.name], b.kind, b.place or b.level, SEP.join(b.aliases), *counts])
    for col, width in zip("ABCDEFGH", (22, 30, 24, 12, 40, 8, 8, 8)):
        ws.column_dimensions[col].width = width
    _page_setup(ws, "元数据")
    for r, values in enumerate(rows, 1):
        ws.append([_cell(ws, value, styles[META_HEADER if r in headers or (c == 1 and r < min(headers)) else META])
                   for c, value in enumerate(values, 1)])
    ws.close()


def write_xlsx(tl: TaskLists, path: Path, built: datetime) -> None:
    """Write the workbook of ``tl`` to ``path``."""
    title = title_of(tl)
    heading = f"{title}任务分工表" if title else "任务分工表"
    wb = Workbook(write_only=True)  # rows go to the file as they are made: memory does not grow with the table
    styles = _bound_styles(wb)
    _table(wb.create_sheet(TABLE_SHEET), TASK_COLUMNS, task_table(tl.tasks), heading, styles)
    _table(wb.create_sheet(GAPS_SHEET), GAP_COLUMNS, gap_table(tl.unassigned), heading, styles)
    bodies = departments(tl)
    names = sheet_names([b.name for b in bodies], reserved=RESERVED)
    sheets = dict(zip((b.name for b in bodies), names))
    for b in bodies:
        _table(wb.create_sheet(sheets[b.name]), BODY_COLUMNS, body_table(tl.lists[b.name]), f"{b.name}任务清单",
               styles)
    for kind, sheet in ((S.COLLECTIVE, COLLECTIVES_STEM), (S.PERSON, PERSONS_STEM)):
        rows = group_table(tl, kind)
        if rows:
            _table(wb.create_sheet(sheet), GROUP_COLUMNS, rows, heading, styles)
            sheets.update({b.name: sheet for b in tl.bodies if b.kind == kind})
    _table(wb.create_sheet(EVIDENCE_STEM), EVIDENCE_COLUMNS, evidence_table(tl.tasks), heading, styles)
    _meta(wb.create_sheet(META_SHEET), tl, sheets, built, styles)
    wb.properties.title = cell_text(heading)
    wb.properties.creator = f"kg {__version__}"
    wb.properties.created = wb.properties.modified = office_time(built)
    try:
        wb.save(path)
    except BaseException:
        _discard(wb)
        raise


def _discard(wb: Workbook) -> None:
    """Close the streamed sheets of a workbook that could not be saved (openpyxl removes their
    temporary files at exit), so none is left half-written to be finished by the garbage collector."""
    for ws in wb.worksheets:
        if not ws.closed:
            try:
                ws.close()
            except Exception:  # noqa: BLE001 - already failing: the first error is the one reported
                pass
