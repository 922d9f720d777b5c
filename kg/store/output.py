"""Query rows as a terminal table, JSON or CSV.

Values come from documents, so they are never interpreted: the table renders
them as plain text (no console markup), and a CSV cell that a spreadsheet
would read as a formula (= + - @, tab, CR) is prefixed with an apostrophe.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from kg.terminal import printable

FORMATS = ("table", "json", "csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def columns(rows: Sequence[dict]) -> list[str]:
    """Column names in first-seen order over all rows."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def cell_text(value: Any) -> str:
    """A value as one line of text: lists joined with '、', maps as JSON, null as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "、".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows as text, never evaluates."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_json(rows: Sequence[dict]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2, default=str)


def to_csv(rows: Sequence[dict]) -> str:
    buf = io.StringIO()
    cols = columns(rows)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in cols])
    for row in rows:
        writer.writerow([safe_cell(cell_text(row.get(c))) for c in cols])
    return buf.getvalue()


def print_table(rows: Sequence[dict], title: str | None = None) -> None:
    """A rich table on stdout; values are Text objects so '[bold]' in a document stays literal."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    cols = columns(rows)
    table = Table(title=Text(printable(title)) if title else None, show_lines=False)
    for col in cols:
        table.add_column(Text(col), overflow="fold")
    for row in rows:
        table.add_row(*(Text(printable(cell_text(row.get(c)))) for c in cols))
    console.print(table)
    console.print(Text(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim"))


def render(rows: Sequence[dict], fmt: str) -> str:
    """Rows as JSON or CSV text (the table is printed by ``print_table``)."""
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows)
    raise ValueError(f"unknown format {fmt!r}")
