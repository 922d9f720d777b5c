"""The xlsx workbook: 总表, the tasks no body owns, one sheet per body, and a metadata sheet.

Every sheet of tasks has a frozen, filterable header row, wrapped text and
column widths fitted to Chinese text. Every string is written as a string cell
(never a formula or an error value), whatever it starts with.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kg import __version__
from kg import schema as S
from kg.export.files import GAPS_STEM, office_time
from kg.export.rows import BODY_COLUMNS, SEP, TASK_COLUMNS, Cell, TaskLists, body_table, task_table, title_of
from kg.export.safe import cell_text, display_width, is_formula_like, sheet_names

TABLE_SHEET = "总表"
GAPS_SHEET = GAPS_STEM
META_SHEET = "元数据"
RESERVED = (TABLE_SHEET, GAPS_SHEET, META_SHEET)

# Widest a column grows (in Excel character units) before its text wraps.
_MAX_WIDTH = {"工作任务": 60, "原文": 70, "来源": 40}
_DEFAULT_MAX = 24
_MIN_WIDTH = 6
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _put(ws: Worksheet, row: int, col: int, value: Cell | None) -> None:
    """Write one cell; strings always as text, with Excel's quote prefix when they look like a formula."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = cell_text(value)
        cell.data_type = "s"  # never "f" (formula) or "e" (error code such as #N/A)
        if is_formula_like(value):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    else:
        cell.value = value


def _fit(ws: Worksheet, columns: tuple[str, ...], rows: list[list[Cell]]) -> None:
    for i, name in enumerate(columns, 1):
        longest = max([display_width(name)] + [
            max((display_width(line) for line in str(r[i - 1]).splitlines()), default=0) for r in rows
        ])
        ws.column_dimensions[get_column_letter(i)].width = max(
            _MIN_WIDTH, min(longest + 2, _MAX_WIDTH.get(name, _DEFAULT_MAX)))


def _table(ws: Worksheet, columns: tuple[str, ...], rows: list[list[Cell]]) -> None:
    """A table with a frozen, bold, filterable header row and wrapped text."""
    for c, name in enumerate(columns, 1):
        _put(ws, 1, c, name)
        ws.cell(row=1, column=c).font = _HEADER_FONT
        ws.cell(row=1, column=c).fill = _HEADER_FILL
    for r, values in enumerate(rows, 2):
        for c, value in enumerate(values, 1):
            _put(ws, r, c, value)
            ws.cell(row=r, column=c).alignment = _WRAP
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    _fit(ws, columns, rows)
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _meta(ws: Worksheet, tl: TaskLists, sheets: dict[str, str], built: datetime) -> None:
    """Tool, build time, filters, the source documents, and each body with the names it was written as."""
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
        rows.append([b.name, sheets[b.name], b.kind, b.level, SEP.join(b.aliases), *counts])
    for r, values in enumerate(rows, 1):
        for c, value in enumerate(values, 1):
            _put(ws, r, c, value)
            ws.cell(row=r, column=c).alignment = _WRAP
            if r in headers or (c == 1 and r < min(headers)):
                ws.cell(row=r, column=c).font = _HEADER_FONT
    for col, width in zip("ABCDEFGH", (22, 30, 24, 12, 40, 8, 8, 8)):
        ws.column_dimensions[col].width = width


def write_xlsx(tl: TaskLists, path: Path, built: datetime) -> None:
    """Write the workbook of ``tl`` to ``path``."""
    wb = Workbook()
    ws = wb.active
    ws.title = TABLE_SHEET
    _table(ws, TASK_COLUMNS, task_table(tl.tasks))
    _table(wb.create_sheet(GAPS_SHEET), TASK_COLUMNS, task_table(tl.unassigned))
    names = sheet_names([b.name for b in tl.bodies], reserved=RESERVED)
    sheets = dict(zip((b.name for b in tl.bodies), names))
    for b in tl.bodies:
        _table(wb.create_sheet(sheets[b.name]), BODY_COLUMNS, body_table(tl.lists[b.name]))
    _meta(wb.create_sheet(META_SHEET), tl, sheets, built)
    title = title_of(tl)
    wb.properties.title = cell_text(f"{title}任务分工表" if title else "任务分工表")
    wb.properties.creator = f"kg {__version__}"
    wb.properties.created = wb.properties.modified = office_time(built)
    wb.save(path)
