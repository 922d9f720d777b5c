"""Graph stores over Bolt: a real Neo4j server, or an ArcadeDB server kg runs itself.

    config = StoreConfig.from_env_and_options(uri=..., store_dir=...)
    with open_store(config) as store:
        report = store.load_graph(g, replace_docs={"000_4cb1776f1e65bea3"})
        rows = store.run("MATCH (a:Actor) RETURN a.name AS name", {})

With no URI configured, ``open_store`` starts the embedded ArcadeDB server for
the store folder (or reuses one kept running by ``kg serve``) and stops it on
exit. Modules: config (settings), embedded (the local server), bolt (the
driver, errors, queries), loader (graph -> Cypher), library (cypher/ files),
output (table/json/csv).
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

from kg.store.bolt import Store
from kg.store.config import StoreConfig
from kg.store.loader import LoadReport, graph_counts

__all__ = ["LoadReport", "Store", "StoreConfig", "graph_counts", "open_store"]


@contextlib.contextmanager
def open_store(config: StoreConfig, mode: str = "transient") -> Iterator[Store]:
    """A connected Store for the block; the embedded server is started (and stopped) when no URI is set.

    ``mode="serve"`` (used by ``kg serve``) marks the embedded server as kept running
    for other kg commands, which then connect to it instead of starting their own.
    """
    if not config.embedded:
        store = Store.connect(config)
        try:
            yield store
        finally:
            store.close()
        return
    from kg.store import embedded

    with embedded.embedded_server(config.store_dir, mode=mode, heap=config.heap) as info:
        password = embedded.read_password(config.store_dir)
        live = config.with_(uri=info.uri, password=password)
        store = Store.connect(live, where=f"the embedded store in {config.store_dir} ({info.uri})")
        store.config = live.with_(password=None)  # the driver has it; keep it out of the store object
        try:
            yield store
        finally:
            store.close()
