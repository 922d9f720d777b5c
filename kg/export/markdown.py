"""Markdown task lists: the 任务分工表, the tasks no body owns, and each body's list, as tables.

Cells are single lines with every character that could become markup escaped,
so a sentence from a document always renders as the text it is.
"""
from __future__ import annotations

from kg import __version__
from kg.export.rows import BODY_COLUMNS, TASK_COLUMNS, Cell, TaskLists, body_table, task_table, title_of
from kg.export.safe import md_cell

_NONE = "（无）"


def _table(columns: tuple[str, ...], rows: list[list[Cell]]) -> list[str]:
    if not rows:
        return [_NONE]
    align = ["---:" if c == "序号" else "---" for c in columns]
    lines = ["| " + " | ".join(md_cell(c) for c in columns) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(md_cell(str(v)) for v in values) + " |" for values in rows]
    return lines


def _header(tl: TaskLists, heading: str) -> list[str]:
    lines = [f"# {md_cell(heading)}", ""]
    if tl.documents:
        lines += ["来源：" + "；".join(md_cell(f"《{d.title}》" if d.title else d.id) for d in tl.documents), ""]
    if tl.filters:
        lines += ["筛选：" + "；".join(md_cell(f"{k}={v}") for k, v in tl.filters), ""]
    lines += [f"生成工具：kg {__version__}", ""]
    return lines


def render_markdown(tl: TaskLists, body: str | None = None) -> str:
    """The Markdown text of ``tl``: all lists, or with ``body`` only that body's list."""
    if body is not None:
        b = tl.body(body)
        lines = _header(tl, f"{body}任务清单")
        if b.aliases:
            lines += ["文中写法：" + md_cell("、".join(b.aliases)), ""]
        return "\n".join(lines + _table(BODY_COLUMNS, body_table(tl.lists[body]))) + "\n"
    title = title_of(tl)
    lines = _header(tl, f"{title}任务分工表" if title else "任务分工表")
    lines += ["## 任务分工表", ""] + _table(TASK_COLUMNS, task_table(tl.tasks)) + [""]
    lines += ["## 无责任单位的任务", ""] + _table(TASK_COLUMNS, task_table(tl.unassigned)) + [""]
    lines += ["## 各单位任务清单", ""]
    for b in tl.bodies:
        lines += [f"### {md_cell(b.name)}", ""]
        if b.aliases:
            lines += ["文中写法：" + md_cell("、".join(b.aliases)), ""]
        lines += _table(BODY_COLUMNS, body_table(tl.lists[b.name])) + [""]
    return "\n".join(lines).rstrip("\n") + "\n"
