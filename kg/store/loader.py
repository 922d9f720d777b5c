"""Writing the in-memory graph into a Bolt store, and every Cypher statement the loader sends.

The graph (kg.graph) is the truth; the store is a copy of it. A load:
1. creates one unique constraint on ``id`` per label (IF NOT EXISTS; without an
   index on the merge key a MERGE scans the label, and ArcadeDB crawls);
2. in ONE managed transaction: deletes the facts of the documents being
   replaced (relationships read from them; nodes no other document uses; the
   document's id from the ``docs`` lists of shared nodes), then MERGEs nodes
   (label by label) and relationships in batches of ``UNWIND $rows``.

One transaction makes a load all or nothing: a load that fails half-way (the
server stopped) is rolled back and the store keeps what it had, and running
it again completes it. MERGE on ids makes loading twice change nothing.
Labels and relationship types are only ever the constants of kg.schema;
every value from a document travels as a parameter.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg import schema as S
from kg.errors import StoreError
from kg.store.bolt import CommitUnknownError

if TYPE_CHECKING:
    from kg.store.bolt import Store

# Node list properties that grow as unions over documents (as kg.graph merges them).
MERGED_LISTS: tuple[str, ...] = ("docs", "aliases", "names")
DOCUMENTS_QUERY = f"MATCH (d:{'`' + S.DOCUMENT + '`'}) RETURN d.name AS name ORDER BY name"
# Store-side bookkeeping on Document nodes: a digest of the document's facts as last loaded.
FINGERPRINT = "kg_fingerprint"
FINGERPRINTS_QUERY = (f"MATCH (d:{'`' + S.DOCUMENT + '`'}) WHERE d.name IN $docs "
                      f"RETURN d.name AS name, d.{FINGERPRINT} AS fingerprint")
SET_FINGERPRINTS = (f"UNWIND $rows AS row\nMATCH (d:{'`' + S.DOCUMENT + '`'} {{id: row.id}})\n"
                    f"SET d.{FINGERPRINT} = row.fingerprint")


def ident(name: str) -> str:
    """A schema label or relationship type as a quoted Cypher identifier; anything else is refused."""
    if name not in S.LABELS and name not in S.REL_TYPES:
        raise StoreError(f"refusing to write {name!r} into Cypher: not a label or relationship type of kg.schema")
    return "`" + name.replace("`", "``") + "`"


def constraint_name(label: str) -> str:
    return f"kg_{label.lower()}_id"


def schema_statements(labels: Iterable[str] = S.LABELS) -> list[str]:
    """One unique constraint on ``id`` per label (it brings the index MERGE needs)."""
    return [f"CREATE CONSTRAINT {constraint_name(lb)} IF NOT EXISTS FOR (n:{ident(lb)}) REQUIRE n.id IS UNIQUE"
            for lb in labels]


def node_statement(label: str, merged: Iterable[str] = ("docs",)) -> str:
    """MERGE a batch of nodes of one label; ``merged`` list properties become unions with what is stored."""
    sets = [f"n.{k} = coalesce([x IN n.{k} WHERE NOT x IN coalesce(row.{k}, [])], []) + coalesce(row.{k}, [])"
            for k in MERGED_LISTS if k in set(merged)]
    q = f"UNWIND $rows AS row\nMERGE (n:{ident(label)} {{id: row.id}})\nSET n += row.props"
    return q + (f"\nSET {', '.join(sets)}" if sets else "")


def edge_statement(rel: str, src_label: str, dst_label: str, from_target: bool = False) -> str:
    """MERGE a batch of relationships of one type between nodes of two labels (matched by indexed id).

    MERGE looks for an existing relationship by walking the edges of the node it
    starts from; ArcadeDB starts from the first node of the pattern, so a hub (商务局
    on hundreds of tasks, a Document over its sections) makes every MERGE scan the
    hub's edges. ``from_target`` writes the same pattern from the target's side.
    """
    head = (f"UNWIND $rows AS row\nMATCH (a:{ident(src_label)} {{id: row.src}})\n"
            f"MATCH (b:{ident(dst_label)} {{id: row.dst}})\n")
    if from_target:
        return head + f"MERGE (b)<-[r:{ident(rel)}]-(a)\nSET r += row.props"
    return head + f"MERGE (a)-[r:{ident(rel)}]->(b)\nSET r += row.props"


def delete_statements(labels: Iterable[str] = S.LABELS) -> list[str]:
    """Remove the facts of the documents ``$docs`` (what kg.graph.remove_document does to the graph)."""
    out = ["MATCH ()-[r]->() WHERE r.doc IN $docs DELETE r"]
    for lb in labels:
        out.append(f"MATCH (n:{ident(lb)}) WHERE size(coalesce(n.docs, [])) > 0 "
                   f"AND all(d IN n.docs WHERE d IN $docs) DETACH DELETE n")
        out.append(f"MATCH (n:{ident(lb)}) WHERE any(d IN n.docs WHERE d IN $docs) "
                   f"SET n.docs = [d IN n.docs WHERE NOT d IN $docs]")
    return out


def count_queries() -> list[tuple[str, str]]:
    """(name, query) pairs counting nodes per label and relationships per type."""
    out = [(lb, f"MATCH (n:{ident(lb)}) RETURN count(n) AS count") for lb in S.LABELS]
    out += [(rt, f"MATCH ()-[r:{ident(rt)}]->() RETURN count(r) AS count") for rt in S.REL_TYPES]
    return out


def all_statements() -> list[str]:
    """Every statement the loader and the store send (for linting them with Neo4j's own tooling)."""
    stmts = schema_statements() + delete_statements() + [q for _, q in count_queries()]
    stmts += [DOCUMENTS_QUERY, FINGERPRINTS_QUERY, SET_FINGERPRINTS]
    stmts += [node_statement(lb, MERGED_LISTS) for lb in S.LABELS] + [node_statement(S.TASK, ())]
    stmts += [edge_statement(rt, S.ACTOR, S.TASK, rev) for rt in S.REL_TYPES for rev in (False, True)]
    return stmts


REBUILD_HINT = "`kg build --rebuild-store` makes the store anew from the graph"


def check_counts(store: Store, g: nx.MultiDiGraph) -> dict[str, int]:
    """The store's counts after a load, which must equal the graph's: a damaged store (a truncated bucket,
    a lost index) that answers with fewer nodes is an error saying so and what to do, never a silent exit 0."""
    counts = store.counts()
    expected = graph_counts(g)
    wrong = [f"{k}: {counts.get(k, 0)} stored, {v} in the graph" for k, v in expected.items() if counts.get(k, 0) != v]
    if wrong:
        raise StoreError(f"the store does not hold what was loaded ({'; '.join(wrong[:4])}): it may be damaged; "
                         f"{REBUILD_HINT}")
    return counts


def graph_counts(g: nx.MultiDiGraph) -> dict[str, int]:
    """The same counts as ``Store.counts`` read from the in-memory graph."""
    labels = Counter(d.get("label") for _, d in g.nodes(data=True))
    types = Counter(d.get("type", k) for _, _, k, d in g.edges(keys=True, data=True))
    return {**{lb: labels.get(lb, 0) for lb in S.LABELS}, **{rt: types.get(rt, 0) for rt in S.REL_TYPES}}


def clean_value(value: Any) -> Any:
    """A property value Neo4j can store: scalars as they are, sequences as lists of one type, other as text."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [v for v in (sorted(value, key=str) if isinstance(value, (set, frozenset)) else value) if v is not None]
        kinds = {type(v) for v in items}
        if len(kinds) <= 1 and kinds <= {str, bool, int, float}:
            return list(items)
        return [str(v) for v in items]
    return str(value)


def node_rows(g: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """Rows per label: ``id``, ``props`` (None values unset a stored property) and the merged lists."""
    rows: dict[str, list[dict]] = defaultdict(list)
    for nid, data in g.nodes(data=True):
        label = data.get("label")
        if label not in S.LABELS:
            raise StoreError(f"node {nid!r} has label {label!r}, not one of kg.schema.LABELS")
        row: dict[str, Any] = {"id": str(data.get("id", nid))}
        row["props"] = {k: clean_value(v) for k, v in data.items() if k not in ("label", "id", *MERGED_LISTS)}
        for k in MERGED_LISTS:
            if data.get(k) is not None:
                row[k] = clean_value(list(data[k]))
        rows[label].append(row)
    for label_rows in rows.values():
        label_rows.sort(key=lambda r: r["id"])
    return dict(rows)


def edge_rows(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict]]:
    """Rows per (type, source label, target label): ``src``, ``dst``, ``props``."""
    rows: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for u, v, k, data in g.edges(keys=True, data=True):
        rel = data.get("type", k)
        if rel not in S.REL_TYPES:
            raise StoreError(f"edge {u!r} -> {v!r} has type {rel!r}, not one of kg.schema.REL_TYPES")
        key = (rel, g.nodes[u].get("label"), g.nodes[v].get("label"))
        props = {p: clean_value(x) for p, x in data.items() if p != "type"}
        rows[key].append({"src": str(g.nodes[u].get("id", u)), "dst": str(g.nodes[v].get("id", v)), "props": props})
    for key_rows in rows.values():
        key_rows.sort(key=lambda r: (r["src"], r["dst"]))
    return dict(rows)


# Bolt servers cap one message (ArcadeDB: 16 MB after reassembly, and it then stops answering
# the connection): a batch is cut earlier when its rows add up to this many bytes.
MAX_BATCH_BYTES = 4 * 1024 * 1024
# A single row above this is refused before anything is sent (a sentence of tens of MB is not a sentence).
MAX_ROW_BYTES = 48 * 1024 * 1024


def _row_bytes(value: Any) -> int:
    """About how many bytes a row takes on the wire (UTF-8 text plus a little per value)."""
    if isinstance(value, str):
        return len(value.encode("utf-8")) + 4
    if isinstance(value, dict):
        return sum(_row_bytes(k) + _row_bytes(v) for k, v in value.items()) + 4
    if isinstance(value, list):
        return sum(_row_bytes(v) for v in value) + 4
    return 9


def _chunks(rows: list[dict], size: int, max_bytes: int = MAX_BATCH_BYTES) -> Iterator[list[dict]]:
    """Batches of at most ``size`` rows and about ``max_bytes`` bytes (a single larger row goes alone)."""
    batch: list[dict] = []
    used = 0
    for row in rows:
        n = _row_bytes(row)
        if n > MAX_ROW_BYTES:
            raise StoreError(f"{row.get('id') or row.get('src')}: a value of {n // (1024 * 1024)} MB is too large "
                             f"to store (limit {MAX_ROW_BYTES // (1024 * 1024)} MB)")
        if batch and (len(batch) >= size or used + n > max_bytes):
            yield batch
            batch, used = [], 0
        batch.append(row)
        used += n
    if batch:
        yield batch


# How many relationships a node of each label tends to have across documents (a body is named on
# many tasks, a document holds many sections, a task or sentence only a few).
_FAN = {S.ACTOR: 3, S.DOCUMENT: 3, S.PROJECT: 2, S.POLICY: 2, S.INDICATOR: 2, S.SECTION: 1,
        S.TASK: 0, S.SENTENCE: 0, S.MEASURE: 0}


def _start_at_target(src: str, dst: str, rows: list[dict]) -> bool:
    """Whether MERGE should start from the target: the side with fewer relationships (by label, then by the rows)."""
    if _FAN.get(src, 1) != _FAN.get(dst, 1):
        return _FAN.get(src, 1) > _FAN.get(dst, 1)
    fan_out = Counter(r["src"] for r in rows).most_common(1)[0][1]
    fan_in = Counter(r["dst"] for r in rows).most_common(1)[0][1]
    return fan_out > fan_in


def plan(g: nx.MultiDiGraph, batch_size: int) -> list[tuple[str, list[dict]]]:
    """The (statement, batch of rows) pairs that write the graph: all nodes first, then relationships."""
    steps: list[tuple[str, list[dict]]] = []
    for label, rows in sorted(node_rows(g).items()):
        merged = [k for k in MERGED_LISTS if any(k in r for r in rows)]
        stmt = node_statement(label, merged)
        steps += [(stmt, chunk) for chunk in _chunks(rows, batch_size)]
    for (rel, src, dst), rows in sorted(edge_rows(g).items()):
        stmt = edge_statement(rel, src, dst, from_target=_start_at_target(src, dst, rows))
        steps += [(stmt, chunk) for chunk in _chunks(rows, batch_size)]
    return steps


def graph_docs(g: nx.MultiDiGraph) -> set[str]:
    """The documents a graph holds facts of."""
    return {d for _, data in g.nodes(data=True) for d in (data.get("docs") or ())}


def fingerprints(g: nx.MultiDiGraph) -> dict[str, str]:
    """A digest per document of its facts in ``g``: its own nodes and their properties, the shared
    nodes it names, and the relationships read from it. Equal digests mean the store already holds
    exactly what a load of that document would write."""
    parts: dict[str, list] = defaultdict(list)
    own: dict[str, str] = {}
    for nid, data in g.nodes(data=True):
        docs = data.get("docs") or ()
        if len(docs) == 1:
            own[nid] = docs[0]
            parts[docs[0]].append(("node", nid, {k: v for k, v in data.items() if k != "docs"}))
        else:
            for d in docs:
                parts[d].append(("shared", nid))
    for u, v, k, data in g.edges(keys=True, data=True):
        for d in {data.get("doc"), own.get(u), own.get(v)} - {None}:
            parts[d].append(("edge", u, v, k, data))
    out = {}
    for doc, items in parts.items():
        blob = json.dumps(sorted(json.dumps(i, ensure_ascii=False, sort_keys=True, default=str) for i in items),
                          ensure_ascii=False)
        out[doc] = hashlib.sha256(blob.encode("utf-8")).hexdigest()
    return out


@dataclass
class LoadReport:
    """What one load did: rows sent and the server's counters."""

    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    docs_replaced: list[str] = field(default_factory=list)
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    seconds: float = 0.0

    def add(self, counters: Any) -> None:
        self.nodes_created += counters.nodes_created
        self.nodes_deleted += counters.nodes_deleted
        self.relationships_created += counters.relationships_created
        self.relationships_deleted += counters.relationships_deleted
        self.properties_set += counters.properties_set

    def summary(self) -> str:
        return (f"loaded {self.nodes} nodes and {self.relationships} relationships in {self.batches} batches "
                f"({self.nodes_created} nodes and {self.relationships_created} relationships created, "
                f"{self.nodes_deleted} nodes and {self.relationships_deleted} relationships deleted) "
                f"in {self.seconds:.1f}s")


def load_graph(store: Store, g: nx.MultiDiGraph, replace_docs: set[str] | None = None,
               batch_size: int = 1000, progress: Callable[[int, int], None] | None = None) -> LoadReport:
    """Write ``g`` into the store in one transaction, first removing the facts of ``replace_docs``.

    Documents of ``g`` whose stored facts differ from ``g``'s (by a digest kept on their
    Document node) are replaced as well, so a load interrupted earlier is completed and a
    document changed behind the caller's back is not left with stale facts.
    ``g`` must hold at least the new facts of every document in ``replace_docs``
    (a document in ``replace_docs`` and not in ``g`` is simply removed). Nodes are
    written with ``g``'s properties; ``docs``/``aliases`` become unions with the
    stored lists, so nodes shared with documents outside ``g`` keep them.
    ``progress(done, total)`` is called after each batch.
    """
    if batch_size < 1:
        raise StoreError("batch size must be at least 1")
    steps = plan(g, batch_size)
    store.run_schema(schema_statements())
    digests = fingerprints(g)
    # Documents whose stored facts differ from g's (changed, or left behind by a load that failed)
    # are replaced too, whatever the caller passed: the next load completes an interrupted one.
    stored = {r["name"]: r["fingerprint"] for r in store.run(FINGERPRINTS_QUERY, {"docs": sorted(digests)})}
    stale = {d for d, fp in digests.items() if d in stored and stored[d] != fp}
    docs = sorted(set(replace_docs or ()) | stale)
    marks = [{"id": S.node_id(S.DOCUMENT, d), "fingerprint": fp} for d, fp in sorted(digests.items())]
    total = len(steps)
    started = time.monotonic()

    def work(tx) -> LoadReport:
        report = LoadReport(nodes=g.number_of_nodes(), relationships=g.number_of_edges(), batches=total,
                            docs_replaced=docs)
        if docs:
            for stmt in delete_statements():
                report.add(tx.run(stmt, docs=docs).consume().counters)
        for done, (stmt, rows) in enumerate(steps, 1):
            report.add(tx.run(stmt, rows=rows).consume().counters)
            if progress is not None:
                progress(done, total)
        tx.run(SET_FINGERPRINTS, rows=marks).consume()
        return report

    try:
        report = store.execute(work, write=True)
    except CommitUnknownError as exc:
        raise StoreError(f"{exc} (loads are idempotent: run the build again)") from None
    except StoreError as exc:
        raise StoreError(f"load failed and was rolled back, the store keeps its previous facts "
                         f"(run the build again to complete it; if it fails again, `kg build --rebuild-store` "
                         f"makes the store anew from the graph): {exc}") from None
    report.seconds = time.monotonic() - started
    return report
