"""``kg export neo4j-import``: CSV files for neo4j-admin, written and read back with the csv module.

The files are checked the way neo4j-admin reads them: typed headers (``id:ID``, ``:LABEL``,
``:START_ID``, ``:END_ID``, ``:TYPE``, ``name:type`` with ``[]`` arrays split on the declared
array delimiter), RFC 4180 quoting, and every value equal to the graph's.
"""
from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import schema as S
from kg.export.neo4j_import import (CONSTRAINTS, README, SCRIPT, choose_array_delimiter, column_type, node_file,
                                    rel_file, render, write_neo4j_import)
from kg.graph_io import save_graph

from .conftest import Spec, doc_result

ROOT = Path(__file__).resolve().parents[2]
TYPES = {"int", "long", "double", "boolean", "string"}
HEADER = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)?:(?P<type>ID|LABEL|START_ID|END_ID|TYPE|[a-z]+(\[\])?)\Z")


def _array_delimiter(folder: Path) -> str:
    m = re.search(r"--array-delimiter=(\S+)", (folder / SCRIPT).read_text(encoding="utf-8"))
    value = m.group(1).strip("'")
    return chr(int(value[2:], 16)) if value.startswith("U+") else value


def _value(text: str, typ: str, delim: str):
    if typ.endswith("[]"):
        return [_value(x, typ[:-2], delim) for x in text.split(delim)] if text else None
    if text == "" and typ != "string":
        return None
    return {"int": int, "long": int, "double": float, "boolean": lambda t: {"true": True, "false": False}[t],
            "string": str}[typ](text)


def read_import(folder: Path) -> tuple[dict[str, dict], list[tuple[str, str, str, dict]], dict[str, list[str]]]:
    """Nodes {id: props with 'label'}, relationships [(start, end, type, props)] and each file's header."""
    delim = _array_delimiter(folder)
    nodes: dict[str, dict] = {}
    rels: list[tuple[str, str, str, dict]] = []
    headers: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, strict=True)
            header = next(reader)
            headers[path.name] = header
            cols = []
            for h in header:
                m = HEADER.match(h)
                assert m, f"{path.name}: header {h!r} does not parse"
                cols.append((m.group("name"), m.group("type")))
            for row in reader:
                assert len(row) == len(cols), f"{path.name}: row of {len(row)} fields under {len(cols)} columns"
                props, ids = {}, {}
                for (name, typ), text in zip(cols, row):
                    if typ in ("ID", "LABEL", "START_ID", "END_ID", "TYPE"):
                        ids[typ] = text
                        if typ == "ID" and name:
                            props[name] = text
                    else:
                        assert typ.removesuffix("[]") in TYPES, f"{path.name}: unknown type {typ}"
                        props[name] = _value(text, typ, delim)
                if "ID" in ids:
                    assert ids["ID"] not in nodes, f"duplicate node id {ids['ID']}"
                    nodes[ids["ID"]] = {**props, "label": ids["LABEL"]}
                else:
                    rels.append((ids["START_ID"], ids["END_ID"], ids["TYPE"], props))
    return nodes, rels, headers


def _same(expected, got) -> bool:
    """A graph value and the value read back (None and [] are no property; '' may read as no value)."""
    if expected in (None, []):
        return got in (None, [], "")
    if isinstance(expected, (list, tuple)):
        return list(expected) == got
    return expected == got or (expected == "" and got in (None, ""))


def assert_round_trip(g: nx.MultiDiGraph, folder: Path) -> None:
    nodes, rels, _ = read_import(folder)
    assert set(nodes) == set(g.nodes)
    for nid, data in g.nodes(data=True):
        got = nodes[nid]
        for k, v in data.items():
            assert _same(v, got.get(k)), (nid, k, v, got.get(k))
    want = sorted((u, v, d["type"], sorted((a, repr(x)) for a, x in d.items() if a != "type" and x is not None))
                  for u, v, d in g.edges(data=True))
    have = sorted((a, b, t, sorted((k, repr(x)) for k, x in p.items() if x is not None)) for a, b, t, p in rels)
    assert want == have


@pytest.fixture(scope="module")
def corpus_import(corpus_graph, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("neo4j-import")
    write_neo4j_import(corpus_graph, folder)
    return folder


def test_counts_per_label_and_type_equal_the_graph(corpus_graph, corpus_import: Path):
    nodes, rels, headers = read_import(corpus_import)
    labels = Counter(d["label"] for _, d in corpus_graph.nodes(data=True))
    types = Counter(d["type"] for *_, d in corpus_graph.edges(data=True))
    assert Counter(n["label"] for n in nodes.values()) == labels
    assert Counter(t for _, _, t, _ in rels) == types
    for label, count in labels.items():  # one file per label, holding only that label
        assert headers[node_file(label)][:2] == ["id:ID", ":LABEL"]
    for rel in types:
        assert headers[rel_file(rel)][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert len(headers) == len(labels) + len(types)


def test_every_relationship_joins_nodes_that_exist(corpus_import: Path):
    nodes, rels, _ = read_import(corpus_import)
    assert rels
    for start, end, typ, _ in rels:
        assert start in nodes and end in nodes, (start, end, typ)
        assert typ in S.REL_TYPES


def test_every_value_reads_back_as_the_graph_holds_it(corpus_graph, corpus_import: Path):
    assert_round_trip(corpus_graph, corpus_import)


def test_known_corpus_facts_are_in_the_files(corpus_import: Path):
    nodes, rels, headers = read_import(corpus_import)
    assert "aliases:string[]" in headers[node_file(S.ACTOR)] and "start:int" in headers[rel_file(S.LEAD)]
    lead = [(nodes[a]["name"], nodes[b]["text"]) for a, b, t, _ in rels if t == S.LEAD]
    assert any(who == "区工商联" and "举办一次我区产业发展及转型创新推介会" in task for who, task in lead)
    assert any(who == "区发改委" and "组织对辖区资源再次摸排" in task for who, task in lead)
    survey = [nodes[a]["name"] for a, b, t, _ in rels if t == S.RESPONSIBLE and "对有意投资的外商进行梳理" in nodes[b]["text"]]
    assert "区商务局" in survey
    assert {"level:string", "place:string", "names:string[]"} <= set(headers[node_file(S.ACTOR)])
    assert {n["level"] for n in nodes.values() if n.get("name") == "区商务局"} == {"区"}


def test_script_names_every_file_with_the_formats_options(corpus_import: Path):
    script = (corpus_import / SCRIPT).read_text(encoding="utf-8")
    assert script.startswith("#!/bin/sh") and os.access(corpus_import / SCRIPT, os.X_OK)
    assert "neo4j-admin database import full" in script
    for f in sorted(corpus_import.glob("*.csv")):
        kind = "--nodes" if f.name.startswith("nodes_") else "--relationships"
        assert f'{kind}="$HERE"/{f.name}' in script
    for option in ("--array-delimiter=", "--multiline-fields=true", "--legacy-style-quoting=false", "--id-type=string"):
        assert option in script
    subprocess.run(["sh", "-n", str(corpus_import / SCRIPT)], check=True)  # the shell can parse it
    readme = (corpus_import / README).read_text(encoding="utf-8")
    assert "When to use it" in readme and "kg load" in readme
    assert (corpus_import / CONSTRAINTS).read_text(encoding="utf-8").count("CREATE CONSTRAINT") == len(S.LABELS)


def test_the_same_graph_gives_the_same_bytes(corpus_graph):
    assert render(corpus_graph) == render(nx.MultiDiGraph(corpus_graph))


NASTY = ['他说："要抓落实"', "逗号, 分号; 和 ；", "换行\n之后\r\n还有", "反斜杠 \\ 与 \\\"", "'}) DETACH DELETE n //",
         "=1+1", "", " 前后空格 "]


def _nasty_graph() -> nx.MultiDiGraph:
    specs = [Spec(f"由{name}局牵头，组织{text}推介会。", ("一、招商引资",), ((f"{name}局", f"{name}局", "牵头"),),
                  f"组织{text}推介会") for name, text in zip("甲乙丙丁戊己庚辛", NASTY)]
    from kg.graph import build_graph

    g = build_graph([doc_result("900_nasty", "关于招商引资的讲话", specs)])
    actor = S.node_id(S.ACTOR, "甲局")
    g.nodes[actor]["aliases"] = ["甲局", "甲;局", '引号"局', "换行\n局"]
    return g


def test_quotes_newlines_and_delimiters_survive(tmp_path: Path):
    g = _nasty_graph()
    write_neo4j_import(g, tmp_path)
    assert _array_delimiter(tmp_path) == "|"  # ';' occurs inside an alias, so another delimiter is declared
    assert_round_trip(g, tmp_path)
    nodes, _, _ = read_import(tmp_path)
    assert nodes[S.node_id(S.ACTOR, "甲局")]["aliases"] == ["甲局", "甲;局", '引号"局', "换行\n局"]


def test_none_is_no_property_and_empty_text_is_empty_text(tmp_path: Path):
    g = nx.MultiDiGraph()
    g.add_node("Document:a", id="Document:a", label=S.DOCUMENT, name="a", date=None, level="", docs=["a"])
    files, _ = render(g)
    header, line = files[node_file(S.DOCUMENT)].splitlines()
    assert header == "id:ID,:LABEL,date:string,docs:string[],level:string,name:string"
    assert line == '"Document:a",Document,,"a","","a"'


@pytest.mark.parametrize("values, typ", [
    ([1, 2, None], "int"), ([1, 2 ** 40], "long"), ([1, 2.5], "double"), ([True, False], "boolean"),
    (["a", 1], "string"), ([None, None], "string"), ([["a"], [], None], "string[]"), ([[1, 2]], "int[]"),
    ([True, 1], "string"), ([["a"], "b"], "string"),
])
def test_column_types_are_read_from_the_values(values, typ):
    assert column_type(values) == typ


def test_array_delimiter_falls_back_to_a_control_character():
    g = nx.MultiDiGraph()
    g.add_node("Actor:x", id="Actor:x", label=S.ACTOR, name="x", aliases=[";|^~"], docs=["d"])
    assert choose_array_delimiter(g) == "\x1f"
    files, delim = render(g)
    assert delim == "\x1f"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=5), st.text(max_size=60))
def test_any_text_round_trips(tmp_path_factory, aliases, text):
    g = nx.MultiDiGraph()
    name = aliases[0]
    a, t = S.node_id(S.ACTOR, name), S.node_id(S.TASK, "d:0-1")
    g.add_node(a, id=a, label=S.ACTOR, name=name, aliases=aliases, docs=["d"])
    g.add_node(t, id=t, label=S.TASK, text=text, start=0, end=1, docs=["d"])
    g.add_edge(a, t, key=S.LEAD, type=S.LEAD, sentence=text, doc="d")
    folder = tmp_path_factory.mktemp("any")
    try:
        write_neo4j_import(g, folder)
    except Exception as exc:  # only the documented refusal: no delimiter is free
        assert "array delimiter" in str(exc)
        return
    nodes, rels, _ = read_import(folder)
    got = nodes[a]["aliases"]
    assert got == aliases or (aliases == [""] and got is None)  # [""] and no value are one field
    assert nodes[t]["text"] == text or (text == "" and nodes[t]["text"] in ("", None))
    assert rels[0][3]["sentence"] == text or (text == "" and rels[0][3]["sentence"] in ("", None))


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_writes_the_folder_from_a_saved_graph(tmp_path: Path):
    g = _nasty_graph()
    save_graph(g, tmp_path / "out")
    r = kg("export", "neo4j-import", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    folder = tmp_path / "exports" / "neo4j-import"
    assert {Path(line).name for line in r.stdout.splitlines()} == {p.name for p in folder.iterdir()}
    assert_round_trip(g, folder)
    r = kg("export", "neo4j-import", "--graph", "out/graph.json", "--out", "n4", cwd=tmp_path)
    assert r.returncode == 0 and (tmp_path / "n4" / SCRIPT).is_file()


@pytest.mark.parametrize("args, words", [
    (("--graph", "missing.json"), "no graph at missing.json"),
    (("--out", "afile.txt"), "is a file"),
])
def test_cli_errors_are_one_line(tmp_path: Path, args, words):
    save_graph(_nasty_graph(), tmp_path / "out")
    (tmp_path / "afile.txt").write_text("x", encoding="utf-8")
    r = kg("export", "neo4j-import", *args, cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [r.stderr.strip()] and words in r.stderr
