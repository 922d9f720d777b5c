"""``kg viz``: draw the saved graph as interactive HTML pages that work offline (see kg.viz)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kg.cli import app
from kg.errors import InputError

DEFAULT_GRAPH = Path("out/graph.json")
DEFAULT_OUT = Path("visualizations")


@app.command("viz")
def viz(
    graph: Path = typer.Option(DEFAULT_GRAPH, "--graph", metavar="PATH", help="The graph saved by `kg build`."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", metavar="DIR",
                             help="Folder for index.html, overview.html, dept/ and doc/ (nothing is written elsewhere)."),
    max_nodes: Optional[int] = typer.Option(
        None, "--max-nodes", min=1, metavar="N",
        help="Aggregate a page above N nodes (tasks collapsed into counts per body); default from the style, 2000."),
    force: bool = typer.Option(False, "--force", help="Replace files in --out that kg viz did not write."),
) -> None:
    """Write who-owns-what graphs: an index, an overview, one page per body and one per document.

    Pages load vis-network from the folder's own lib/ and nothing from the network, so the folder
    opens from a file share or an intranet without a CDN. Hover a node or edge for its evidence
    (sentence, document, section, deadline); search a body by name; filter by role or kind.
    """
    if not graph.exists():
        raise InputError(f"no graph at {graph}: run `kg build` first, or pass --graph PATH")
    from kg.graph_io import load_graph
    from kg.viz import write_all

    from kg.locks import lock_if_present

    g = load_graph(graph)
    with lock_if_present(out, "kg build or kg viz"):
        paths = write_all(g, out, max_nodes=max_nodes, force=force)
    pages = [p for p in paths if p.suffix == ".html"]
    typer.echo(f"wrote {len(pages)} pages to {out}; open {paths[0]}")
