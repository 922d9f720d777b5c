"""The main job: documents in, graph, store, HTML graphs and task lists out.

``update_graph`` is incremental: a document whose text (and the extraction
rules) did not change since the saved graph keeps its facts untouched and is
not read again by the extractor; a changed document's facts are replaced; a
document that disappeared from a folder given again is removed. Outputs are
written in order graph → HTML → task lists → store, so a store fault leaves
every file output written and the store as it was (its load is one
transaction), and the next build completes it.
"""
from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx

from kg import __version__
from kg import schema as S
from kg.documents import document_ids, iter_inputs, stored_form
from kg.errors import InputError, KgError
from kg.graph import DocIndex, add_document, derive, document_id, remove_documents
from kg.model import DocResult

GRAPH_DIR = "out"
VIZ_DIR = "visualizations"
EXPORT_DIR = "exports"


@dataclass
class BuildReport:
    """What a build read, skipped, found and wrote; the summary ``kg build`` prints."""

    read: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    store: str = ""


def rules_fingerprint() -> str:
    """The version and the data files of the extractor: a change in either re-reads every document."""
    h = hashlib.sha256(__version__.encode())
    for f in sorted(resources.files("kg.data").iterdir(), key=lambda p: p.name):
        if f.name.endswith(".yaml"):
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:16]


def _digest(path: Path) -> str:
    """The file's SHA-256, read in blocks so that a huge input never sits in memory whole."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def graph_counts(g: nx.MultiDiGraph) -> dict[str, int]:
    """The figures of the build summary."""
    by_label: dict[str, int] = {}
    unassigned = 0  # what the 无责任单位 sheet holds: tasks no body leads or is responsible for
    for n, d in g.nodes(data=True):
        by_label[d.get("label", "")] = by_label.get(d.get("label", ""), 0) + 1
        if d.get("label") == S.TASK and not any(k in (S.LEAD, S.RESPONSIBLE) for _, _, k in g.in_edges(n, keys=True)):
            unassigned += 1
    return {"documents": by_label.get(S.DOCUMENT, 0), "bodies": by_label.get(S.ACTOR, 0),
            "tasks": by_label.get(S.TASK, 0), "tasks without an owner (无责任单位)": unassigned,
            "indicators": by_label.get(S.INDICATOR, 0), "projects": by_label.get(S.PROJECT, 0),
            "policies": by_label.get(S.POLICY, 0), "relationships": g.number_of_edges()}


def update_graph(previous: nx.MultiDiGraph | None, paths: Iterable[str | Path], jobs: int = 1,
                 segmenter: str | None = None, on_progress: Callable[[int, int], None] | None = None,
                 report: BuildReport | None = None, scratch: Path | None = None,
                 ) -> tuple[nx.MultiDiGraph, set[str], BuildReport]:
    """The graph after reading ``paths`` into ``previous``; also the documents whose facts changed.

    ``scratch``: the folder where, with one job, the results wait for the model to be released
    (_after_extraction; kg build gives its out/ folder: /tmp may be memory); default the system's."""
    from kg.extract.nlp import release as release_segmenter
    from kg.pipeline import extract_paths

    report = report or BuildReport()
    fingerprint = rules_fingerprint()
    g = previous if previous is not None and previous.graph.get("rules") == fingerprint else nx.MultiDiGraph()
    g.graph["rules"] = fingerprint
    known = {d["name"]: d for _, d in g.nodes(data=True) if d.get("label") == S.DOCUMENT}
    paths = list(paths)
    files: list[Path] = []
    for item in iter_inputs(paths):
        if isinstance(item, InputError):
            report.skipped.append((str(item).split(":", 1)[0], str(item)))
        else:
            files.append(item)
    todo: list[tuple[Path, str]] = []
    seen: set[str] = set()
    # A document's id is its file stem unless another document has it (kg.documents.document_ids): a
    # document of the previous build keeps its id, so 2023/通知 and 2024/通知 stay two documents.
    ids = document_ids(files, {name: str(d.get("path") or "") for name, d in known.items()
                               if d.get("path") and _absolute(d.get("path")).exists()})
    for f in files:
        name = ids[f]
        seen.add(name)
        try:
            digest = _digest(f)
        except OSError as exc:
            report.skipped.append((str(f), f"{f}: cannot read ({exc.strerror or exc})"))
            continue
        old = known.get(name)
        if old is not None and old.get("sha256") == digest:
            report.unchanged.append(name)
        else:
            todo.append((f, digest))
    changed: set[str] = set()
    # Documents that were built from a folder given again, and are no longer in it.
    folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]
    gone = set()
    for name, d in known.items():
        p = _absolute(d.get("path"))
        if name not in seen and p is not None and any(_under(p, f) for f in folders) and not p.exists():
            gone.add(name)
            report.removed.append(name)
            changed.add(name)
    index = DocIndex(g)  # one pass: every removal below touches only its documents' facts
    remove_documents(g, gone, derive=False, index=index)
    digests = {ids[f]: digest for f, digest in todo}
    errors: list[InputError] = []

    def counted(results: Iterable[DocResult]) -> Iterator[DocResult]:
        for done, r in enumerate(results, 1):
            if on_progress:
                on_progress(done, len(todo))
            yield r

    results = counted(extract_paths([f for f, _ in todo], jobs=jobs, on_error=errors.append, segmenter=segmenter,
                                    ids={f: ids[f] for f, _ in todo}))
    if jobs <= 1:
        results = _after_extraction(results, scratch)  # the model is dropped before the graph grows
    for r in results:
        # a re-read document's old facts go only once its new ones are read (a failed read loses nothing)
        name = r.document.id
        if name in known:
            remove_documents(g, {name}, derive=False, index=index)
        add_document(g, r, derive=False)
        node = g.nodes[document_id(name)]
        node["sha256"] = digests.get(name)
        node["path"] = stored_form(Path(r.document.path))  # relative to the project: a moved one still works
        report.read.append(name)
        changed.add(name)
    if jobs > 1:
        release_segmenter()  # the workers are done: the outputs have the model's memory
    for err in errors:
        report.skipped.append((str(err).split(":", 1)[0], str(err)))
    derive(g)  # once for the whole batch
    report.counts = graph_counts(g)
    return g, changed, report


def _after_extraction(results: Iterable[DocResult], folder: Path | None = None) -> Iterator[DocResult]:
    """The results, given back once all are read and the segmenter is released.

    In one process the pkuseg model (about 870 MB) and the graph need never be in memory together: the
    results wait in an unnamed temporary file (gone with the process, even a killed one) while the
    model reads, and the graph is built from them after the model is dropped. The build's peak memory
    is then the model's or the graph's, whichever is larger, not their sum (bench/bench_build.py). The
    file is in ``folder`` (default: the system's temporary folder), about 12 bytes per character read."""
    import pickle
    import tempfile

    from kg.extract.nlp import release as release_segmenter

    where = folder or tempfile.gettempdir()

    def failed(exc: OSError) -> KgError:
        return KgError(f"cannot keep the extraction results in {where} ({exc.strerror or exc}): free some space there")

    try:
        fh = tempfile.TemporaryFile(prefix="kg-results-", dir=folder)
    except OSError as exc:
        raise failed(exc) from None
    with fh:
        count = 0
        for r in results:  # an error of the extraction itself passes as it is
            try:
                pickle.dump(r, fh, protocol=pickle.HIGHEST_PROTOCOL)
            except OSError as exc:
                raise failed(exc) from None
            count += 1
        release_segmenter()
        fh.seek(0)
        for _ in range(count):
            yield pickle.load(fh)


def _absolute(stored: object) -> Path | None:
    if not stored:
        return None
    p = Path(str(stored))
    return p if p.is_absolute() else (Path.cwd() / p).resolve()


def _under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def load_previous(graph_json: Path) -> nx.MultiDiGraph | None:
    """The graph of the last build, or None when there is none (or it cannot be read: rebuilt from scratch)."""
    from kg.graph_io import load_graph

    if not graph_json.exists():
        return None
    try:
        return load_graph(graph_json)
    except KgError:
        return None


# Fault drills: with KG_KILL_AT_STAGE=<stage> (extraction, graph, visualizations, task lists, store) a
# build kills itself with SIGKILL halfway through that stage, as a power cut would; tests use it to
# check that the next build equals a clean one.
KILL_AT = "KG_KILL_AT_STAGE"


# The kg process itself: a drill run in a stage's child process kills the whole build, as a power cut would.
_MAIN_PID = os.getpid()


def timed(report: BuildReport, stage: str, fn: Callable[[], object]) -> object:
    t0 = time.perf_counter()
    try:
        if os.environ.get(KILL_AT) == stage:
            threading.Timer(0.05, os.kill, (_MAIN_PID, signal.SIGKILL)).start()
        return fn()
    finally:
        report.timings[stage] = report.timings.get(stage, 0.0) + time.perf_counter() - t0


Stage = tuple[str, Callable[[], object]]


def run_stages(report: BuildReport, stages: list[Stage], parallel: bool, here: set[str]) -> dict[str, object]:
    """Run the output stages, which only read the finished graph, and return each one's result by name.

    Without ``parallel``: one after another, in the given order, the first error stopping the rest. With
    it: the stages named in ``here`` run in this process while the others run, in order, in one process
    forked from this one (it shares the graph copy-on-write; nothing is pickled but results), so on two
    cores the HTML and the task lists are written at the same time. Then the first error in stage
    order is raised, once both have finished."""
    if not parallel or not here or "fork" not in multiprocessing.get_all_start_methods():
        return {name: timed(report, name, fn) for name, fn in stages}
    mp = multiprocessing.get_context("fork")
    recv, send = mp.Pipe(duplex=False)
    away = [st for st in stages if st[0] not in here]
    proc = mp.Process(target=_stage_child, args=(away, send), daemon=True)
    gc.freeze()  # the child's collector never walks (and so never copies) the graph it shares
    try:
        proc.start()
    finally:
        gc.unfreeze()
    send.close()
    results: dict[str, object] = {}
    errors: dict[str, BaseException] = {}
    try:
        _run_group(report, [st for st in stages if st[0] in here], results, errors)
    finally:
        try:
            done, timings, failed = recv.recv()
        except EOFError:  # the child died without a word
            done, timings, failed = {}, {}, {}
        proc.join()
        recv.close()
    results.update(done)
    report.timings.update(timings)
    errors.update(failed)
    for name, _ in away:
        if name not in done and name not in errors:
            errors[name] = KgError(f"writing the {name} stopped: its process ended with code {proc.exitcode}")
    for name, _ in stages:
        if name in errors:
            raise errors[name]
    return results


def _run_group(report: BuildReport, group: list[Stage], results: dict[str, object],
               errors: dict[str, BaseException], child: bool = False) -> None:
    """Run the stages of a group, keeping each one's result or KgError; in a ``child``, any other
    exception too, as the internal error it is (it cannot propagate out of the process)."""
    for name, fn in group:
        try:
            results[name] = timed(report, name, fn)
        except KgError as exc:
            errors[name] = exc
        except Exception as exc:  # noqa: BLE001 - reported by the parent as an internal error
            if not child:
                raise
            errors[name] = KgError(f"internal error while writing the {name}: {type(exc).__name__}: {exc}")


def _stage_child(group: list[Stage], send) -> None:
    """A forked stage process: run the group, send back results, timings and errors (KgError as it is,
    anything else as the internal error it is), then end without running the parent's exit handlers."""
    from kg.processes import die_with_parent

    die_with_parent()
    report = BuildReport()
    results: dict[str, object] = {}
    errors: dict[str, BaseException] = {}
    try:
        _run_group(report, group, results, errors, child=True)
        send.send((results, report.timings, errors))
    finally:
        send.close()
