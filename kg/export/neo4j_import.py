"""CSV files for ``neo4j-admin database import full``: the bulk load of the graph into a new Neo4j database.

``kg load`` / ``kg build`` write the graph through Bolt in transactions, which is
what incremental updates need. For the first load of millions of facts into a
Neo4j server or cluster, the offline importer is much faster: it reads CSV files
with typed headers and writes the store files directly.

Written into one folder:
- ``nodes_<Label>.csv``: one file per label, header ``id:ID,:LABEL,<prop>:<type>,...``.
  Node ids ("Actor:商务局") are unique across labels, so one global id space is used;
  the id is also stored as the property ``id``, as ``kg load`` stores it.
- ``rels_<TYPE>.csv``: one file per relationship type, header ``:START_ID,:END_ID,:TYPE,<prop>:<type>,...``.
- ``import.sh`` (the exact neo4j-admin command), ``constraints.cypher`` (the unique
  constraints ``kg load`` would create), ``README.txt``.

Values are data, never syntax: every string is quoted with ``"`` and inner quotes
doubled (RFC 4180, ``--legacy-style-quoting=false`` so a backslash is literal), newlines
stay inside quotes (``--multiline-fields=true``), None is an empty unquoted field (no
property), and list elements are joined with an array delimiter that occurs in no
element (``;`` unless some element holds one). Property types are read from the values
(int, long, double, boolean, string and their arrays); a column holding mixed kinds is
written as string.
"""
from __future__ import annotations

import math
import re
import shlex
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from kg import schema as S
from kg.errors import KgError
from kg.export.files import ensure_folder, write_atomic

# Array delimiters, in order of preference; the first one no list element contains is used.
ARRAY_DELIMITERS: tuple[str, ...] = (";", "|", "^", "~", "\x1f")
_INT32 = (-(2 ** 31), 2 ** 31 - 1)
_PROPERTY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Node/edge attributes that are structure, not properties (they become :LABEL / :TYPE / the id column).
_NODE_SKIP = ("label", "id")
_EDGE_SKIP = ("type",)
SCRIPT = "import.sh"
README = "README.txt"
CONSTRAINTS = "constraints.cypher"


def _schema_name(value: str) -> str:
    """An ASCII file-name part for a label or relationship type: its constant's name in kg.schema (牵头 -> LEAD)."""
    if value in S.LABELS:
        return value
    for name, v in vars(S).items():
        if value in S.REL_TYPES and v == value and name.isupper():
            return name
    raise KgError(f"{value!r} is not a label or relationship type of kg.schema")


def node_file(label: str) -> str:
    return f"nodes_{_schema_name(label)}.csv"


def rel_file(rel: str) -> str:
    return f"rels_{_schema_name(rel)}.csv"


def column_type(values: Iterable[object]) -> str:
    """The neo4j-admin type of a column from its values (None ignored): int, long, double, boolean, string, X[]."""
    kinds: set[str] = set()
    items: set[str] = set()
    ints: list[int] = []
    for v in values:
        if v is None:
            continue
        if isinstance(v, (list, tuple)):
            kinds.add("array")
            for x in v:
                items.add(_scalar_kind(x))
                if isinstance(x, int) and not isinstance(x, bool):
                    ints.append(x)
        else:
            kinds.add(_scalar_kind(v))
            if isinstance(v, int) and not isinstance(v, bool):
                ints.append(v)
    if kinds == {"array"}:
        return _merge_kinds(items - {"none"}, ints) + "[]"
    if "array" in kinds:
        return "string"
    return _merge_kinds(kinds, ints)


def _scalar_kind(v: object) -> str:
    if v is None:
        return "none"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "double"
    return "string"


def _merge_kinds(kinds: set[str], ints: list[int]) -> str:
    if kinds == {"boolean"}:
        return "boolean"
    if kinds == {"int"}:
        return "int" if all(_INT32[0] <= i <= _INT32[1] for i in ints) else "long"
    if kinds and kinds <= {"int", "double"}:
        return "double"
    return "string"


def choose_array_delimiter(g: nx.MultiDiGraph) -> str:
    """The first of ARRAY_DELIMITERS that occurs in no list element of the graph."""
    used: set[str] = set()
    for _, d in g.nodes(data=True):
        used.update(ch for v in d.values() if isinstance(v, (list, tuple)) for x in v for ch in str(x))
    for *_, d in g.edges(keys=True, data=True):
        used.update(ch for v in d.values() if isinstance(v, (list, tuple)) for x in v for ch in str(x))
    for delim in ARRAY_DELIMITERS:
        if delim not in used:
            return delim
    raise KgError("every array delimiter neo4j-admin could use occurs inside a list value; cannot write the CSV")


def _field(value: object, typ: str, delim: str) -> str:
    """One CSV field: None empty; strings always quoted with inner quotes doubled; arrays joined by delim."""
    if value is None:
        return ""
    if typ.endswith("[]"):
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        if not items:
            return ""  # neo4j-admin cannot hold an empty array: the property is left out
        base = typ[:-2]
        joined = delim.join(_plain(x, base) for x in items if x is not None)
        return _quote(joined)
    text = _plain(value, typ)
    return _quote(text) if typ == "string" else text


def _plain(value: object, typ: str) -> str:
    if typ == "boolean":
        return "true" if value else "false"
    if typ in ("int", "long"):
        return str(int(value))
    if typ == "double":
        f = float(value)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return repr(f)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _check_name(name: str, where: str) -> str:
    if not isinstance(name, str) or not _PROPERTY_NAME.match(name):
        raise KgError(f"{where} property {name!r} cannot be a neo4j-admin header name")
    return name


def _columns(rows: list[dict], where: str) -> list[tuple[str, str]]:
    keys = sorted({k for r in rows for k in r})
    return [(_check_name(k, where), column_type(r.get(k) for r in rows)) for k in keys]


def _csv(header: list[str], lines: list[list[str]]) -> str:
    out = [",".join(header)] + [",".join(x) for x in lines]
    return "\n".join(out) + "\n"


def render(g: nx.MultiDiGraph) -> tuple[dict[str, str], str]:
    """The CSV files of the graph as {file name: text}, and the array delimiter they use."""
    delim = choose_array_delimiter(g)
    files: dict[str, str] = {}
    by_label: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for nid, d in g.nodes(data=True):
        label = d.get("label")
        if label not in S.LABELS:
            raise KgError(f"node {nid!r} has label {label!r}, not one of kg.schema.LABELS")
        by_label[label].append((str(d.get("id", nid)), {k: v for k, v in d.items() if k not in _NODE_SKIP}))
    for label in S.LABELS:
        nodes = sorted(by_label.get(label, []), key=lambda x: x[0])
        if not nodes:
            continue
        cols = _columns([p for _, p in nodes], label)
        header = ["id:ID", ":LABEL"] + [f"{k}:{t}" for k, t in cols]
        lines = [[_quote(nid), label] + [_field(p.get(k), t, delim) for k, t in cols] for nid, p in nodes]
        files[node_file(label)] = _csv(header, lines)
    by_type: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    for u, v, k, d in g.edges(keys=True, data=True):
        rel = d.get("type", k)
        if rel not in S.REL_TYPES:
            raise KgError(f"edge {u!r} -> {v!r} has type {rel!r}, not one of kg.schema.REL_TYPES")
        src, dst = str(g.nodes[u].get("id", u)), str(g.nodes[v].get("id", v))
        by_type[rel].append((src, dst, {a: x for a, x in d.items() if a not in _EDGE_SKIP}))
    for rel in S.REL_TYPES:
        edges = sorted(by_type.get(rel, []), key=lambda x: (x[0], x[1], sorted(map(str, x[2].items()))))
        if not edges:
            continue
        cols = _columns([p for *_, p in edges], rel)
        header = [":START_ID", ":END_ID", ":TYPE"] + [f"{k}:{t}" for k, t in cols]
        lines = [[_quote(a), _quote(b), _quote(rel)] + [_field(p.get(k), t, delim) for k, t in cols]
                 for a, b, p in edges]
        files[rel_file(rel)] = _csv(header, lines)
    return files, delim


def _delimiter_option(delim: str) -> str:
    return delim if delim.isprintable() and not delim.isspace() else f"U+{ord(delim):04X}"


def import_command(files: Iterable[str], delim: str, database: str = '"$DATABASE"', folder: str = '"$HERE"') -> str:
    """The neo4j-admin command that imports ``files`` (names inside ``folder``)."""
    parts = ["neo4j-admin database import full"]
    for name in sorted(files):
        kind = "--nodes" if name.startswith("nodes_") else "--relationships"
        parts.append(f"{kind}={folder}/{name}")
    parts += ["--delimiter=,", f"--array-delimiter={shlex.quote(_delimiter_option(delim))}", "--quote='\"'",
              "--multiline-fields=true", "--legacy-style-quoting=false", "--id-type=string", database]
    return " \\\n  ".join(parts)


def _script(files: Iterable[str], delim: str) -> str:
    return (
        "#!/bin/sh\n"
        "# Bulk-load the 责任图谱 graph into a NEW Neo4j 5 database with neo4j-admin (written by kg export neo4j-import).\n"
        "# Usage: sh import.sh [DATABASE]   (default: neo4j). The database must not exist or must be stopped;\n"
        "# add --overwrite-destination=true to replace one. Then create the constraints:\n"
        "#   cypher-shell -d DATABASE -f constraints.cypher\n"
        "set -eu\n"
        'HERE=$(cd "$(dirname "$0")" && pwd)\n'
        'DATABASE=${1:-neo4j}\n'
        + import_command(files, delim) + "\n"
    )


def _readme(files: dict[str, str], delim: str, g: nx.MultiDiGraph) -> str:
    counts = Counter(d.get("label") for _, d in g.nodes(data=True))
    rels = Counter(d.get("type", k) for *_, k, d in g.edges(keys=True, data=True))
    lines = [
        "责任图谱: CSV files for neo4j-admin database import full (Neo4j 5)",
        "",
        "When to use it: the first load of a large graph (millions of facts) into a new Neo4j",
        "database or cluster, offline and without transactions. For incremental updates of a",
        "running database use `kg build` or `kg load`, which replace the facts of changed",
        "documents in one transaction.",
        "",
        "Command (also in import.sh; run it where neo4j-admin is, with the database stopped or absent):",
        "",
        "  " + import_command(files, delim, database="neo4j", folder=".").replace("\n", "\n  "),
        "",
        "Then create the unique constraints on id that kg load uses:",
        "  cypher-shell -d neo4j -f constraints.cypher",
        "",
        "Format: UTF-8, comma-separated, every string in double quotes with inner quotes doubled,",
        f"newlines kept inside quotes, list elements separated by {_delimiter_option(delim)!r}, empty field = no property.",
        "Node ids (id:ID) are the graph's ids, e.g. Actor:商务局, one global id space.",
        "",
        "Files:",
    ]
    for label in S.LABELS:
        if counts.get(label):
            lines.append(f"  {node_file(label)}: {counts[label]} {label} nodes")
    for rel in S.REL_TYPES:
        if rels.get(rel):
            lines.append(f"  {rel_file(rel)}: {rels[rel]} {rel} relationships")
    return "\n".join(lines) + "\n"


def _constraints() -> str:
    from kg.store.loader import schema_statements

    return "".join(f"{stmt};\n" for stmt in schema_statements())


def write_neo4j_import(g: nx.MultiDiGraph, out: Path) -> list[Path]:
    """Write the import files, import.sh, constraints.cypher and README.txt into folder ``out``; the paths written."""
    folder = ensure_folder(Path(out))
    files, delim = render(g)
    texts = dict(files)
    texts[SCRIPT] = _script(files, delim)
    texts[CONSTRAINTS] = _constraints()
    texts[README] = _readme(files, delim, g)
    written = []
    for name, text in texts.items():
        data = text.encode("utf-8")
        written.append(write_atomic(folder / name, lambda tmp, data=data: tmp.write_bytes(data)))
    (folder / SCRIPT).chmod(0o755)
    return written
