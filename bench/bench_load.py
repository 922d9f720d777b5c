"""Load throughput into the Bolt server, as a ratio to that server's floor measured in the same run.

The corpus is extracted once and repeated (each copy under its own document
ids, sharing the bodies) until the graph holds about --target relationships.
For each batch size a fresh embedded ArcadeDB server (its own temporary
folder, stopped by PID) first receives the same rows in ONE ``UNWIND $rows AS
row RETURN count(row)`` with no MERGE (the floor: transfer and unwind only),
then the real load (kg.store.loader: constraints, one transaction of batched
UNWIND ... MERGE). Printed: relationships per second of both and their ratio
(load / floor; 1.0 would mean MERGE costs nothing). Absolute numbers depend on
the machine; the ratio is what to compare between runs.

    PYTHONPATH=. .venv/bin/python bench/bench_load.py [--target 50000] [--batch-sizes 100,1000,5000]
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.graph import build_graph  # noqa: E402
from kg.model import DocResult  # noqa: E402
from kg.store import Store, StoreConfig, embedded  # noqa: E402
from kg.store.loader import edge_rows, node_rows  # noqa: E402


def corpus_results() -> list[DocResult]:
    from kg.pipeline import extract_paths

    return list(extract_paths([ROOT / "corpus"]))


def synthetic_results() -> list[DocResult]:
    """Hand-made speeches (tests/store/store_graphs.py) when the extractor is not available."""
    sys.path.insert(0, str(ROOT / "tests" / "store"))
    from store_graphs import speech

    return [speech(f"syn_{i:03d}") for i in range(5)]


def renamed(r: DocResult, suffix: str) -> DocResult:
    """A copy of one document's results under another document id (its bodies stay the same nodes)."""
    doc = r.document.id + suffix

    def re(x):
        return dataclasses.replace(x, doc=doc)

    return dataclasses.replace(
        r, document=dataclasses.replace(r.document, id=doc),
        sentences=[re(s) for s in r.sentences], assignments=[re(a) for a in r.assignments],
        entities=[re(e) for e in r.entities])


def repeated_graph(results: list[DocResult], target: int):
    one = build_graph(results).number_of_edges()
    if one == 0:
        raise SystemExit("bench: the corpus graph has no relationships")
    copies = max(1, round(target / one))
    g = build_graph([renamed(r, f"~{i:04d}") for i in range(copies) for r in results])
    # Copies share their bodies and entities (and the relationships between those), so a copy adds
    # fewer relationships than the first: correct the number of copies once.
    better = max(1, round(copies * target / max(1, g.number_of_edges())))
    if better != copies:
        copies = better
        g = build_graph([renamed(r, f"~{i:04d}") for i in range(copies) for r in results])
    return g, copies


def floor_seconds(store: Store, rows: list[dict]) -> float:
    """One UNWIND of every row with no MERGE: what the server needs just to receive and iterate them."""
    started = time.perf_counter()
    n = store.execute(lambda tx: tx.run("UNWIND $rows AS row RETURN count(row) AS n", rows=rows).single()["n"])
    elapsed = time.perf_counter() - started
    assert n == len(rows), (n, len(rows))
    return elapsed


def measure(g, batch: int, heap: str) -> tuple[float, float]:
    rows = [r for rs in node_rows(g).values() for r in rs] + [r for rs in edge_rows(g).values() for r in rs]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        # The floor sends every row in one message: let the server take it (its default cap is 16 MB).
        info = embedded.start_server(Path(tmp), heap=heap, settings={
            "arcadedb.bolt.maxMessageSize": str(1 << 30), "arcadedb.bolt.packstream.maxElements": str(1 << 24)})
        try:
            config = StoreConfig.from_env_and_options(uri=info.uri, user="root", database="kg", env={},
                                                      password=embedded.read_password(Path(tmp)))
            with Store.connect(config) as store:
                floor = floor_seconds(store, rows)
                started = time.perf_counter()
                store.load_graph(g, batch_size=batch)
                load = time.perf_counter() - started
                counts = store.counts()
                assert sum(counts.get(k, 0) for k in ("牵头", "负责", "参与")) > 0
        finally:
            embedded.stop_pid(info.pid, Path(tmp).resolve())
    return floor, load


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--target", type=int, default=50_000, help="relationships to load (about)")
    ap.add_argument("--batch-sizes", default="100,1000,5000")
    ap.add_argument("--heap", default="1g", help="heap of the embedded server's JVM")
    ap.add_argument("--synthetic", action="store_true", help="use hand-made speeches instead of the corpus")
    args = ap.parse_args()
    results = synthetic_results() if args.synthetic else corpus_results()
    g, copies = repeated_graph(results, args.target)
    rels, nodes = g.number_of_edges(), g.number_of_nodes()
    print(f"graph: {len(results)} documents x {copies} copies = {nodes} nodes, {rels} relationships")
    print(f"{'batch':>6} {'floor s':>8} {'load s':>8} {'floor rel/s':>12} {'load rel/s':>11} {'load/floor':>10}")
    for batch in (int(b) for b in args.batch_sizes.split(",")):
        floor, load = measure(g, batch, args.heap)
        print(f"{batch:>6} {floor:>8.2f} {load:>8.2f} {rels / floor:>12.0f} {rels / load:>11.0f} "
              f"{floor / load:>10.3f}", flush=True)


if __name__ == "__main__":
    main()
