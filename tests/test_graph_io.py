"""Saving the graph as node-link JSON and GraphML, and reading it back; bad files fail in one line."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from kg import schema as S
from kg.errors import InputError, KgError
from kg.graph import build_graph
from kg.graph_io import load_graph, save_graph
from tests.graph_samples import doc_a, doc_b


@pytest.fixture
def g() -> nx.MultiDiGraph:
    return build_graph([doc_a(), doc_b()])


def same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    return (dict(a.nodes(data=True)) == dict(b.nodes(data=True))
            and sorted(a.edges(keys=True, data=True), key=repr) == sorted(b.edges(keys=True, data=True), key=repr))


def test_saved_graph_reads_back_equal(g, tmp_path: Path):
    paths = save_graph(g, tmp_path / "out")
    assert [p.name for p in paths] == ["graph.json", "graph.graphml"]
    back = load_graph(paths[0])
    assert same(back, g)
    assert same(load_graph(tmp_path / "out"), g)  # a directory holding graph.json


def test_json_is_utf8_chinese_and_deterministic(g, tmp_path: Path):
    a = save_graph(g, tmp_path / "a")[0].read_bytes()
    b = save_graph(build_graph([doc_b(), doc_a()]), tmp_path / "b")[0].read_bytes()
    assert a == b
    text = a.decode("utf-8")
    assert "商务局" in text and "\\u" not in text
    data = json.loads(text)
    assert data["directed"] and data["multigraph"]
    assert [n["id"] for n in data["nodes"]] == sorted(n["id"] for n in data["nodes"])


def test_a_json_path_writes_graphml_beside_it(g, tmp_path: Path):
    paths = save_graph(g, tmp_path / "graph.json")
    assert paths == [tmp_path / "graph.json", tmp_path / "graph.graphml"]
    assert same(load_graph(paths[0]), g)


def test_graphml_opens_with_names_scalars_and_unique_edge_ids(g, tmp_path: Path):
    path = save_graph(g, tmp_path)[1]
    h = nx.read_graphml(path, force_multigraph=True)
    assert h.number_of_nodes() == g.number_of_nodes() and h.number_of_edges() == g.number_of_edges()
    actor = h.nodes[S.node_id(S.ACTOR, "商务局")]
    assert actor["label"] == "商务局" and actor["kg_label"] == S.ACTOR
    assert json.loads(actor["docs"]) == ["doc_a", "doc_b"]
    ids = [k for *_, k in h.edges(keys=True)]
    assert len(ids) == len(set(ids))
    assert {d["label"] for *_, d in h.edges(data=True)} <= set(S.REL_TYPES)
    assert "None" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("content,message", [
    (b"{not json", "is not valid JSON"),
    (b"\xff\xfe\x00", "is not UTF-8"),
    (b"[1, 2]", "is not a node-link graph"),
    (b'{"nodes": [{"id": "a"}], "edges": [{"source": "a", "target": "b", "key": "x"}]}', "not in the graph"),
])
def test_a_bad_file_is_one_line_input_error(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "graph.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_graph(path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_a_missing_file_says_to_build_first(tmp_path: Path):
    with pytest.raises(InputError, match="run kg build first"):
        load_graph(tmp_path / "nothing.json")


def test_a_failed_write_leaves_the_old_file(g, tmp_path: Path):
    out = tmp_path / "out"
    old = save_graph(g, out)[0].read_bytes()
    (out / "graph.graphml").unlink()
    (out / "graph.graphml").mkdir()  # a directory where the file should go: the write fails
    with pytest.raises(KgError, match="cannot write"):
        save_graph(build_graph([doc_b()]), out)
    assert (out / "graph.json").read_bytes() == old  # nothing replaced
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_an_output_folder_that_cannot_be_made(g, tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(KgError, match="cannot create output directory"):
        save_graph(g, blocker / "out")


def test_graphml_holds_text_with_characters_xml_cannot(tmp_path):
    """A document may contain control characters; GraphML cannot: they become U+FFFD there, JSON keeps them."""
    import networkx as nx

    from kg.graph_io import load_graph, save_graph

    g = nx.MultiDiGraph()
    g.add_node("Actor:商\x07务局", id="Actor:商\x07务局", label="Actor", name="商\x07务局", docs=["d\x0c"])
    json_path, graphml_path = save_graph(g, tmp_path)
    assert load_graph(json_path).nodes["Actor:商\x07务局"]["name"] == "商\x07务局"
    h = nx.read_graphml(graphml_path)
    assert h.nodes["Actor:商\ufffd务局"]["name"] == "商\ufffd务局"


def test_graph_json_is_read_a_line_at_a_time_and_an_older_layout_still_reads(g, tmp_path: Path):
    from kg.graph_io import _read_by_line, to_node_link

    path = save_graph(g, tmp_path)[0]
    assert same(_read_by_line(path), g)  # the layout save_graph writes: never parsed whole
    older = tmp_path / "older.json"
    older.write_text(json.dumps(to_node_link(g), ensure_ascii=False, indent=1), encoding="utf-8")
    assert _read_by_line(older) is None and same(load_graph(older), g)


@pytest.mark.parametrize("cut", ["half", "node"])
def test_a_graph_json_cut_short_is_a_one_line_error(g, tmp_path: Path, cut: str):
    path = save_graph(g, tmp_path)[0]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if cut == "half":
        path.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
        match = "ends before its list is closed"
    else:
        lines[3] = lines[3][:10] + "\n"
        path.write_text("".join(lines), encoding="utf-8")
        match = "is not valid JSON: .* at line 4"
    with pytest.raises(InputError, match=match):
        load_graph(path)


@pytest.mark.parametrize("value, read_back", [
    ("住建局 & 交通局 <牵头>", "住建局 & 交通局 <牵头>"),
    ("a&amp;b", "a&amp;b"),
    (True, True),
    (False, False),
    (12, 12),
    (0.5, 0.5),
    (["财政局", "A&B"], '["财政局", "A&B"]'),
    (("x<y",), '["x<y"]'),
])
def test_graphml_values_read_back_as_written(tmp_path: Path, value: object, read_back: object):
    """Each scalar keeps its type and text through GraphML, with XML's special characters escaped once;
    lists are JSON text."""
    g = nx.MultiDiGraph()
    g.add_node("Actor:财政局", id="Actor:财政局", label="Actor", name="财政局", extra=value)
    h = nx.read_graphml(save_graph(g, tmp_path)[1])
    assert h.nodes["Actor:财政局"]["extra"] == read_back


@pytest.mark.parametrize("value", ["Actor:区商务局", "Task:doc:1-9", 'Project:"双创"基地', "Project:A&B<C>", "Policy:'x'",
                                   "Section:一\n二", "Task:a\tb"])
def test_graphml_attribute_values_are_quoted_as_quoteattr_quotes_them(value):
    from xml.sax.saxutils import quoteattr

    from kg.graph_io import _attr

    assert _attr(value) == quoteattr(value)
