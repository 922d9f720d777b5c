"""Markdown task lists: the 任务分工表, the tasks no body owns, and each body's list, as tables.

Cells are single lines with every character that could become markup escaped,
so a sentence from a document always renders as the text it is.
"""
from __future__ import annotations

from kg import __version__
from kg import schema as S
from kg.export.rows import (BODY_COLUMNS, EVIDENCE_COLUMNS, GAP_COLUMNS, GROUP_COLUMNS, TASK_COLUMNS, Cell, TaskLists,
                            body_table, departments, evidence_table, gap_table, group_table, sources_of, task_table,
                            title_of)
from kg.export.safe import md_cell

_NONE = "（无）"


def _table(columns: tuple[str, ...], rows: list[list[Cell]]) -> list[str]:
    if not rows:
        return [_NONE]
    align = ["---:" if c == "序号" else "---" for c in columns]
    lines = ["| " + " | ".join(md_cell(c) for c in columns) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(md_cell(str(v)) for v in values) + " |" for values in rows]
    return lines


def _header(tl: TaskLists, heading: str, body: str | None = None) -> list[str]:
    lines = [f"# {md_cell(heading)}", ""]
    docs = sources_of(tl, body)
    if docs:
        lines += ["来源：" + "；".join(md_cell(f"《{d.title}》" if d.title else d.id) for d in docs), ""]
    if tl.filters:
        lines += ["筛选：" + "；".join(md_cell(f"{k}={v}") for k, v in tl.filters), ""]
    lines += [f"生成工具：kg {__version__}", ""]
    return lines


def render_markdown(tl: TaskLists, body: str | None = None) -> str:
    """The Markdown text of ``tl``: all lists, or with ``body`` only that body's list."""
    if body is not None:
        b = tl.body(body)
        lines = _header(tl, f"{body}任务清单", body)
        if b.aliases:
            lines += ["文中写法：" + md_cell("、".join(b.aliases)), ""]
        return "\n".join(lines + _table(BODY_COLUMNS, body_table(tl.lists[body]))) + "\n"
    title = title_of(tl)
    lines = _header(tl, f"{title}任务分工表" if title else "任务分工表")
    lines += ["## 任务分工表", ""] + _table(TASK_COLUMNS, task_table(tl.tasks)) + [""]
    lines += ["## 无责任单位的任务", ""] + _table(GAP_COLUMNS, gap_table(tl.unassigned)) + [""]
    lines += ["## 各单位任务清单", ""]
    for b in departments(tl):
        lines += [f"### {md_cell(b.name)}", ""]
        if b.aliases:
            lines += ["文中写法：" + md_cell("、".join(b.aliases)), ""]
        lines += _table(BODY_COLUMNS, body_table(tl.lists[b.name])) + [""]
    for kind, heading in ((S.COLLECTIVE, "## 集体承担的任务"), (S.PERSON, "## 个人承担的任务")):
        rows = group_table(tl, kind)
        if rows:
            lines += [heading, ""] + _table(GROUP_COLUMNS, rows) + [""]
    lines += ["## 原文（按任务分工表序号）", ""] + _table(EVIDENCE_COLUMNS, evidence_table(tl.tasks)) + [""]
    return "\n".join(lines).rstrip("\n") + "\n"
