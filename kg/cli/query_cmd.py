"""``kg query``, ``kg serve`` and ``kg load``: the graph store from the command line.

With no server configured these use the embedded ArcadeDB store in ``.kg/store/``
(started for the command and stopped after it, or the one ``kg serve`` keeps
running). ``--neo4j-uri`` or NEO4J_URI selects a real Neo4j server instead; its
password comes from NEO4J_PASSWORD or a hidden prompt, never from the command line.
"""
from __future__ import annotations

import signal
import sys
import threading
from enum import Enum
from pathlib import Path

import typer

from kg.cli import app, printable
from kg.errors import InputError, KgError, StoreError

URI_OPT = typer.Option(None, "--neo4j-uri", envvar="NEO4J_URI", show_envvar=True,
                       help="Bolt URI of a Neo4j server (bolt://host:7687, neo4j://...). Default: the embedded store.")
USER_OPT = typer.Option(None, "--neo4j-user", envvar="NEO4J_USERNAME", show_envvar=True,
                        help="User name on the Neo4j server (default neo4j).")
PASSWORD_OPT = typer.Option(False, "--neo4j-password",
                            help="Ask for the Neo4j password (hidden). Without it the password is NEO4J_PASSWORD, "
                                 "or asked for when a terminal is attached.")
DATABASE_OPT = typer.Option(None, "--database", envvar="NEO4J_DATABASE", show_envvar=True,
                            help="Database on the Neo4j server (default: the server's default).")
STORE_DIR_OPT = typer.Option(None, "--store-dir",
                             help="Folder of the embedded store (default .kg/store under the current directory).")


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def store_config(uri: str | None, user: str | None, ask_password: bool, database: str | None,
                 store_dir: Path | None, batch_size: int | None = None):
    """The StoreConfig of the common store options (also for other commands that write the store)."""
    import os

    from kg.store import StoreConfig

    env = dict(os.environ)
    if ask_password:
        env.pop("NEO4J_PASSWORD", None)
    prompt = bool(uri or env.get("NEO4J_URI")) and (ask_password or sys.stdin.isatty())
    return StoreConfig.from_env_and_options(uri=uri, user=user, database=database, store_dir=store_dir,
                                            batch_size=batch_size, env=env, prompt=prompt)


def _terminate_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so the embedded server is stopped by the code that started it."""
    if threading.current_thread() is threading.main_thread():
        def handler(signum, frame):
            raise KeyboardInterrupt
        signal.signal(signal.SIGTERM, handler)


@app.command("query")
def query(
    file_or_text: str = typer.Argument(None, metavar="FILE_OR_TEXT",
                                       help="A .cypher file, the name of a library query (see --list), or Cypher text."),
    param: list[str] = typer.Option([], "--param", "-p", metavar="NAME=VALUE",
                                    help="A query parameter; repeat for more. Missing ones take the file's examples."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or csv."),
    list_: bool = typer.Option(False, "--list", help="List the library queries (cypher/) with what they answer."),
    write: bool = typer.Option(False, "--write", help="Allow a query that changes the store (default: read only)."),
    uri: str = URI_OPT, user: str = USER_OPT, ask_password: bool = PASSWORD_OPT, database: str = DATABASE_OPT,
    store_dir: Path = STORE_DIR_OPT,
) -> None:
    """Run a Cypher query against the store and print its rows.

    Examples: kg query dept_tasks_by_role --param dept=商务局 (any written form of a body) ;
    kg query cypher/deadlines_due.cypher -f csv ; kg query "MATCH (a:Actor) RETURN a.name AS name".
    """
    from kg.store import library, open_store, output

    if list_:
        for q in library.library():
            params = ", ".join(f"{k}={v}" for k, v in q.examples.items())
            typer.echo(f"{q.name}: {q.description}" + (f" [{params}]" if params else ""))
        return
    if file_or_text is None:
        raise InputError("give a query file, a library query name or Cypher text (kg query --list shows the library)")
    q = library.resolve(file_or_text)
    params = q.params(library.parse_params(param))
    if not write:  # refused before any store is opened: read-only means read-only
        from kg.store.bolt import refuse_schema_statements

        refuse_schema_statements(q.text)
    config = store_config(uri, user, ask_password, database, store_dir)
    _terminate_on_sigterm()
    with open_store(config) as store:
        given = library.parse_params(param)
        for key in sorted(set(given) & BODY_PARAMS):
            if isinstance(params.get(key), str):
                params[key] = _body_named(store, params[key])
        rows = store.run(q.text, params, write=write)
    hint = library.schema_hint(q.text)
    if hint:  # a label or type that does not exist matches nothing, and the server says nothing of it
        typer.echo(f"kg: note: {printable(hint)}", err=True)
    if fmt is Format.table:
        output.print_table(rows, title=q.description[:120] if q.path else None)
    else:
        sys.stdout.write(output.render(rows, fmt.value))
        if fmt is Format.json:
            sys.stdout.write("\n")


# Parameters that name a body: any written form, with or without its level word, or a unique prefix.
BODY_PARAMS = frozenset({"dept", "body", "partner"})


def _body_named(store, query: str) -> str:
    """The name of the stored body ``query`` means (区商务局 for 商务局); InputError when none or several do."""
    from kg.export.rows import Body, resolve_body_name

    rows = store.run("MATCH (a:Actor) RETURN a.name AS name, a.kind AS kind, a.level AS level, "
                     "a.place AS place, a.aliases AS aliases")
    bodies = [Body(name=str(r["name"]), kind=str(r.get("kind") or ""), level=str(r.get("level") or ""),
                   aliases=tuple(str(a) for a in r.get("aliases") or ()), place=str(r.get("place") or ""))
              for r in rows if r.get("name")]
    return resolve_body_name(bodies, query)


@app.command("serve")
def serve(
    store_dir: Path = STORE_DIR_OPT,
) -> None:
    """Run the embedded store's server until Ctrl-C, and print how to connect to it.

    Other kg commands (build, query, load) use this server while it runs. Connect a
    console or a program with the official neo4j driver using the printed URI, user,
    password and database. The server listens on 127.0.0.1 only.
    """
    import os

    from kg.store import StoreConfig, open_store

    if os.environ.get("NEO4J_URI"):
        raise InputError("NEO4J_URI is set: kg serve runs the embedded store only (unset it to use the embedded one)")
    config = StoreConfig.from_env_and_options(store_dir=store_dir, env={})
    _terminate_on_sigterm()
    stop = threading.Event()
    try:
        with open_store(config, mode="serve") as store:
            from kg.store import embedded

            info = embedded.running_server(config.store_dir)
            root = config.store_dir.resolve()
            counts = store.counts()
            typer.echo(f"kg: embedded store {root} is running (ArcadeDB, pid {info.pid if info else '?'})")
            typer.echo(f"  uri:      {store.config.uri}")
            typer.echo(f"  user:     {config.user}")
            if sys.stdout.isatty():
                typer.echo(f"  password: {embedded.read_password(config.store_dir)}")
            else:
                typer.echo(f"  password: in {root / 'password'}")
            typer.echo(f"  database: {config.database}")
            typer.echo(f"  holds:    {sum(counts.get(lb, 0) for lb in _labels())} nodes, "
                       f"{sum(counts.get(rt, 0) for rt in _rel_types())} relationships")
            typer.echo("  connect with the neo4j driver: GraphDatabase.driver(uri, auth=(user, password)), "
                       "session(database=...)")
            typer.echo("Press Ctrl-C to stop.")
            sys.stdout.flush()
            while not stop.wait(2):
                if embedded.running_server(config.store_dir) is None:  # the server died under us
                    raise StoreError(f"the embedded store server of {root} stopped (see {root / 'server.out'}); "
                                     "kg serve gives the store back")
    except KeyboardInterrupt:
        typer.echo("kg: embedded store stopped", err=True)


def _labels():
    from kg import schema

    return schema.LABELS


def _rel_types():
    from kg import schema

    return schema.REL_TYPES


def _read_graph_json(path: Path):
    """A graph saved as networkx node-link JSON (nodes + links/edges)."""
    import json

    import networkx as nx

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: cannot read graph JSON ({getattr(exc, 'strerror', None) or exc})") from None
    if not isinstance(data, dict) or "nodes" not in data:
        raise InputError(f"{path}: not a node-link graph (expected an object with 'nodes' and 'links')")
    links = "links" if "links" in data else "edges"
    try:
        g = nx.node_link_graph(data, directed=True, multigraph=True, edges=links)
    except TypeError:  # networkx before 3.4 calls it link=
        g = nx.node_link_graph(data, directed=True, multigraph=True, link=links)
    except (KeyError, ValueError, nx.NetworkXError) as exc:
        raise InputError(f"{path}: not a node-link graph ({exc})") from None
    return nx.MultiDiGraph(g)


@app.command("load")
def load(
    sources: list[Path] = typer.Argument(..., help="Documents or folders to extract, or graph JSON files (node-link)."),
    batch_size: int = typer.Option(None, "--batch-size", help="Rows per UNWIND batch (default 1000)."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Processes for extraction."),
    uri: str = URI_OPT, user: str = USER_OPT, ask_password: bool = PASSWORD_OPT, database: str = DATABASE_OPT,
    store_dir: Path = STORE_DIR_OPT,
) -> None:
    """Load documents (extracted now) or a saved graph into the store.

    The facts of every document loaded replace what the store held for it; other
    documents' facts stay. Loading the same input twice changes nothing.
    """
    from kg.graph import build_graph
    from kg.store import open_store
    from kg.store.loader import graph_docs

    from kg.merge import merge_graphs

    graphs = [(str(p), _read_graph_json(p)) for p in sources if p.suffix.lower() == ".json"]
    docs = [p for p in sources if p.suffix.lower() != ".json"]
    failures: list[KgError] = []
    if docs:
        from kg.pipeline import extract_paths

        def on_error(err: InputError) -> None:
            failures.append(err)
            typer.echo(f"kg: error: {printable(err)}", err=True)

        graphs.append(("the documents given", build_graph(extract_paths(docs, jobs=jobs, on_error=on_error))))
    g, renamed = merge_graphs(graphs)
    for r in renamed:
        typer.echo(f"kg: {printable(r.source)}: its document {printable(r.old)} is another text than the "
                   f"{printable(r.old)} of a graph before it: loaded as {printable(r.new)}", err=True)
    if g.number_of_nodes() == 0:
        raise InputError("nothing to load")
    config = store_config(uri, user, ask_password, database, store_dir, batch_size)
    _terminate_on_sigterm()
    with open_store(config) as store:
        report = store.load_graph(g, replace_docs=graph_docs(g))
    typer.echo(f"kg: {report.summary()} into {config.describe()}", err=True)
    if failures:
        raise InputError(f"{len(failures)} input(s) could not be read; the others were loaded")
