"""Department task lists: the 任务分工表 and each body's own list, in xlsx, docx, csv, md and json.

``write_tasks`` writes one format (optionally only one body, role or document);
``write_default`` is what ``kg build`` writes (xlsx and md). Both only read the
graph: ``kg.export.rows`` turns it into rows, and one module per format writes them.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import networkx as nx

from kg import schema as S
from kg.errors import InputError
from kg.export.files import (COLLECTIVES_STEM, EVIDENCE_STEM, FORMATS, GAPS_STEM, PERSONS_STEM, TABLE_STEM,
                             choose_format, ensure_folder, is_folder, write_atomic)
from kg.export.rows import (BODY_COLUMNS, EVIDENCE_COLUMNS, GAP_COLUMNS, GROUP_COLUMNS, TASK_COLUMNS, TaskLists,
                            body_table, departments, evidence_table, gap_table, group_table, read_tasks, select,
                            task_table)
from kg.export.safe import file_stems, inside

__all__ = ["FORMATS", "DEFAULT_FORMATS", "write_tasks", "write_default", "default_files", "read_tasks", "select",
           "TaskLists"]

# What ``kg build`` writes into its exports folder.
DEFAULT_FORMATS: tuple[str, ...] = ("xlsx", "md")


def _write_text(path: Path, text: str) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


def _write(tl: TaskLists, fmt: str, target: Path, folder: Path | None, body: str | None,
           built: datetime) -> list[Path]:
    """Write ``tl`` in ``fmt`` to ``target``; a CSV into a folder also gets the gaps and one file per body."""
    if fmt == "xlsx":
        from kg.export.workbook import write_xlsx
        return [write_atomic(target, lambda tmp: write_xlsx(tl, tmp, built))]
    if fmt == "docx":
        from kg.export.worddoc import write_docx
        return [write_atomic(target, lambda tmp: write_docx(tl, tmp, built, body))]
    if fmt == "md":
        from kg.export.markdown import render_markdown
        return [_write_text(target, render_markdown(tl, body))]
    if fmt == "json":
        from kg.export.jsonfile import render_json
        return [_write_text(target, render_json(tl))]
    from kg.export.csvfile import write_csv
    if body is not None:
        return [write_atomic(target, lambda tmp: write_csv(tmp, BODY_COLUMNS, body_table(tl.lists[body])))]
    paths = [write_atomic(target, lambda tmp: write_csv(tmp, TASK_COLUMNS, task_table(tl.tasks)))]
    if folder is not None:
        tables = [(GAPS_STEM, GAP_COLUMNS, gap_table(tl.unassigned)),
                  (EVIDENCE_STEM, EVIDENCE_COLUMNS, evidence_table(tl.tasks))]
        tables += [(stem, GROUP_COLUMNS, group_table(tl, kind))
                   for kind, stem in ((S.COLLECTIVE, COLLECTIVES_STEM), (S.PERSON, PERSONS_STEM))]
        for stem, columns, rows in tables:
            if rows or stem == GAPS_STEM:
                paths.append(write_atomic(inside(folder, f"{stem}.csv"),
                                          lambda tmp, c=columns, r=rows: write_csv(tmp, c, r)))
        bodies = departments(tl)
        stems = file_stems([b.name for b in bodies],
                           reserved=(target.stem, GAPS_STEM, EVIDENCE_STEM, COLLECTIVES_STEM, PERSONS_STEM))
        for b, stem in zip(bodies, stems):
            rows = body_table(tl.lists[b.name])
            paths.append(write_atomic(inside(folder, f"{stem}.csv"),
                                      lambda tmp, rows=rows: write_csv(tmp, BODY_COLUMNS, rows)))
    return paths


def write_tasks(g: nx.MultiDiGraph, fmt: str | None, out: Path, dept: str | None = None, role: str | None = None,
                doc: str | None = None, built: datetime | None = None, force: bool = False) -> list[Path]:
    """Write the task lists of ``g`` in one format; returns the files written.

    ``out`` is a file, or a folder (existing, or a path without a suffix) that gets
    任务分工表.<fmt> (or <body>任务清单.<fmt> with ``dept``); a CSV written into a folder
    also gets 无责任单位.csv and one file per body. ``fmt`` None takes the format from
    ``out``'s suffix (else xlsx). ``dept`` (a canonical name, alias or unique prefix),
    ``role`` (牵头|负责|参与) and ``doc`` (a document id or unique prefix) narrow the lists;
    an unknown one raises kg.errors.InputError naming the closest known names.
    ``built`` is the build time for the metadata (default: now). An existing ``out`` file that is not
    of the format written (README, notes.txt) is never overwritten unless ``force``.
    """
    out = Path(out)
    fmt = choose_format(fmt, out)
    if out.is_file() and out.suffix.lower() != f".{fmt}" and not force:
        raise InputError(f"{out} exists and is not a .{fmt} file; kg does not overwrite it "
                         f"(give a folder or a file name ending .{fmt}, or pass --force)")
    tl = select(read_tasks(g), dept=dept, role=role, doc=doc)
    body = tl.bodies[0].name if dept is not None else None
    built = built or datetime.now().astimezone()
    if is_folder(out):
        folder = ensure_folder(out)
        stem = file_stems([f"{body}任务清单"])[0] if body else TABLE_STEM
        target = inside(folder, f"{stem}.{fmt}")
    else:
        folder, target = None, out
    from kg.scratch import clean_dead_temps

    clean_dead_temps(target.parent)  # what an export killed while writing here left (kg.scratch)
    return _write(tl, fmt, target, folder, body, built)


def write_default(g: nx.MultiDiGraph, out_dir: Path, built: datetime | None = None) -> list[Path]:
    """What ``kg build`` writes: 任务分工表.xlsx and 任务分工表.md in ``out_dir``."""
    folder = ensure_folder(Path(out_dir))
    built = built or datetime.now().astimezone()
    tl = read_tasks(g)
    paths: list[Path] = []
    for fmt, target in zip(DEFAULT_FORMATS, default_files(folder)):
        paths += _write(tl, fmt, target, None, None, built)
    return paths


def default_files(out_dir: Path) -> list[Path]:
    """The files write_default writes into ``out_dir``, in its order."""
    return [inside(Path(out_dir), f"{TABLE_STEM}.{fmt}") for fmt in DEFAULT_FORMATS]
