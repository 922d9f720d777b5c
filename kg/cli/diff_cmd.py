"""``kg diff OLD NEW``: what changed between two documents or two builds (see kg.diff)."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from kg.cli import app, printable
from kg.errors import InputError


@app.command("diff")
def diff(
    old: Path = typer.Argument(..., metavar="OLD",
                               help="The earlier side: a .txt/.md/.docx document, a folder of documents, "
                                    "or a saved build (graph.json, its folder, or a `kg build --out` folder)."),
    new: Path = typer.Argument(..., metavar="NEW", help="The later side, in any of the same forms."),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help="table (default), md or json."),
    threshold: float = typer.Option(None, "--threshold", "-t", metavar="X",
                                    help="Word similarity (Dice, 0-1] from which two task texts are the same "
                                         "task (default: kg.diff.THRESHOLD, 0.5)."),
) -> None:
    """Compare the tasks of OLD and NEW: 新增任务, 删除任务, 牵头/责任单位变化, 时限变化, 指标目标变化.

    Tasks are matched by the meaning of their text (shared content words after pkuseg segmentation), not by the exact string, so a reworded task is still the same task: this year's speech against last year's, the 二季度 meeting against the 一季度 one.
    """
    from kg import diff as D
    from kg.pipeline import default_jobs

    if fmt not in D.FORMATS:
        raise InputError(f"unknown format {fmt!r}: choose one of {', '.join(D.FORMATS)}")
    if threshold is None:
        threshold = D.THRESHOLD
    if not 0 < threshold <= 1:
        raise InputError(f"--threshold must be above 0 and at most 1, not {threshold:g}")
    jobs = default_jobs()
    result = D.diff_graphs(D.read_side(old, jobs), D.read_side(new, jobs), threshold,
                           old_name=str(old), new_name=str(new))
    if fmt == "json":
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    elif fmt == "md":
        typer.echo(D.render_markdown(result), nl=False)
    else:
        _tables(result)


def _tables(d) -> None:
    """The report as rich tables; every value from a document is escaped, never read as markup."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from kg import diff as D

    console = Console()
    console.print(f"[bold]任务对比[/bold]：{escape(d.old_name)} → {escape(d.new_name)}")
    console.print(f"原任务 {d.old_tasks} 项，现任务 {d.new_tasks} 项，对应 {d.matched} 项"
                  f"（其中表述调整 {d.reworded} 项）；相似度阈值 {d.threshold:g}")
    for key, title in D.SECTIONS:
        columns, rows = D.rows(d, key)
        table = Table(title=f"{title}（{len(rows)}）", title_justify="left", show_lines=True)
        for c in columns:
            table.add_column(c, overflow="fold", ratio=3 if c == "任务" else 1)
        for r in rows:
            table.add_row(*(escape(printable(v)) for v in r))
        if rows:
            console.print(table)
        else:
            console.print(f"[bold]{title}[/bold]：（无）")
