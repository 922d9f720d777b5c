"""``kg extract``: print the responsibility assignments (or entities) read from documents."""
from __future__ import annotations

import csv
import json
import re
import sys
from enum import Enum
from pathlib import Path

import typer

from kg.cli import app, printable
from kg.errors import InputError

# Control characters from a document never reach the terminal raw (ESC sequences): shown as \\xNN.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CSV_FIELDS = ("doc", "org", "mention", "org_kind", "role", "task", "deadline", "deadline_norm", "section",
              "start", "end", "evidence")


class Format(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


@app.command("extract")
def extract(
    paths: list[Path] = typer.Argument(..., help="Files (.txt, .md, .docx) or folders to read."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="jsonl (one assignment per line), csv, or table."),
    entities: bool = typer.Option(False, "--entities", help="Print projects, indicators and policies (JSONL) instead."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Processes to use (0: one per core). Output is the same for any value."),
    segmenter: str = typer.Option("pkuseg", "--segmenter", help="Word segmenter: pkuseg (default) or char."),
    explain: bool = typer.Option(False, "--explain", help="Print, per sentence, the spans read and the frame "
                                 "that fired (or why none did), to see why a body was or was not given a task."),
) -> None:
    """Read documents and print who must do what: actor, role (牵头/负责/参与), task, deadline, evidence."""
    from kg.extract.nlp import SEGMENTERS
    from kg.pipeline import default_jobs, extract_paths

    failures: list[InputError] = []

    def on_error(err: InputError) -> None:
        failures.append(err)
        typer.echo(f"kg: error: {printable(err)}", err=True)

    jobs = jobs or default_jobs()
    if segmenter not in SEGMENTERS:
        raise InputError(f"unknown segmenter {segmenter!r}: choose one of {', '.join(SEGMENTERS)}")
    if explain:
        _explain(paths, segmenter, on_error)
        if failures:
            raise typer.Exit(2)
        return
    results = extract_paths(paths, jobs=jobs, on_error=on_error, segmenter=segmenter)
    out = sys.stdout
    if entities:
        from kg.entities import entities_to_json

        for r in results:
            by_index = {s.index: s for s in r.sentences}
            for e in r.entities:
                out.write(json.dumps(entities_to_json(e, by_index), ensure_ascii=False) + "\n")
    elif fmt is Format.jsonl:
        for r in results:
            for a in r.assignments:
                out.write(json.dumps(a.to_json(), ensure_ascii=False) + "\n")
    elif fmt is Format.csv:
        w = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in results:
            for a in r.assignments:
                w.writerow(a.to_json())
    else:
        _print_table(results)
    out.flush()
    if failures:
        raise typer.Exit(2)


def _explain(paths: list[Path], segmenter: str, on_error) -> None:
    from kg.documents import iter_inputs, read_document
    from kg.extract.explain import explain

    for p in iter_inputs(paths):
        if isinstance(p, InputError):
            on_error(p)
            continue
        try:
            doc = read_document(p)
        except InputError as err:
            on_error(err)
            continue
        for line in explain(doc, segmenter):
            sys.stdout.write(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", line) + "\n")
    sys.stdout.flush()


def _print_table(results) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for r in results:
        table = Table(title=_esc(f"{r.document.id}  {r.meta.title or ''}".strip()), show_lines=True, expand=True)
        table.add_column("句", justify="right", no_wrap=True)
        table.add_column("单位", no_wrap=True)
        table.add_column("角色", no_wrap=True)
        table.add_column("任务")
        table.add_column("时限", no_wrap=True)
        for a in r.assignments:
            who = a.org if a.org == a.mention else f"{a.org}（{a.mention}）"
            table.add_row(str(a.sentence_index), _esc(who), a.role, _esc(a.task), _esc(a.deadline or ""))
        if not r.assignments:
            console.print(f"{r.document.id}: no assignments found")
        else:
            console.print(table)


def _esc(text: str) -> str:
    """Document text for a rich table cell: markup escaped, control characters (ESC …) written as escapes."""
    from rich.markup import escape

    return escape(printable(text))

