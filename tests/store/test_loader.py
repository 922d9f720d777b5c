"""Loading graphs into the real Bolt server: counts, idempotence, replacing a document, verbatim text."""
from __future__ import annotations

import pytest
from store_graphs import EXPO, SURVEY, speech

from kg import schema as S
from kg.errors import StoreError
from kg.graph import add_document, build_graph, remove_document
from kg.store import Store, embedded, graph_counts
from kg.store.loader import edge_statement, graph_docs, ident, node_statement

pytestmark = pytest.mark.neo4j  # the real Bolt server these tests start


def test_load_gives_the_graphs_counts(store):
    g = build_graph([speech("doc_a"), speech("doc_b")])
    report = store.load_graph(g)
    assert store.counts() == graph_counts(g)
    assert report.nodes_created == g.number_of_nodes()
    assert report.relationships_created == g.number_of_edges()
    assert store.documents() == ["doc_a", "doc_b"]


def test_loading_twice_changes_no_count(store):
    g = build_graph([speech("doc_a"), speech("doc_b")])
    store.load_graph(g, replace_docs=graph_docs(g))
    first = store.counts()
    again = store.load_graph(g)
    assert store.counts() == first == graph_counts(g)
    assert again.nodes_created == 0 and again.relationships_created == 0
    store.load_graph(g, replace_docs=graph_docs(g))  # the way kg load replaces what it loads
    assert store.counts() == first


@pytest.mark.parametrize("batch_size", [1, 3, 1000])
def test_batch_size_does_not_change_the_result(store, batch_size):
    g = build_graph([speech("doc_a"), speech("doc_b")])
    report = store.load_graph(g, batch_size=batch_size)
    assert store.counts() == graph_counts(g)
    assert report.batches >= (g.number_of_nodes() + g.number_of_edges()) // batch_size


def _tasks(store: Store, doc: str) -> list[str]:
    return [r["task"] for r in store.run("MATCH (t:Task {doc: $doc}) RETURN t.text AS task ORDER BY task", {"doc": doc})]


def test_a_changed_document_replaces_only_its_facts(store):
    a, b = speech("doc_a"), speech("doc_b")
    store.load_graph(build_graph([a, b]))
    b2 = speech("doc_b", survey="对重点外资企业开展走访", resources=None)
    g2 = build_graph([a, b2])
    store.load_graph(g2, replace_docs={"doc_b"})
    assert store.counts() == graph_counts(g2)
    assert "对重点外资企业开展走访" in _tasks(store, "doc_b") and SURVEY not in _tasks(store, "doc_b")
    assert SURVEY in _tasks(store, "doc_a")
    # 发改委 was named by both; doc_b no longer names it, doc_a still does.
    docs = store.run("MATCH (a:Actor {name: '发改委'}) RETURN a.docs AS docs")[0]["docs"]
    assert sorted(docs) == ["doc_a"]
    shared = store.run("MATCH (a:Actor {name: '商务局'}) RETURN a.docs AS docs")[0]["docs"]
    assert sorted(shared) == ["doc_a", "doc_b"]


def test_loading_only_the_changed_document_keeps_the_others(store):
    a, b = speech("doc_a"), speech("doc_b")
    store.load_graph(build_graph([a, b]))
    b2 = speech("doc_b", expo="举办一次外资企业座谈会")
    store.load_graph(build_graph([b2]), replace_docs={"doc_b"})
    expected = build_graph([a, b2])
    assert store.counts() == graph_counts(expected)
    assert EXPO in _tasks(store, "doc_a") and EXPO not in _tasks(store, "doc_b")
    docs = store.run("MATCH (a:Actor {name: '工商联'}) RETURN a.docs AS docs")[0]["docs"]
    assert sorted(docs) == ["doc_a", "doc_b"]


def test_a_removed_document_leaves_shared_nodes_in_use(store):
    a, b = speech("doc_a"), speech("doc_b")
    store.load_graph(build_graph([a, b]))
    report = store.load_graph(build_graph([a]), replace_docs={"doc_b"})
    assert report.nodes_deleted > 0
    assert store.counts() == graph_counts(build_graph([a]))
    assert store.documents() == ["doc_a"]
    # The same as the in-memory graph does it.
    g = build_graph([a, b])
    remove_document(g, "doc_b")
    assert store.counts() == graph_counts(g)


def test_store_matches_graph_remove_then_add(store):
    """kg.graph's own replace (remove_document + add_document) and the store's give the same counts."""
    a, b = speech("doc_a"), speech("doc_b")
    g = build_graph([a, b])
    store.load_graph(g)
    b2 = speech("doc_b", survey="对重点外资企业开展走访")
    remove_document(g, "doc_b")
    add_document(g, b2)
    store.load_graph(g, replace_docs={"doc_b"})
    assert store.counts() == graph_counts(g)


NASTY = [
    '他说："要抓落实"',
    "单引号' 和 \\' 转义",
    "反斜杠 \\ 和 \\\\ 以及 \\n 不是换行",
    "花括号 } 与 { 和 }}",
    "注释 // 不是注释 /* 也不是 */",
    "参数 $dept 和 `反引号` 与 ${x}",
    "'}) DETACH DELETE n //",
    "换行\n之后",
    "全角“引号”与「括号」",
]


@pytest.mark.parametrize("nasty", NASTY)
def test_document_text_loads_verbatim(store, nasty):
    r = speech("doc_q", expo=f"举办推介会{nasty}", survey=f"梳理外商{nasty}")
    g = build_graph([r])
    store.load_graph(g)
    assert store.counts() == graph_counts(g)
    rows = store.run("MATCH (a:Actor {name: '工商联'})-[r:`牵头`]->(t:Task) RETURN t.text AS task, r.sentence AS s")
    assert rows == [{"task": f"举办推介会{nasty}", "s": r.sentences[0].text}]
    assert _tasks(store, "doc_q") == sorted([f"举办推介会{nasty}", f"梳理外商{nasty}", "组织对辖区资源再次摸排"])


def test_properties_round_trip(store):
    g = build_graph([speech("doc_a")])
    store.load_graph(g)
    for nid, data in g.nodes(data=True):
        label = data["label"]
        row = store.run(f"MATCH (n:{ident(label)} {{id: $id}}) RETURN properties(n) AS p", {"id": nid})
        assert len(row) == 1
        stored = {k: v for k, v in row[0]["p"].items() if k != "kg_fingerprint"}
        expected = {k: v for k, v in data.items() if k != "label" and v is not None}
        assert stored == expected, nid


def test_a_property_that_became_empty_is_removed(store):
    g = build_graph([speech("doc_a")])
    store.load_graph(g)
    nid = next(n for n, d in g.nodes(data=True) if d.get("deadline"))
    g.nodes[nid]["deadline"] = None
    store.load_graph(g)
    row = store.run("MATCH (t:Task {id: $id}) RETURN t.deadline AS d, t.text AS text", {"id": nid})
    assert row == [{"d": None, "text": g.nodes[nid]["text"]}]


def test_only_schema_names_go_into_cypher():
    with pytest.raises(StoreError):
        ident("Actor`) DETACH DELETE n //")
    with pytest.raises(StoreError):
        node_statement("商务局")
    with pytest.raises(StoreError):
        edge_statement("负责}", S.ACTOR, S.TASK)


def test_a_graph_with_a_foreign_label_is_refused_before_writing(store):
    g = build_graph([speech("doc_a")])
    g.add_node("x", id="x", label="商务局", docs=["doc_a"])
    with pytest.raises(StoreError, match="not one of kg.schema.LABELS"):
        store.load_graph(g)
    assert store.counts() == {k: 0 for k in graph_counts(g)}


def test_constraints_exist_after_a_load(store):
    store.load_graph(build_graph([speech("doc_a")]))
    rows = store.run("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN name, labelsOrTypes, properties")
    by_label = {r["labelsOrTypes"][0]: r["properties"] for r in rows}
    for label in S.LABELS:
        assert by_label.get(label) == ["id"], label


def test_a_load_stopped_half_way_is_rolled_back_and_completed_by_the_next(tmp_path):
    """The server is stopped in the middle of a load: one-line error, old facts intact, rerun completes."""
    info = embedded.start_server(tmp_path, heap="512m")
    try:
        from kg.store import StoreConfig

        config = StoreConfig.from_env_and_options(uri=info.uri, user="root", database="kg",
                                                  password=embedded.read_password(tmp_path), env={},
                                                  ).with_(retry_seconds=1.0, connect_timeout=3.0)
        first = build_graph([speech("doc_a")])
        with Store.connect(config) as st:
            st.load_graph(first)
            before = st.counts()
        # doc_a changed; doc_b and doc_c are new.
        full = build_graph([speech("doc_a", survey="对重点外资企业开展走访"), speech("doc_b"),
                            speech("doc_c", expo="举办外资企业座谈会")])

        def stop_server(done: int, total: int) -> None:
            if done == 3:
                embedded.stop_pid(info.pid, tmp_path.resolve())

        with Store.connect(config) as st:
            with pytest.raises(StoreError) as err:
                st.load_graph(full, replace_docs=graph_docs(full), batch_size=2, progress=stop_server)
        message = str(err.value)
        assert "\n" not in message and "rolled back" in message, message
        info = embedded.start_server(tmp_path, heap="512m")
        config = config.with_(uri=info.uri)
        with Store.connect(config) as st:
            assert st.counts() == before
            # The next build believes nothing changed (its own record was written): the load still
            # finds doc_a's stored facts out of date and completes the store.
            st.load_graph(full, replace_docs=set())
            assert st.counts() == graph_counts(full)
            assert SURVEY not in _tasks(st, "doc_a")
    finally:
        embedded.stop_pid(info.pid, tmp_path.resolve())


def test_batches_stay_under_the_message_cap():
    from kg.store.loader import _chunks, _row_bytes

    rows = [{"id": str(i), "props": {"text": "长" * 1000}} for i in range(100)]
    batches = list(_chunks(rows, size=1000, max_bytes=20_000))
    assert [r for b in batches for r in b] == rows
    assert all(sum(_row_bytes(r) for r in b) <= 20_000 for b in batches)
    assert list(_chunks(rows[:1], size=10, max_bytes=1)) == [rows[:1]]


def test_a_row_larger_than_a_batch_goes_alone(store):
    huge = "段落" * 800_000  # 4.8 MB of UTF-8: above MAX_BATCH_BYTES, below the server's message cap
    r = speech("doc_big", expo=f"举办推介会{huge}")
    g = build_graph([r])
    store.load_graph(g, batch_size=5000)
    rows = store.run("MATCH (t:Task {doc: 'doc_big'}) RETURN size(t.text) AS n ORDER BY n DESC LIMIT 1")
    assert rows == [{"n": len(f"举办推介会{huge}")}]


def test_a_document_changed_behind_the_callers_back_is_replaced(store):
    """The caller says nothing changed, but the store holds other facts for doc_b: they are replaced."""
    a, b = speech("doc_a"), speech("doc_b")
    store.load_graph(build_graph([a, b]))
    g2 = build_graph([a, speech("doc_b", survey="对重点外资企业开展走访")])
    report = store.load_graph(g2, replace_docs=set())
    assert report.docs_replaced == ["doc_b"]
    assert store.counts() == graph_counts(g2)
    assert SURVEY not in _tasks(store, "doc_b")
    assert store.load_graph(g2).docs_replaced == []
