"""``kg export``: write the saved graph out as files other people use.

``kg export tasks`` writes the 任务分工表 and each body's own task list (see kg.export).
Other exports register further subcommands on ``export_app``.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Optional

import typer

from kg.cli import app
from kg.errors import InputError

export_app = typer.Typer(
    name="export",
    help="Write the saved graph out as files: the 任务分工表 and each body's task list, and more.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")

DEFAULT_GRAPH = Path("out/graph.json")
DEFAULT_OUT = Path("exports")


def load_saved_graph(path: Path):
    """The graph ``kg build`` saved at ``path``; a missing file is a one-line InputError."""
    if not path.is_file():
        raise InputError(f"no graph at {path}: run `kg build` first, or pass --graph PATH")
    from kg.graph_io import load_graph

    return load_graph(path)


@export_app.command("tasks")
def tasks(
    fmt: Optional[str] = typer.Option(
        None, "--format", "-f", metavar="xlsx|docx|csv|md|json",
        help="File format; default: the suffix of --out, else xlsx."),
    dept: Optional[str] = typer.Option(
        None, "--dept", metavar="NAME",
        help="Only this body's list: its name, any form it was written as, with or without its level word "
             "(商务局 finds 区商务局), or a unique prefix."),
    role: Optional[str] = typer.Option(None, "--role", metavar="牵头|负责|参与", help="Only tasks held in this role."),
    doc: Optional[str] = typer.Option(None, "--doc", metavar="ID", help="Only tasks of this document (id or unique prefix)."),
    out: Path = typer.Option(
        DEFAULT_OUT, "--out", "-o", metavar="PATH",
        help="File to write, or a folder that gets 任务分工表.<format> (<body>任务清单.<format> with --dept; "
             "CSV also gets 无责任单位.csv and one file per body)."),
    graph: Path = typer.Option(DEFAULT_GRAPH, "--graph", metavar="PATH", help="The graph saved by `kg build`."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing --out file that is not of the format written."),
) -> None:
    """Write the 任务分工表 (one row per task: 牵头/责任/配合单位, 完成时限, 来源) and each body's task list.

    xlsx: 总表, 无责任单位 (tasks no body leads or is responsible for), one sheet per body, 集体, 个人, 原文, 元数据.
    docx: a landscape table ready to print. csv: UTF-8 with BOM for Excel/WPS. md: tables. json: for other programs.
    """
    from kg.export import write_tasks

    from kg.export.files import is_folder
    from kg.locks import lock_if_present

    g = load_saved_graph(graph)
    # a folder of lists is written by one process at a time; a single file is replaced atomically anyway
    lock = lock_if_present(out, "kg build or kg export") if is_folder(out) else contextlib.nullcontext()
    with lock:
        paths = write_tasks(g, fmt, out, dept=dept, role=role, doc=doc, force=force)
    for path in paths:
        typer.echo(str(path))


@export_app.command("neo4j-import")
def neo4j_import(
    out: Path = typer.Option(
        DEFAULT_OUT / "neo4j-import", "--out", "-o", metavar="DIR",
        help="Folder to write the CSV files, import.sh, constraints.cypher and README.txt into."),
    graph: Path = typer.Option(DEFAULT_GRAPH, "--graph", metavar="PATH", help="The graph saved by `kg build`."),
) -> None:
    """Write CSV files for `neo4j-admin database import full`: one per label and per relationship type.

    For the first load of a large graph into a new Neo4j database or cluster, offline and without
    transactions; use `kg build` or `kg load` for incremental updates. DIR/import.sh holds the exact command.
    """
    from kg.export.neo4j_import import SCRIPT, write_neo4j_import

    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; give a folder for the import files")
    g = load_saved_graph(graph)
    for path in write_neo4j_import(g, out):
        typer.echo(str(path))
    typer.echo(f"run: sh {out / SCRIPT} [DATABASE]", err=True)
