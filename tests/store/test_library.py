"""The cypher/ library: headers, parameters from examples and --param, and rows on a real server."""
from __future__ import annotations

import pytest
from store_graphs import EXPO, RESOURCES, SURVEY, speech

from kg.errors import InputError
from kg.graph import build_graph
from kg.store import library


def test_header_gives_description_and_typed_examples():
    q = library.parse("// Tasks of a body.\n// param dept: 商务局\n// param limit: 20\n// param doc: null\n"
                      "MATCH (a:Actor {name: $dept}) RETURN a LIMIT $limit\n")
    assert q.description == "Tasks of a body."
    assert q.examples == {"dept": "商务局", "limit": 20, "doc": None}
    assert q.params({}) == q.examples
    assert q.params({"dept": "123", "limit": "5", "doc": "000_x"}) == {"dept": "123", "limit": 5, "doc": "000_x"}
    with pytest.raises(InputError, match="not a int"):
        q.params({"limit": "many"})


@pytest.mark.parametrize("given", [{"department": "工信局"}, {"Dept": "工信局"}, {"n": "1"}])
def test_a_parameter_the_query_does_not_take_is_an_error_naming_those_it_does(given):
    q = library.resolve("dept_tasks_by_role")
    with pytest.raises(InputError) as e:
        q.params(given)
    assert str(e.value) == f"dept_tasks_by_role has no parameter {next(iter(given))!r}; it takes: dept"


def test_the_parameters_a_query_takes_are_its_examples_and_the_ones_its_text_uses():
    q = library.parse("// param limit: 5\nMATCH (a:Actor {name: $name}) WHERE a.note <> '$not' RETURN a LIMIT $limit"
                      " // $neither\n")
    assert q.declared == ["limit", "name"]
    assert q.params({"name": "区商务局"}) == {"limit": 5, "name": "区商务局"}


def test_param_pairs():
    assert library.parse_params(["dept=商务局", "expr=a=b"]) == {"dept": "商务局", "expr": "a=b"}
    with pytest.raises(InputError):
        library.parse_params(["no-equals"])


def test_resolve_file_name_and_text(tmp_path):
    assert library.resolve("dept_tasks_by_role").name == "dept_tasks_by_role"
    assert library.resolve("dept_tasks_by_role.cypher").path is not None
    f = tmp_path / "mine.cypher"
    f.write_text("// mine\nRETURN 1 AS one\n", encoding="utf-8")
    assert library.resolve(str(f)).description == "mine"
    assert library.resolve("MATCH (n) RETURN count(n) AS c").path is None
    with pytest.raises(InputError, match="no such query file"):
        library.resolve("cypher/nope.cypher")
    with pytest.raises(InputError, match="neither"):
        library.resolve("nope")


@pytest.fixture
def loaded(store):
    store.load_graph(build_graph([speech("doc_a"), speech("doc_b", year=2021)]))
    return store


def _run(store, name: str, **params):
    q = library.resolve(name)
    return store.run(q.text, q.params({k: str(v) for k, v in params.items()}))


@pytest.mark.neo4j
def test_dept_tasks_by_role(loaded):
    rows = _run(loaded, "dept_tasks_by_role", dept="商务局")
    assert {(r["role"], r["doc"], r["task"]) for r in rows} == {
        ("负责", "doc_a", SURVEY), ("负责", "doc_b", SURVEY), ("参与", "doc_a", EXPO), ("参与", "doc_b", EXPO)}
    assert all(r["evidence"] for r in rows)


@pytest.mark.neo4j
def test_led_tasks_with_partners(loaded):
    rows = _run(loaded, "led_tasks_with_partners", dept="工商联")
    assert len(rows) == 2
    assert all(r["task"] == EXPO and sorted(r["partners"]) == ["商务局", "工信局", "科技局"] for r in rows)


@pytest.mark.neo4j
def test_tasks_without_owner(store):
    g = build_graph([speech("doc_a")])
    g.add_node("Task:doc_a:900-910", id="Task:doc_a:900-910", label="Task", doc="doc_a", docs=["doc_a"],
               text="进一步优化营商环境", order=99, unassigned=True, sentence="要进一步优化营商环境。")
    store.load_graph(g)
    rows = _run(store, "tasks_without_owner")
    assert [r["task"] for r in rows] == ["进一步优化营商环境"]


@pytest.mark.neo4j
def test_shared_tasks(loaded):
    rows = _run(loaded, "shared_tasks", limit=3)
    assert len(rows) == 3
    assert rows[0]["shared"] == 2 and rows[0]["example"] == EXPO


@pytest.mark.neo4j
def test_document_facts(loaded):
    rows = _run(loaded, "document_facts", doc="doc_a")
    assert len(rows) == 6
    assert {(r["body"], r["role"], r["task"]) for r in rows} >= {("发改委", "牵头", RESOURCES), ("商务局", "负责", SURVEY)}
    assert all(r["evidence"] and r["end"] > r["start"] for r in rows)


@pytest.mark.neo4j
def test_deadlines_due(loaded):
    rows = _run(loaded, "deadlines_due", **{"from": "2020-01-01", "to": "2020-12-31"})
    assert [(r["body"], r["role"], r["doc"]) for r in rows] == [("商务局", "负责", "doc_a")]
    q = library.resolve("deadlines_due")
    later = loaded.run(q.text, q.params({"from": "2021-12-31", "to": "2021-12-31", "dept": "商务局"}))
    assert [r["doc"] for r in later] == ["doc_b"]


@pytest.mark.neo4j
def test_every_library_file_runs_with_its_examples(loaded):
    for q in library.library():
        loaded.run(q.text, q.params({}))


@pytest.mark.neo4j
def test_bodies_at_a_level_and_the_units_of_a_body(store):
    from kg.model import Document
    from kg.pipeline import extract_document

    text = ("全区上下要团结一致，全区要抓好落实。\n区商务局负责外贸促进工作。\n市商务局负责业务指导。\n"
            "市公安局交通管理支队负责道路交通管控。\n市公安局要加强社会治安防控。\n")
    store.load_graph(build_graph([extract_document(Document(id="levels", text=text))]))
    district = _run(store, "bodies_at_level", level="区")
    assert [(r["body"], r["responsible"]) for r in district] == [("区商务局", 1)]
    city = {r["body"] for r in _run(store, "bodies_at_level", level="市")}
    assert city == {"市商务局", "市公安局交通管理支队", "市公安局"}
    units = _run(store, "sub_units", dept="市公安局")
    assert [(r["unit"], r["role"], r["task"]) for r in units] == [("市公安局交通管理支队", "负责", "道路交通管控")]


@pytest.mark.parametrize("text, unknown", [
    ("MATCH (a:Actr) RETURN a", "no label Actr"),
    ("MATCH (:Actor:Foo)-[:PART]->() RETURN 1", "no label Foo (labels: Document"),
    ("MATCH (a:Actor)-[r:`牵头`|`参予`]->(t:Task) RETURN a", "no relationship type 参予"),
    ("MATCH (a:Actor {name: $dept})-[:牵头|:负责]->(t:Task) RETURN {k: a.name}", None),
    ("MATCH (d:Document)-[:CONTAINS*1..4]->(s:Sentence) WHERE s.text CONTAINS ':Foo' RETURN s", None),
])
def test_labels_and_types_outside_the_schema_get_a_hint(text, unknown):
    hint = library.schema_hint(text)
    assert (hint is None) if unknown is None else (unknown in hint and hint.startswith("the graph schema"))


def test_every_library_query_names_only_schema_labels_and_types():
    assert all(library.schema_hint(q.text) is None for q in library.library())


@pytest.mark.parametrize("text, admin", [
    ("DROP CONSTRAINT kg_actor_id", "DROP CONSTRAINT"),
    ("CREATE INDEX kg_x FOR (n:Actor) ON (n.name)", "CREATE INDEX"),
    ("create range index x for (n:Task) on (n.doc)", "create range index"),
    ("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})", "CALL"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r", "LOAD CSV"),
    ("CALL db.labels() YIELD label RETURN label", None),
    ("MATCH (n) CALL { WITH n RETURN n.name AS x } RETURN x", None),
    ("MATCH (a:Actor {name: 'DROP INDEX'}) RETURN a // CREATE INDEX", None),
])
def test_schema_and_admin_statements_are_found_outside_strings_and_comments(text, admin):
    assert library.admin_statement(text) == admin


@pytest.mark.neo4j
def test_a_read_never_sends_a_schema_statement(store):
    from kg.store.bolt import ReadOnlyQueryError

    with pytest.raises(ReadOnlyQueryError, match="was not sent"):
        store.run("DROP CONSTRAINT kg_actor_id")
    with pytest.raises(ReadOnlyQueryError, match="was not sent"):
        store.run("CREATE INDEX kg_probe FOR (n:Actor) ON (n.level)")
