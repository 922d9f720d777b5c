"""The one write path and query path: the official ``neo4j`` driver over Bolt.

``Store`` works the same against a real Neo4j server and the embedded
ArcadeDB one. Every driver failure becomes a one-line ``StoreError`` (server
unreachable, credentials refused, failure mid-load) or ``InputError`` (a query
the server rejects); queries run in managed transactions, so the driver
retries transient failures, and a query that would write is rolled back
unless the caller asked for a write.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import neo4j
import networkx as nx
from neo4j import exceptions as neo_exc

from kg.errors import InputError, KgError, StoreError
from kg.store.config import StoreConfig

T = TypeVar("T")


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class CommitUnknownError(StoreError):
    """The connection was lost while a transaction committed: it may or may not be stored."""


class ReadOnlyQueryError(InputError):
    """A query sent as a read tried to change the store (it was rolled back)."""


def refuse_schema_statements(query: str) -> None:
    """ReadOnlyQueryError when ``query`` holds a schema or admin statement (kg.store.library.admin_statement):
    a read-only run never sends one, whatever the server does with read sessions."""
    from kg.store.library import admin_statement

    admin = admin_statement(query)
    if admin:
        raise ReadOnlyQueryError(f"the query holds {admin!r}, which changes the store's schema or server; "
                                 "it was not sent (pass --write to run it)")


def translate(exc: Exception, where: str) -> KgError:
    """A driver exception as the one-line error the user sees."""
    if isinstance(exc, KgError):
        return exc
    if isinstance(exc, neo_exc.IncompleteCommit):
        return CommitUnknownError(f"lost {where} while committing; the transaction may or may not be stored")
    if isinstance(exc, neo_exc.AuthError):
        hint = (" (its password file was deleted or replaced since the store was made: `kg build --rebuild-store` "
                "makes the store anew from the graph)") if "embedded" in where else ""
        return StoreError(f"{where} refused the user name or password{hint}")
    if isinstance(exc, neo_exc.ConfigurationError):
        return InputError(f"{where}: {_one_line(exc)}")
    if isinstance(exc, (neo_exc.ServiceUnavailable, neo_exc.SessionExpired, OSError)):
        return StoreError(f"cannot reach {where}: {_one_line(exc) or type(exc).__name__}")
    if isinstance(exc, neo_exc.Neo4jError):
        code = exc.code or ""
        msg = _one_line(exc.message or str(exc))
        if code.startswith("Neo.ClientError.Security"):
            return StoreError(f"{where} refused access: {msg}")
        if code.startswith("Neo.ClientError.Database.DatabaseNotFound"):
            return StoreError(f"{where}: {msg}")
        if code.startswith("Neo.ClientError.Statement") or code.startswith("Neo.ClientError.Procedure"):
            return InputError(f"query rejected by {where}: {msg}")
        return StoreError(f"{where} failed: {msg}" + (f" ({code})" if code else ""))
    if isinstance(exc, neo_exc.DriverError):
        return StoreError(f"{where}: {_one_line(exc) or type(exc).__name__}")
    return StoreError(f"{where}: {type(exc).__name__}: {_one_line(exc)}")


def to_plain(value: Any) -> Any:
    """A driver value as plain Python (nodes and relationships as dicts, temporal values as ISO text)."""
    if isinstance(value, neo4j.graph.Node):
        return {"_labels": sorted(value.labels), **{k: to_plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_type": value.type, **{k: to_plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Path):
        return [to_plain(n) for n in value.nodes]
    if isinstance(value, Mapping):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


class Store:
    """A connected graph store. Create it with ``kg.store.open_store(config)``."""

    def __init__(self, config: StoreConfig, driver: neo4j.Driver, where: str):
        self.config = config
        self.driver = driver
        self.where = where

    @classmethod
    def connect(cls, config: StoreConfig, where: str | None = None) -> Store:
        """Open a driver and check the server answers and accepts the credentials."""
        where = where or config.describe()
        if config.uri is None:
            raise StoreError("no server URI to connect to")
        try:
            auth = (config.user, config.password) if config.password is not None else None
            driver = neo4j.GraphDatabase.driver(
                config.uri, auth=auth,
                max_transaction_retry_time=config.retry_seconds,
                connection_timeout=config.connect_timeout,
                connection_acquisition_timeout=max(config.connect_timeout, 30.0),
                user_agent="kg-zerentupu",
            )
        except Exception as exc:  # malformed URI and the like
            raise translate(exc, where) from None
        store = cls(config, driver, where)
        try:
            driver.verify_connectivity()
            store.run("RETURN 1 AS ok")
        except Exception as exc:
            driver.close()
            raise translate(exc, where) from None
        return store

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def session(self) -> neo4j.Session:
        return self.driver.session(database=self.config.database) if self.config.database \
            else self.driver.session()

    def execute(self, work: Callable[[neo4j.ManagedTransaction], T], write: bool = True) -> T:
        """Run ``work`` in one managed transaction (retried by the driver on transient failures)."""
        try:
            with self.session() as s:
                return s.execute_write(work) if write else s.execute_read(work)
        except Exception as exc:
            raise translate(exc, self.where) from None

    def run(self, query: str, params: Mapping[str, Any] | None = None, write: bool = False) -> list[dict]:
        """Rows of one query as plain dicts. A read that tries to write is rolled back (ReadOnlyQueryError);
        a schema or admin statement is refused before it reaches the server unless ``write``."""
        params = dict(params or {})
        if not write:
            refuse_schema_statements(query)

        def work(tx: neo4j.ManagedTransaction) -> list[dict]:
            result = tx.run(query, params)
            rows = [{k: to_plain(v) for k, v in rec.items()} for rec in result]
            counters = result.consume().counters
            if not write and (counters.contains_updates or counters.contains_system_updates):
                raise ReadOnlyQueryError("the query changes the store; it was rolled back "
                                         "(pass --write to run queries that change the store)")
            return rows

        return self.execute(work, write=write)

    def run_schema(self, statements: Iterable[str]) -> None:
        """Schema statements (constraints, indexes), each in its own transaction as Neo4j requires."""
        for stmt in statements:
            self.execute(lambda tx, q=stmt: tx.run(q).consume(), write=True)

    def counts(self) -> dict[str, int]:
        """How many nodes of each label and relationships of each type the store holds."""
        from kg.store.loader import count_queries

        out: dict[str, int] = {}
        for name, query in count_queries():
            rows = self.run(query)
            out[name] = int(rows[0]["count"]) if rows else 0
        return out

    def documents(self) -> list[str]:
        """The ids of the documents whose facts are in the store."""
        from kg.store.loader import DOCUMENTS_QUERY

        return [r["name"] for r in self.run(DOCUMENTS_QUERY)]

    def load_graph(self, g: nx.MultiDiGraph, replace_docs: set[str] | None = None,
                   batch_size: int | None = None, progress: Callable[[int, int], None] | None = None):
        """Write the graph into the store (see kg.store.loader.load_graph)."""
        from kg.store.loader import load_graph

        return load_graph(self, g, replace_docs=replace_docs, batch_size=batch_size or self.config.batch_size,
                          progress=progress)
