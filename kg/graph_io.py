"""Saving the graph beside the other outputs, and reading it back.

``graph.json`` is networkx node-link JSON (UTF-8, Chinese as written, nodes and
edges sorted so the same graph always gives the same bytes); ``load_graph``
reads it back to an equal MultiDiGraph, so every output can run from a saved
build. ``graph.graphml`` is for Gephi and yEd: GraphML holds scalars only, so
lists become JSON text, None values are left out, each edge gets a unique id,
and ``label`` is what those tools show (the node's name; the relationship type
on edges) while the schema label is kept as ``kg_label``.
"""
from __future__ import annotations

import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import quoteattr

import networkx as nx

from kg.errors import InputError, KgError
from kg.scratch import temp_prefix

JSON_NAME = "graph.json"
GRAPHML_NAME = "graph.graphml"
FORMAT = "kg-node-link/1"


def to_node_link(g: nx.MultiDiGraph) -> dict:
    """The node-link form of the graph: nodes sorted by id, edges by (source, target, key)."""
    nodes = [{**_plain(d), "id": n} for n, d in sorted(g.nodes(data=True), key=lambda x: x[0])]
    edges = [{**_plain(d), "source": u, "target": v, "key": k}
             for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda x: (x[0], x[1], str(x[2])))]
    return {"directed": True, "multigraph": True, "graph": {**_plain(g.graph), "format": FORMAT},
            "nodes": nodes, "edges": edges}


def _plain(d: dict) -> dict:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items()}


def graph_files(out_dir: str | Path) -> list[Path]:
    """The files save_graph writes for ``out_dir``: graph.json and graph.graphml in it, or the .json
    path given and the .graphml beside it."""
    out = Path(out_dir)
    if out.suffix.lower() == ".json":
        return [out, out.with_suffix(".graphml")]
    return [out / JSON_NAME, out / GRAPHML_NAME]


def save_graph(g: nx.MultiDiGraph, out_dir: str | Path) -> list[Path]:
    """Write graph.json and graph.graphml into out_dir (created if missing); the paths written.

    Given a path ending in .json instead, writes that file and the .graphml of the same name beside it.
    """
    paths = graph_files(out_dir)
    out = paths[0].parent
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"cannot create output directory {out}: {exc.strerror or exc}") from None
    _write_all([(paths[0], lambda fh: _write_json(g, fh)), (paths[1], lambda fh: _write_graphml(g, fh))])
    return paths


def _write_json(g: nx.MultiDiGraph, fh: BinaryIO) -> None:
    """The node-link JSON of to_node_link, written one node and one edge per line (each by the C
    encoder), never held as one document in memory."""
    dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="\n")
    head = {"directed": True, "multigraph": True, "graph": {**_plain(g.graph), "format": FORMAT}}
    text.write(dump(head)[:-1] + ',\n"nodes": [')
    for i, (n, d) in enumerate(sorted(g.nodes(data=True), key=lambda x: x[0])):
        text.write((",\n" if i else "\n") + dump({**_plain(d), "id": n}))
    text.write('\n],\n"edges": [')
    edges = sorted(g.edges(keys=True), key=lambda x: (x[0], x[1], str(x[2])))
    for i, (u, v, k) in enumerate(edges):
        text.write((",\n" if i else "\n") + dump({**_plain(g.edges[u, v, k]), "source": u, "target": v, "key": k}))
    text.write("\n]}\n")
    text.flush()
    text.detach()


def _write_all(files: list[tuple[Path, Callable[[BinaryIO], None]]]) -> None:
    """Write every file to a temporary name first (streamed, never whole in memory), then rename them
    all: a failed write replaces nothing."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, write in files:
            if path.is_dir():
                raise IsADirectoryError(21, "is a directory", str(path))
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path), suffix=".tmp")
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                write(fh)
        for tmp, path in temps:
            os.replace(tmp, path)
    except OSError as exc:
        raise KgError(f"cannot write {exc.filename or files[0][0]}: {exc.strerror or exc}") from None
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)


# Characters XML 1.0 cannot hold (controls other than tab/newline/return, lone surrogates, U+FFFE/FFFF):
# a document may contain them, GraphML may not, so they become U+FFFD there (graph.json keeps them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


_XML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


def _display(d: dict) -> str:
    for key in ("name", "title", "text"):
        value = d.get(key)
        if isinstance(value, str) and value:
            return value if len(value) <= 60 else value[:59] + "…"
    return ""


def _node_attrs(d: dict) -> dict:
    attrs = {k: v for k, v in d.items() if v is not None and k != "label"}
    attrs["kg_label"] = d.get("label", "")
    attrs["label"] = _display(d)
    return attrs


def _edge_attrs(d: dict, k: object) -> dict:
    attrs = {a: x for a, x in d.items() if x is not None}
    attrs["label"] = d.get("type", str(k))
    return attrs


def _key_types(rows: Iterable[dict]) -> dict[str, str]:
    """Each attribute's GraphML type (lists are JSON text), keys in the order they first appear; a key
    that holds mixed types is text. The keys and the (key, type) pairs are gathered by C-level set and
    dict updates: this pass runs over every node and edge."""
    order: dict[str, None] = {}
    pairs: set[tuple[str, type]] = set()
    for attrs in rows:
        order.update(dict.fromkeys(attrs))
        pairs.update(zip(attrs, map(type, attrs.values())))
    types: dict[str, set[type]] = {}
    for k, t in pairs:
        types.setdefault(k, set()).add(t if t in _XML_TYPES else str)
    return {k: _XML_TYPES[types[k].pop()] if len(types[k]) == 1 else "string" for k in order}


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _escape(text: str) -> str:
    """saxutils.escape's output, without its three passes over a text that has nothing to escape
    (nearly every value)."""
    return text.translate(_ESCAPES) if "&" in text or "<" in text or ">" in text else text


def _value(v: object) -> str:
    """One value as GraphML text: plain str, bool, int and float directly (most values), lists as JSON
    text, anything else as its text (XML-unsafe characters are replaced once per written element, see
    _write_graphml)."""
    t = type(v)
    if t is str:
        return _escape(v)
    if t is bool:
        return "true" if v else "false"
    if t is int or t is float:
        return str(v)
    if isinstance(v, (list, tuple, set, frozenset)):
        return _escape(json.dumps(list(v), ensure_ascii=False))
    return _escape(str(v))  # bool cannot be subclassed: nothing here is a bool


_ATTR_PLAIN = re.compile(r'[&<>"\n\r\t]')


def _attr(value: str) -> str:
    """quoteattr's output, without its passes over an id that has nothing to escape (nearly every one)."""
    return quoteattr(value) if _ATTR_PLAIN.search(value) else f'"{value}"'


def _data(keys: dict[str, str], attrs: dict) -> str:
    return "".join([f'<data key="{keys[k]}">{_value(v)}</data>' for k, v in attrs.items()])


def _write_graphml(g: nx.MultiDiGraph, fh: BinaryIO) -> None:
    """GraphML for Gephi and yEd, as networkx writes it (keys declared first, then nodes and edges;
    scalar values only, lists as JSON text, unique edge ids ``e0`` … in sorted order, ``label`` the
    display name and ``kg_label`` the schema label), streamed: two passes over the graph (the
    attribute types, then the elements), no copy of it in memory."""
    nodes = sorted(g.nodes)
    edges = sorted(g.edges(keys=True), key=lambda x: (x[0], x[1], str(x[2])))
    node_types = _key_types(_node_attrs(g.nodes[n]) for n in nodes)
    edge_types = _key_types(_edge_attrs(g.edges[e], e[2]) for e in edges)
    node_keys = {name: f"d{i}" for i, name in enumerate(node_types)}
    edge_keys = {name: f"d{i}" for i, name in enumerate(edge_types, len(node_keys))}
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="\n")
    text.write(_GRAPHML_HEAD)
    for kind, types, keys in (("node", node_types, node_keys), ("edge", edge_types, edge_keys)):
        for name, xml_type in types.items():
            text.write(f'<key id="{keys[name]}" for="{kind}" attr.name={quoteattr(name)} attr.type="{xml_type}"/>\n')
    text.write('<graph edgedefault="directed">\n')
    for n in nodes:
        attrs = _node_attrs(g.nodes[n])
        attrs["label"] = attrs["label"] or n
        text.write(_xml_text(f"<node id={_attr(n)}>{_data(node_keys, attrs)}</node>\n"))
    for i, (u, v, k) in enumerate(edges):
        text.write(_xml_text(f'<edge source={_attr(u)} target={_attr(v)} id="e{i}">'
                             f"{_data(edge_keys, _edge_attrs(g.edges[u, v, k], k))}</edge>\n"))
    text.write("</graph></graphml>\n")
    text.flush()
    text.detach()


def load_graph(path: str | Path) -> nx.MultiDiGraph:
    """Read graph.json (or a directory holding it) back to the graph save_graph wrote.

    A missing, unreadable or malformed file is an InputError with one line saying why.
    """
    p = Path(path)
    if p.is_dir():
        p = p / JSON_NAME
    streamed = _read_by_line(p)
    if streamed is not None:
        return streamed
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no graph at {p} (run kg build first)") from None
    except OSError as exc:
        raise InputError(f"cannot read graph {p}: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"graph {p} is not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"graph {p} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise InputError(f"graph {p} is nested too deeply to be a graph written by kg build") from None
    return from_node_link(data, str(p))


_NODES_LINE, _BETWEEN_LINE, _EDGES_LINE, _END_LINE = '"nodes": [', "],", '"edges": [', "]}"


def _read_by_line(p: Path) -> nx.MultiDiGraph | None:
    """graph.json as _write_json writes it, read a line (a node or an edge) at a time, so a large graph
    never sits in memory twice (text and parsed); None when the file is not in that layout (an older
    graph.json, one written by other tools: read whole). A malformed line is an InputError."""
    try:
        fh = p.open(encoding="utf-8")
    except OSError:
        return None  # load_graph says why
    with fh:
        try:
            first, second = fh.readline(), fh.readline()
            if not first.startswith('{"directed"') or not first.rstrip().endswith(",") or second.strip() != _NODES_LINE:
                return None
            head = json.loads(first.rstrip()[:-1] + "}")
            nodes = _Lines(fh, _BETWEEN_LINE, p, 3)
            return _graph_from(head, nodes, _edge_lines(fh, nodes, p), str(p))
        except UnicodeDecodeError as exc:
            raise InputError(f"graph {p} is not UTF-8 text (byte {exc.start})") from None
        except json.JSONDecodeError as exc:
            raise InputError(f"graph {p} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


class _Lines:
    """The objects of one list of graph.json, a line each, up to the line that closes the list."""

    def __init__(self, fh, end: str, p: Path, lineno: int) -> None:
        self.fh, self.end, self.p, self.lineno, self.closed = fh, end, p, lineno, False

    def __iter__(self):
        for line in self.fh:
            text = line.strip()
            if text == self.end:
                self.closed = True
                return
            self.lineno += 1
            try:
                yield json.loads(text[:-1] if text.endswith(",") else text)
            except json.JSONDecodeError as exc:
                raise InputError(f"graph {self.p} is not valid JSON: {exc.msg} at line {self.lineno - 1} "
                                 f"column {exc.colno}") from None
        raise InputError(f"graph {self.p} ends before its list is closed (a write that stopped halfway?)")


def _edge_lines(fh, nodes: _Lines, p: Path):
    if not nodes.closed or fh.readline().strip() != _EDGES_LINE:
        raise InputError(f"graph {p} is not a node-link graph (no list of edges)")
    yield from _Lines(fh, _END_LINE, p, nodes.lineno + 2)


def from_node_link(data: object, where: str = "graph") -> nx.MultiDiGraph:
    """A MultiDiGraph from node-link data; a shape that is not node-link is an InputError."""
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise InputError(f"{where} is not a node-link graph (no list of nodes)")
    edges = data.get("edges", data.get("links"))
    if not isinstance(edges, list):
        raise InputError(f"{where} is not a node-link graph (no list of edges)")
    return _graph_from(data, data["nodes"], edges, where)


def _graph_from(head: dict, nodes: Iterable, edges: Iterable, where: str) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.graph.update({k: v for k, v in (head.get("graph") or {}).items() if k != "format"})
    for i, node in enumerate(nodes):
        if not isinstance(node, dict) or not isinstance(node.get("id"), str):
            raise InputError(f"{where}: node {i} has no id")
        g.add_node(node["id"], **_shared(node))
    for i, edge in enumerate(edges):
        if not isinstance(edge, dict):
            raise InputError(f"{where}: edge {i} is not an object")
        u, v = edge.get("source"), edge.get("target")
        if u not in g or v not in g:
            raise InputError(f"{where}: edge {i} joins a node that is not in the graph ({u!r} -> {v!r})")
        attrs = _shared({k: x for k, x in edge.items() if k not in ("source", "target", "key")})
        key = edge.get("key", attrs.get("type"))
        g.add_edge(u, v, key=key, **attrs)
    return g


def _shared(attrs: dict) -> dict:
    """Attributes with their text interned, as kg.graph keeps them: one copy of each sentence and id."""
    return {k: sys.intern(v) if isinstance(v, str) else
            [sys.intern(x) if isinstance(x, str) else x for x in v] if isinstance(v, list) else v
            for k, v in attrs.items()}
