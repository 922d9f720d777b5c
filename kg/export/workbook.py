"""The xlsx workbook: 总表, the tasks no body owns, one sheet per body, collectives, persons, 原文, metadata.

Every sheet of tasks prints as it comes: A4 landscape, all columns fitted to the page width, the header
row repeated on every page (and frozen, with filters, on screen), thin borders, wrapped text with row
heights that show it, column widths in proportion to their content (工作任务 the widest), and a page
header naming the sheet with page numbers below. The evidence (原文) has a sheet of its own keyed by
the 总表's 序号, so it never squeezes the printed table. Every string is written as a string cell (never
a formula, a number, a link or an error value), whatever it starts with. XlsxWriter writes the file, a
sheet's rows streamed as they are made: it is about twice as fast as openpyxl's write-only mode on a
large workbook (345k cells of the 10 MB bench corpus), the task lists' largest cost; openpyxl still
reads the workbook back in the tests.
"""
from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.worksheet import Worksheet

from kg import __version__
from kg import schema as S
from kg.export.files import COLLECTIVES_STEM, EVIDENCE_STEM, GAPS_STEM, PERSONS_STEM, office_time
from kg.export.rows import (BODY_COLUMNS, EVIDENCE_COLUMNS, GAP_COLUMNS, GROUP_COLUMNS, SEP, TASK_COLUMNS, Cell,
                            TaskLists, body_table, departments, evidence_table, gap_table, group_table, task_table,
                            title_of)
from kg.export.safe import cell_text, display_width, is_formula_like, sheet_names
from kg.scratch import scratch_dir

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
# Points per printed line of 10.5 pt text, the padding of a cell, and how many width units one line of a
# column holds per unit of its width (a Chinese character of 10.5 pt is about 1.75 units of the default
# font, which display_width counts as 2; measured on LibreOffice's rendering of the corpus workbook).
_LINE_PT = 14.5
_PAD_PT = 4.0
_UNITS_PER_WIDTH = 1.1
_MARGIN_IN = 0.4  # 10 mm
# Excel keeps at most 255 characters of a page header (XlsxWriter drops a longer one).
_HEADER_MAX = 255

# The cell formats of every table: 宋体 10.5 pt; tables bordered, the header bold on a pale fill.
_FONT = {"font_name": "宋体", "font_size": 10.5}
_TABLE = {**_FONT, "border": 1, "text_wrap": True}
_FORMATS = {
    "header": {**_TABLE, "bold": True, "bg_color": "#DDEBF7", "align": "center", "valign": "vcenter"},
    "body": {**_TABLE, "valign": "top"},
    "centred": {**_TABLE, "align": "center", "valign": "vcenter"},
    "meta": {**_FONT, "text_wrap": True, "valign": "top"},
    "meta header": {**_FONT, "bold": True, "text_wrap": True, "valign": "top"},
}
HEADER, BODY, CENTRED, META, META_HEADER = _FORMATS


class _Styles:
    """The workbook's formats by name, each also with Excel's quote prefix, which keeps a formula-like
    text a text when the cell is edited."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.plain = {name: wb.add_format(props) for name, props in _FORMATS.items()}
        self.quoted = {name: wb.add_format({**props, "quote_prefix": True}) for name, props in _FORMATS.items()}


def _write(ws: Worksheet, row: int, col: int, value: Cell | None, style: str, styles: _Styles) -> None:
    """One cell: strings always as text (never a formula, a number or a link), numbers as numbers, an
    empty cell ("" or None) still bordered."""
    if value is None or value == "":
        ws.write_blank(row, col, None, styles.plain[style])
    elif isinstance(value, str):
        fmt = styles.quoted[style] if is_formula_like(value) else styles.plain[style]
        ws.write_string(row, col, cell_text(value), fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, value, styles.plain[style])
    else:
        ws.write_string(row, col, cell_text(str(value)), styles.plain[style])


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


def _page_setup(ws: Worksheet, heading: str) -> None:
    """A4 landscape, fitted to the page width, the header row on every page, sheet name and page numbers."""
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.center_horizontally()
    ws.set_margins(left=_MARGIN_IN, right=_MARGIN_IN, top=0.6, bottom=0.6)
    right, footer = "&R&A", "&C第 &P 页，共 &N 页"
    left = cell_text(heading.replace("&", "&&"))[: _HEADER_MAX - len(right) - 2].rstrip("&")
    ws.set_header(f"&L{left}{right}", {"margin": 0.3})
    ws.set_footer(footer, {"margin": 0.3})


def _table(ws: Worksheet, columns: tuple[str, ...], rows: list[list[Cell]], heading: str,
           styles: _Styles) -> None:
    """A printable table: bold, filled, bordered header row (frozen, filterable), bordered wrapped cells.
    The sheet streams its rows to a temporary file (constant_memory) with their heights; its layout is set
    first."""
    measured = [_measure(r) for r in rows]
    widths = column_widths(columns, rows, measured)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(columns) - 1)
    _page_setup(ws, heading)
    ws.set_row(0, row_height(list(columns), widths))
    for c, name in enumerate(columns):
        _write(ws, 0, c, name, HEADER, styles)
    by_column = [CENTRED if name in ("序号", "本单位职责") else BODY for name in columns]
    for r, (values, m) in enumerate(zip(rows, measured), 1):
        ws.set_row(r, row_height(values, widths, m))
        for c, (value, style) in enumerate(zip(values, by_column)):
            _write(ws, r, c, value, style, styles)
    _done(ws)


def _done(ws: Worksheet) -> None:
    """Close a finished sheet's temporary file until the workbook is saved (XlsxWriter reopens it then):
    a workbook of a thousand bodies' sheets never holds a thousand open files. This is XlsxWriter's
    facility for that limit (its maintainer's answer in XlsxWriter issue #58), not a documented call."""
    ws._opt_close()


def _meta(ws: Worksheet, tl: TaskLists, sheets: dict[str, str], built: datetime, styles: _Styles) -> None:
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
    headers = {len(rows)}
    rows += [["来源文档", "标题", "会议", "日期", "文件"]]
    rows += [[d.id, d.title, d.meeting, d.date, d.path] for d in tl.documents]
    rows += [[]]
    headers.add(len(rows))
    rows += [["单位", "工作表", "类型", "层级", "文中写法", *S.ROLE_TYPES]]
    for b in tl.bodies:
        counts = [sum(role in r.roles for r in tl.lists[b.name]) for role in S.ROLE_TYPES]
        rows.append([b.name, sheets[b.name], b.kind, b.place or b.level, SEP.join(b.aliases), *counts])
    for c, width in enumerate((22, 30, 24, 12, 40, 8, 8, 8)):
        ws.set_column(c, c, width)
    _page_setup(ws, "元数据")
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            header = r in headers or (c == 0 and r < min(headers))
            _write(ws, r, c, value, META_HEADER if header else META, styles)
    _done(ws)


def write_xlsx(tl: TaskLists, path: Path, built: datetime) -> None:
    """Write the workbook of ``tl`` to ``path``."""
    title = title_of(tl)
    heading = f"{title}任务分工表" if title else "任务分工表"
    with scratch_dir(path.parent, "xlsx") as scratch:  # the sheets' rows until saved, beside the file (kg.scratch)
        # rows go to a temporary file per sheet as they are made: memory does not grow with the table
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": scratch,
                                             "strings_to_numbers": False, "strings_to_formulas": False,
                                             "strings_to_urls": False})
        styles = _Styles(wb)
        _table(wb.add_worksheet(TABLE_SHEET), TASK_COLUMNS, task_table(tl.tasks), heading, styles)
        _table(wb.add_worksheet(GAPS_SHEET), GAP_COLUMNS, gap_table(tl.unassigned), heading, styles)
        bodies = departments(tl)
        names = sheet_names([b.name for b in bodies], reserved=RESERVED)
        sheets = dict(zip((b.name for b in bodies), names))
        for b in bodies:
            _table(wb.add_worksheet(sheets[b.name]), BODY_COLUMNS, body_table(tl.lists[b.name]),
                   f"{b.name}任务清单", styles)
        for kind, sheet in ((S.COLLECTIVE, COLLECTIVES_STEM), (S.PERSON, PERSONS_STEM)):
            rows = group_table(tl, kind)
            if rows:
                _table(wb.add_worksheet(sheet), GROUP_COLUMNS, rows, heading, styles)
                sheets.update({b.name: sheet for b in tl.bodies if b.kind == kind})
        _table(wb.add_worksheet(EVIDENCE_STEM), EVIDENCE_COLUMNS, evidence_table(tl.tasks), heading, styles)
        _meta(wb.add_worksheet(META_SHEET), tl, sheets, built, styles)
        wb.set_properties({"title": cell_text(heading), "author": f"kg {__version__}",
                           "created": office_time(built)})
        try:
            wb.close()
        except FileCreateError as exc:  # XlsxWriter's wrapper of the OSError that stopped it
            cause = exc.__cause__ or (exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None)
            raise (cause if isinstance(cause, OSError) else OSError(str(exc))) from None
