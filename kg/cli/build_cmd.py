"""``kg build``: the main job, from documents to the graph, the store, the HTML graphs and the task lists."""
from __future__ import annotations

import time
from pathlib import Path

import typer

from kg.cli import app, printable
from kg.cli.query_cmd import DATABASE_OPT, PASSWORD_OPT, STORE_DIR_OPT, URI_OPT, USER_OPT, store_config
from kg.errors import KgError


@app.command("build")
def build(
    paths: list[Path] = typer.Argument(None, help="Files or folders to read (default: corpus/)."),
    out: Path = typer.Option(Path("."), "--out", "-o",
                             help="Where outputs go: OUT/out/graph.json|graphml, OUT/visualizations/, OUT/exports/."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Processes for extraction (0: one per core)."),
    segmenter: str = typer.Option("pkuseg", "--segmenter", help="Word segmenter: pkuseg (default) or char."),
    no_store: bool = typer.Option(False, "--no-store", help="Do not load the graph store."),
    fresh: bool = typer.Option(False, "--fresh", help="Ignore the previous build and read every document again."),
    rebuild_store: bool = typer.Option(
        False, "--rebuild-store",
        help="Rebuild the store from the graph: the embedded store's folder is made anew (for a damaged store); "
             "a Neo4j server gets every document of the graph loaded again."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary; errors only."),
    uri: str = URI_OPT, user: str = USER_OPT, ask_password: bool = PASSWORD_OPT, database: str = DATABASE_OPT,
    store_dir: Path = STORE_DIR_OPT,
) -> None:
    """Read documents, build the graph, load the store, write visualizations/ and the task lists in exports/.

    Incremental: unchanged documents are not read again, a changed one replaces its own facts.
    Unreadable inputs are skipped with their reason and make the exit code 2; a store fault exits 3
    after every file output has been written.
    """
    from rich.console import Console

    from kg import build as B
    from kg.extract.nlp import SEGMENTERS
    from kg.pipeline import default_jobs

    if segmenter not in SEGMENTERS:
        raise KgError(f"unknown segmenter {segmenter!r}: choose one of {', '.join(SEGMENTERS)}")
    err = Console(stderr=True)
    paths = paths or [Path("corpus")]
    jobs = jobs or default_jobs()
    started = time.perf_counter()
    # The same store kg query and kg serve use by default (.kg/store under the current directory).
    config = None if no_store else store_config(uri, user, ask_password, database, store_dir)
    graph_dir, viz_dir, export_dir = out / B.GRAPH_DIR, out / B.VIZ_DIR, out / B.EXPORT_DIR
    from kg.locks import writer_lock

    # One build at a time writes these folders: a second one waits, then builds on the first's graph.
    with writer_lock(graph_dir, "kg build"):
        _build(B, paths, jobs, segmenter, quiet, err, fresh, config, graph_dir, viz_dir, export_dir, started,
               rebuild_store)


def _build(B, paths, jobs, segmenter, quiet, err, fresh, config, graph_dir, viz_dir, export_dir, started,
           rebuild_store: bool = False) -> None:
    from kg.scratch import clean_dead_temps

    clean_dead_temps(graph_dir, viz_dir, viz_dir / "dept", viz_dir / "doc", viz_dir / "lib", export_dir)  # of killed runs
    report = B.BuildReport()
    previous = None if fresh else B.load_previous(graph_dir / "graph.json")
    from kg.viz.incremental import page_inputs

    shown = page_inputs(previous) if previous is not None else None  # what the pages showed, for kg viz
    g, changed, report = _extract(B, previous, paths, jobs, segmenter, quiet, err, report, graph_dir)
    for path, reason in report.skipped:
        err.print(f"kg: skipped: {printable(reason)}", markup=False, highlight=False)

    import kg.export
    import kg.graph_io
    from kg.export import default_files, write_default
    from kg.graph_io import graph_files, save_graph
    from kg.locks import writer_lock
    from kg.stamps import output_key, unless_current
    from kg.viz import write_all

    def whole(folder: Path, what: str, modules: list, files: list[Path], write) -> tuple[list[Path], bool]:
        # written whole from the graph: left as they are when a build changed nothing (kg.stamps)
        return unless_current(folder, output_key(g, what, modules), files, write, force=fresh or bool(changed))

    # The output stages only read the graph: with more than one job, the HTML is written in this process
    # while a forked one writes the graph files and then the task lists (kg.build.run_stages): measured
    # at 10 MB, the HTML takes about as long as the other two together (bench/README.md).
    with writer_lock(viz_dir, "kg build or kg viz"), writer_lock(export_dir, "kg build or kg export"):
        out = B.run_stages(report, [
            ("graph", lambda: whole(graph_dir, "graph", [kg.graph_io], graph_files(graph_dir),
                                    lambda: save_graph(g, graph_dir))),
            ("visualizations", lambda: write_all(g, viz_dir, since=(shown, changed) if shown else None)),
            ("task lists", lambda: whole(export_dir, "task lists", [kg.export], default_files(export_dir),
                                         lambda: write_default(g, export_dir))),
        ], parallel=jobs > 1, here={"visualizations"})
    report.outputs["visualizations"] = str(viz_dir / "index.html")
    for stage in ("graph", "task lists"):
        paths, wrote = out[stage]
        report.outputs[stage] = ", ".join(str(p) for p in paths) + ("" if wrote else " (unchanged)")
    store_error: KgError | None = None
    if config is not None:
        from kg.store import open_store

        def load():
            from kg.store.loader import check_counts, graph_docs

            if rebuild_store and config.embedded:
                from kg.store.embedded import remove_store

                remove_store(config.store_dir)
            with open_store(config) as store:
                # The store converges on the graph: documents an earlier build removed from the graph
                # but never from the store (a --no-store build, a build killed before its load) go now.
                ghosts = set(store.documents()) - graph_docs(g)
                replace = graph_docs(g) if rebuild_store else changed
                store.load_graph(g, replace_docs=replace | ghosts)
                return check_counts(store, g)

        try:
            B.timed(report, "store", load)
            report.store = config.describe()
        except KgError as exc:
            store_error = exc
            report.store = f"NOT loaded: {exc}"
    report.timings["total"] = time.perf_counter() - started
    if not quiet:
        _summary(report)
    if store_error is not None:
        raise store_error
    if report.skipped:
        raise typer.Exit(2)


def _extract(B, previous, paths, jobs, segmenter, quiet, err, report, scratch):
    if quiet:
        return B.timed(report, "extraction",
                       lambda: B.update_graph(previous, paths, jobs=jobs, segmenter=segmenter, report=report,
                                              scratch=scratch))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("reading documents"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("read", total=None)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return B.timed(report, "extraction", lambda: B.update_graph(
            previous, paths, jobs=jobs, segmenter=segmenter, on_progress=on_progress, report=report, scratch=scratch))


def _summary(report) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    table = Table(title="kg build", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", overflow="fold")
    table.add_row("documents read", str(len(report.read)))
    if report.unchanged:
        table.add_row("documents unchanged", str(len(report.unchanged)))
    if report.removed:
        table.add_row("documents removed", escape(", ".join(report.removed)))
    table.add_row("documents skipped", str(len(report.skipped)))
    for key, value in report.counts.items():
        table.add_row(key, str(value))
    table.add_row("store", escape(report.store or "not loaded (--no-store)"))
    for key, value in report.outputs.items():
        table.add_row(key, escape(value))
    order = ("extraction", "graph", "visualizations", "task lists", "store", "total")
    times = sorted(report.timings.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    table.add_row("time", ", ".join(f"{k} {v:.1f}s" for k, v in times))
    console.print(table)
