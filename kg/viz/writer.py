"""Write every page of the graph into one output folder, and nothing anywhere else.

``write_all`` writes index.html, overview.html, matrix.html, dept/<body>.html
(one per body: department, collective or person), doc/<document>.html and
lib/vis-network-<version>.min.js, which every graph page loads. Each file is written to a temporary name in its own
folder and then renamed, so a failed run never leaves a half-written page;
pages of bodies or documents that are no longer in the graph are removed (only
``*.html`` in dept/ and doc/, which this module owns).
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

import networkx as nx

from kg import schema as S
from kg.errors import KgError
from kg.graph import graph_key
from kg.scratch import temp_prefix
from kg.viz import views
from kg.viz.elements import UNASSIGNED, Context, context, role_counts
from kg.viz.incremental import MANIFEST, PageInputs, read_manifest, settings_key, stale_pages
from kg.viz.names import inside, unique_stems
from kg.viz.pages import body_elements, document_elements, overview_elements
from kg.viz.render import VIS_LIB, VIS_MARK, graph_page, index_page, matrix_page, vis_library
from kg.viz.style import load_style

DEPT_DIR = "dept"
# The overview draws at most this many bodies (the busiest); the index lists every one.
OVERVIEW_BODIES = 300
DOC_DIR = "doc"
LIB_DIR = "lib"  # vis-network's JavaScript, once for all pages


# Every page kg writes says so in its head; a file without it is the user's and is never replaced or deleted.
GENERATOR = '<meta name="generator" content="kg viz'
_OLD_INDEX = "<title>责任图谱 · 索引</title>"  # the index of kg versions before the generator line


def is_ours(path: Path) -> bool:
    """Whether ``path`` is a page kg viz wrote (its head names kg viz as its generator), or the
    JavaScript library it writes into lib/ (its first line says so)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        return GENERATOR.encode() in head or _OLD_INDEX.encode() in head or head.startswith(VIS_MARK.encode())
    except OSError:
        return False


def _write(root: Path, path: Path, text: str, force: bool = False) -> Path:
    """Write ``text`` to ``path`` (inside ``root``) atomically; a file there that kg did not write is
    replaced only with ``force``."""
    full = inside(root, path)
    if full.exists() and not force and not (full.is_file() and not full.is_symlink() and is_ours(full)):
        raise KgError(f"{full} exists and was not written by kg viz; kg does not replace it "
                      "(choose another --out, or pass --force)")
    full.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(full), suffix=".tmp", dir=full.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, full)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return full


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _href(*parts: str) -> str:
    return "/".join(quote(p) for p in parts)


def _task_counts(ctx: Context, nodes: Iterable[str]) -> tuple[int, int]:
    """How many of ``nodes`` are tasks, and how many of those no body holds."""
    tasks = [n for n in nodes if ctx.g.nodes[n].get("label") == S.TASK]
    return len(tasks), sum(1 for t in tasks if ctx.kind(t) == UNASSIGNED)


def write_all(g: nx.MultiDiGraph, out_dir: Path, *, max_nodes: int | None = None, force: bool = False,
              since: tuple[PageInputs, set[str]] | None = None) -> list[Path]:
    """Write all graph pages of ``g`` into ``out_dir``; return the folder's files (index first).

    ``max_nodes`` overrides the style's limit above which a page is aggregated. Files in the folder
    that kg viz did not write are never deleted, and replaced only with ``force``. ``since``: what the
    pages showed before a build changed the graph (kg.viz.incremental.page_inputs) and the documents it
    read or removed; then only the pages that changed are written (the overview, the matrix and the
    index too, unless the graph is the same), if the folder's pages are those of that graph. Reads the
    graph only. Raises KgError if the folder cannot be written.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise KgError(f"output folder {out} exists and is not a folder")
    try:
        return _write_all(g, out, max_nodes, force, since)
    except OSError as exc:
        raise KgError(f"cannot write visualizations to {out}: {exc.strerror or exc}") from exc


def _write_all(g: nx.MultiDiGraph, out: Path, max_nodes: int | None, force: bool,
               since: tuple[PageInputs, set[str]] | None) -> list[Path]:
    style = load_style()
    out.mkdir(parents=True, exist_ok=True)
    root = out.resolve()
    written: list[Path] = []
    settings = settings_key(max_nodes)
    stale_docs: set[str] | None = None  # None: every page is written
    stale_bodies: set[str] | None = None
    if since is not None:
        manifest = read_manifest(root)
        if manifest.get("graph") == since[0].graph and manifest.get("settings") == settings:
            stale_docs, stale_bodies = stale_pages(g, *since)
    # the same graph as the folder's pages (a build that changed nothing): the overview, the matrix and
    # the index, which show the whole graph, are current too
    keep_whole = (since is not None and not since[1] and stale_docs is not None
                  and graph_key(g) == since[0].graph
                  and all(_kept(root / name) for name in ("overview.html", "matrix.html", "index.html")))
    (root / MANIFEST).unlink(missing_ok=True)  # until every page is written, they are of no one graph

    lib = root / LIB_DIR / VIS_LIB
    if not (lib.is_file() and not lib.is_symlink() and lib.read_text(encoding="utf-8") == vis_library()):
        _write(root, lib, force=force, text=vis_library())
    written.append(lib)
    ctx = context(g, style)  # built once: every page shares its lookups
    dept_ids = views.bodies(g)
    stems = unique_stems((a, str(g.nodes[a].get("name", a))) for a in dept_ids)
    if keep_whole:
        written.append(root / "overview.html")
    else:
        sel = views.overview(g)
        els = overview_elements(g, ctx, {a: _href(DEPT_DIR, f"{stems[a]}.html") for a in dept_ids},
                                OVERVIEW_BODIES if max_nodes is None else max(min(max_nodes, OVERVIEW_BODIES), 1))
        n_tasks, n_unassigned = _task_counts(ctx, sel.nodes)
        written.append(_write(root, root / "overview.html", force=force, text=graph_page(
            els, style, title="总览：谁牵头、谁负责、谁参与",
            subtitle="每个主体一个节点（大小：任务数；边框：牵头数），共同承担任务的主体相连（粗细：共同任务数）；点击主体看它的任务",
            home="index.html", overview=None, task_count=n_tasks, unassigned_count=n_unassigned, lib=LIB_DIR)))
        overview_link = {"href": "overview.html", "nodes": len(els.nodes), "note": els.note}

    dept_rows = []
    for a in dept_ids:
        name = str(g.nodes[a].get("name", a))
        roles = role_counts(g, a)
        file = f"{stems[a]}.html"
        kind = style.kind(ctx.kind(a))["label"]
        dept_rows.append({"name": name, "kind": kind, "href": _href(DEPT_DIR, file), "roles": roles,
                          "tasks": sum(roles.values()), "id": a})
        if stale_bodies is not None and a not in stale_bodies and _kept(root / DEPT_DIR / file):
            written.append(root / DEPT_DIR / file)
            continue
        sel = views.department(g, a)
        els = body_elements(g, sel, ctx, a, max_nodes)
        n_tasks, n_unassigned = _task_counts(ctx, sel.nodes)
        written.append(_write(root, root / DEPT_DIR / file, force=force, text=graph_page(
            els, style, title=name, subtitle=f"{name} 的任务：牵头 {roles[S.LEAD]} · 负责 {roles[S.RESPONSIBLE]} · "
            f"参与 {roles[S.ASSIST]}；以及同一任务上的其他主体和任务涉及的项目、指标",
            home="../index.html", overview="../overview.html", task_count=n_tasks, unassigned_count=n_unassigned,
            lib=f"../{LIB_DIR}")))
    dept_rows.sort(key=lambda r: (-r["tasks"], r["id"]))

    doc_nodes = {g.nodes[n].get("name", n): g.nodes[n] for n in views.nodes_with_label(g, S.DOCUMENT)}
    doc_stems = unique_stems((d, d) for d in doc_nodes)
    doc_rows = []
    doc_index = views.DocumentIndex.of(g)
    for doc in sorted(doc_nodes):
        meta = doc_nodes[doc]
        n_tasks, n_unassigned = _task_counts(ctx, doc_index.tasks.get(doc, []))
        title = str(meta.get("title") or doc)
        file = f"{doc_stems[doc]}.html"
        doc_rows.append({"name": doc, "title": str(meta.get("title") or ""), "href": _href(DOC_DIR, file),
                         "date": str(meta.get("date") or meta.get("year") or ""), "tasks": n_tasks,
                         "unassigned": n_unassigned})
        if stale_docs is not None and doc not in stale_docs and _kept(root / DOC_DIR / file):
            written.append(root / DOC_DIR / file)
            continue
        sel = views.document(g, doc, doc_index)
        els = document_elements(g, sel, ctx, max_nodes, doc)
        written.append(_write(root, root / DOC_DIR / file, force=force, text=graph_page(
            els, style, title=title, subtitle=" · ".join(str(x) for x in (doc, meta.get("date") or meta.get("year"),
                                                                     meta.get("meeting")) if x),
            home="../index.html", overview="../overview.html", task_count=n_tasks, unassigned_count=n_unassigned,
            lib=f"../{LIB_DIR}")))

    index = root / "index.html"
    if keep_whole:
        written.append(root / "matrix.html")
    else:
        all_tasks = views.nodes_with_label(g, S.TASK)
        counts = {
            "documents": len(doc_nodes),
            "bodies": len(views.nodes_with_label(g, S.ACTOR)),
            "tasks": len(all_tasks),
            "unassigned": sum(1 for t in all_tasks if ctx.kind(t) == UNASSIGNED),
        }
        written.append(_write(root, root / "matrix.html", force=force,
                              text=matrix_page(**_matrix(g, dept_rows, doc_nodes))))
        index = _write(root, index, force=force, text=index_page(
            style, counts=counts, overview=overview_link, departments=dept_rows, documents=doc_rows))
    _remove_stale(root, set(written))
    # the folder's MANIFEST (removed above): which graph and settings its pages are of (kg.viz.incremental)
    written.append(_write(root, root / MANIFEST, text=json.dumps({"graph": graph_key(g), "settings": settings},
                                                                 sort_keys=True)))
    return [index, *written]


def _kept(page: Path) -> bool:
    """Whether a page of the previous build can stay as it is (it is there, and kg's)."""
    return page.is_file() and not page.is_symlink() and is_ours(page)


def _matrix(g: nx.MultiDiGraph, dept_rows: list[dict], doc_nodes: dict[str, dict]) -> dict:
    """The rows of the 分工矩阵: each body with a task, a cell per document (roles counted, tasks listed).

    At most MATRIX_DOCUMENTS columns (the documents with the most tasks, in id order): a table of an
    archive's thousands of documents is read by no one, and would grow as bodies × documents."""
    by_body: dict[str, dict[str, list[tuple]]] = {}
    tasks_of_doc: dict[str, int] = {}
    for r in dept_rows:
        if not r["tasks"]:
            continue
        by_doc = by_body[r["id"]] = {}
        for _, t, k in g.out_edges(r["id"], keys=True):
            if k in S.ROLE_TYPES:
                d = g.nodes[t]
                doc = str(d.get("doc"))
                by_doc.setdefault(doc, []).append(
                    (S.ROLE_TYPES.index(k), d.get("task_start") or 0, k, str(d.get("text") or ""), d.get("deadline")))
                tasks_of_doc[doc] = tasks_of_doc.get(doc, 0) + 1
    ranked = sorted(doc_nodes, key=lambda d: (-tasks_of_doc.get(d, 0), d))
    docs = sorted(ranked[:MATRIX_DOCUMENTS])
    documents = [{"id": d, "title": str(doc_nodes[d].get("title") or d),
                  "label": _short_title(str(doc_nodes[d].get("title") or d))} for d in docs]
    rows = []
    for i, r in enumerate(r for r in dept_rows if r["tasks"]):
        by_doc = by_body[r["id"]]
        cells = []
        for j, doc in enumerate(docs):
            tasks = sorted(by_doc.get(doc, []))
            if not tasks:
                cells.append(_EMPTY_CELL)
                continue
            roles = {role: sum(1 for x in tasks if x[2] == role) for role in S.ROLE_TYPES}
            cells.append({
                "anchor": f"b{i}-d{j}", "document": documents[j]["title"], "roles": roles,
                "text": " · ".join(f"{role} {n}" for role, n in roles.items() if n),
                "tasks": [{"role": x[2], "text": x[3], "deadline": x[4] or ""} for x in tasks],
            })
        rows.append({"name": r["name"], "href": r["href"], "cells": cells, "total": r["tasks"]})
    left_out = len(doc_nodes) - len(docs)
    note = f"只列出任务最多的 {len(docs)} 份文件，其余 {left_out} 份见索引页。" if left_out else ""
    return {"documents": documents, "rows": rows, "note": note}


_EMPTY_CELL: dict = {"anchor": ""}
# The 分工矩阵 has a column for at most this many documents.
MATRIX_DOCUMENTS = 100


def _short_title(title: str, n: int = 14) -> str:
    return title if len(title) <= n else title[:n] + "…"


def _remove_stale(root: Path, keep: set[Path]) -> None:
    """Delete pages of bodies/documents no longer in the graph (only kg's own *.html in its subfolders)."""
    for sub in (DEPT_DIR, DOC_DIR):
        folder = root / sub
        if not folder.is_dir():
            continue
        for page in folder.glob("*.html"):
            if page.is_file() and not page.is_symlink() and page.resolve() not in keep and is_ours(page):
                page.unlink()

