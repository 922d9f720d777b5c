"""Task tables: the rows of a 任务分工表 whose header names the columns.

A table is a header line of cells (tab- or |-separated, as .docx tables and
Markdown tables are read, or parted by runs of spaces, as text copied from a PDF
is) in which at least one cell is a role label
(牵头单位, 责任单位, 配合单位 …), followed by rows with as many cells. In each
row, the task is the cell under the task column (工作任务, 重点任务, 主要内容 …; of
several, the last that holds text, 具体措施 after 重点任务; else the longest cell), each role column's bodies get that column's role
(unless the cell says otherwise: A牵头，B配合 or A（牵头）), and the deadline
column, if any, gives the deadline as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.structure import split_spans
from kg.lexicon import cues
from kg.schema import ROLE_TYPES

_SEP = re.compile(r"\t|\|")
# Text copied from a PDF or laid out by hand parts its columns with runs of spaces (full-width ones are
# spaces in the normalised text): a header so parted opens a table whose rows are parted the same way.
_SPACES = re.compile(r" {2,}")
# A line of one cell this short inside a table is a heading row (一、知识产权保护方面); longer text ends it.
MAX_SPANNING_ROW = 40
_RULE = re.compile(r"^[\s|:：\-—]+$")  # Markdown |---|---| lines


@dataclass(frozen=True)
class Row:
    """One row: the task cell, the role cells and the deadline cell, as spans of the text."""

    start: int
    end: int
    task: tuple[int, int]
    roles: tuple[tuple[str, int, int], ...]
    deadline: tuple[int, int] | None


@lru_cache(maxsize=1)
def _labels() -> dict[str, re.Pattern[str]]:
    c = cues()
    pats = {role: re.compile(f"(?:{p})") for role, p in c["field_labels"].items()}
    pats["task"] = re.compile(f"(?:{c['task_labels']})")
    pats["deadline"] = re.compile(f"(?:{c['deadline_labels']})")
    return pats


def _cells(norm: str, s: int, e: int, sep: re.Pattern[str] = _SEP) -> list[tuple[int, int]]:
    """Cell spans of one line, trimmed; a leading/trailing | (Markdown) makes no empty cell, nor does the
    indent of a line whose cells are parted by spaces (a tab before the first cell is an empty cell)."""
    if sep is _SPACES:
        while s < e and norm[s] == " ":
            s += 1
        while e > s and norm[e - 1] == " ":
            e -= 1
    spans = split_spans(norm, s, e, sep)
    if norm[s:e].strip().startswith("|"):
        spans = spans[1:]
    if norm[s:e].strip().endswith("|"):
        spans = spans[:-1]
    out = []
    for a, b in spans:
        while a < b and norm[a].isspace():
            a += 1
        while b > a and norm[b - 1].isspace():
            b -= 1
        out.append((a, b))
    return out


def _header(norm: str, cells: list[tuple[int, int]]) -> dict[int, str] | None:
    labels = _labels()
    kinds: dict[int, str] = {}
    for i, (a, b) in enumerate(cells):
        for kind, pat in labels.items():
            # a second task column only when its label is the whole cell (具体措施, not 任务来源)
            again = kind == "task" and kind in kinds.values() and pat.fullmatch(norm[a:b].strip()) is not None
            if pat.match(norm, a, b) and (again or kind not in kinds.values()):
                kinds[i] = kind
                break
    if not any(k in ROLE_TYPES for k in kinds.values()):
        return None
    return kinds


_ROLE_KINDS = ROLE_TYPES


def _merged(norm: str, header: dict[int, str], cells: list[tuple[int, int]], width: int,
            above: dict[int, tuple[int, int]]) -> list[tuple[int, int]] | None:
    """The row's cells, one per column, with merged cells taken from the row above.

    A row under a cell merged across rows has fewer cells (the merged column is missing) or an empty
    role cell; the missing columns are placed where the row's own cells fit their columns best (role
    columns holding bodies), and take the row above's cells."""
    from kg.extract.mentions import actor_list_at

    def fits(i: int, span: tuple[int, int]) -> int:
        if header.get(i) not in _ROLE_KINDS or span[1] <= span[0]:
            return 0
        return 1 if actor_list_at(norm, span[0], span[1]) is not None else -1

    missing = width - len(cells)
    if missing:
        if not above:
            return None
        best = None
        for at in range(len(cells) + 1):  # the missing columns stand together before cell ``at``
            placed = cells[:at] + [None] * missing + cells[at:]
            score = sum(fits(i, c) for i, c in enumerate(placed) if c is not None)
            if best is None or score > best[0]:
                best = (score, placed)
        cells = best[1]
    out = []
    for i, c in enumerate(cells):
        if c is None or (header.get(i) in _ROLE_KINDS and c[1] <= c[0]):
            c = above.get(i, c if c is not None else (0, 0))
        out.append(c)
    return out


def find_rows(norm: str) -> list[Row]:
    """Every row of every task table in the (normalised) text."""
    rows: list[Row] = []
    header: dict[int, str] | None = None
    width = 0
    pos = 0
    plain = 0  # lines without cells since the last row: a short one is a heading row spanning the table
    above: dict[int, tuple[int, int]] = {}  # the cells of the row above, which merged cells repeat
    sep = _SEP
    for line in norm.splitlines(keepends=True):
        s, pos = pos, pos + len(line)
        e = s + len(line.rstrip("\r\n"))
        if not _SEP.search(norm, s, e):
            spaced = _SPACES.search(norm, s, e) is not None and norm[s:e].strip() != ""
            if spaced and (sep is _SPACES or _header(norm, _cells(norm, s, e, _SPACES)) is not None):
                sep = _SPACES  # a table whose columns are parted by spaces
            else:
                plain += 1
                if e - s > MAX_SPANNING_ROW or plain > 2:
                    header, sep = None, _SEP
                continue
        elif sep is _SPACES:
            header, sep = None, _SEP
        plain = 0
        if _RULE.match(norm[s:e]):
            continue
        cells = _cells(norm, s, e, sep)
        found = _header(norm, cells)
        if found is not None:
            header, width = found, len(cells)
            continue
        if header is None or len(cells) > width or len(cells) < 2:
            continue
        cells = _merged(norm, header, cells, width, above)
        if cells is None:
            continue
        above = dict(enumerate(cells))
        # Of several task columns (重点任务 | 具体措施), the row's own is the last that holds text: the first is
        # often a heading merged across the rows of its measures.
        task_cols = [i for i, k in sorted(header.items()) if k == "task"]
        task_col = next((i for i in reversed(task_cols) if cells[i][1] - cells[i][0] >= 2), None)
        if task_col is None and not task_cols:
            free = [i for i in range(width) if i not in header]
            if not free:
                continue
            task_col = max(free, key=lambda i: cells[i][1] - cells[i][0])
        if task_col is None:
            continue
        ts, te = cells[task_col]
        if te - ts < 2:
            continue
        roles = tuple((k, *cells[i]) for i, k in sorted(header.items()) if k in _ROLE_KINDS)
        dl = next((cells[i] for i, k in header.items() if k == "deadline"), None)
        rows.append(Row(s, e, (ts, te), roles, dl))
    return rows
