"""Cypher injection through names: body names, aliases, document ids and section titles full of
quotes, backslashes, braces, comments, parameters and Cypher keywords load verbatim into the real
Bolt server, and the same strings given to ``kg query -p`` are values, never Cypher.

(test_loader.py covers the same characters in task text and sentences.)
"""
from __future__ import annotations

import json

import pytest
from conftest import run_kg

from kg.graph import build_graph
from kg.model import Assignment, DocResult, Document, DocumentMeta, Sentence
from kg.store import graph_counts

NASTY_NAMES = [
    "商务局'}) MATCH (n) DETACH DELETE n //",
    '工信局"}) SET n.pwned = true //',
    "科技局\\'}) RETURN 1 //",
    "发改委` DETACH DELETE n //",
    "城管局 $dept ${x} {param}",
    "住建局 /* 注释 */ // 注释",
    "CALL db.labels() YIELD label RETURN label",
    "局}}]->(x) WITH x MATCH (y) DELETE y",
    "\\u0027 局 \\\\ 局",
]
NASTY_DOC = "900_doc'}) DETACH DELETE n //"
NASTY_SECTION = ("一、整治'}) DETACH DELETE n //", "（一）$x {y} `z`")


def hostile_result(doc: str = NASTY_DOC) -> DocResult:
    """One document in which each nasty body name is 负责 for its own task."""
    text, sents, asg = "关于城市管理工作的讲话\n", [], []
    for i, name in enumerate(NASTY_NAMES):
        task = f"清理第{i}片区楼道杂物"
        sentence = f"由{name}负责{task}。"
        start = len(text)
        text += sentence + "\n"
        sents.append(Sentence(doc, i, start, start + len(sentence), sentence, NASTY_SECTION))
        t = start + sentence.index(task)
        asg.append(Assignment(doc=doc, org=name, mention=name, org_kind="department", role="负责", task=task,
                              deadline=None, deadline_norm=None, evidence=sentence, section=" › ".join(NASTY_SECTION),
                              start=start, end=start + len(sentence), mention_start=start + 1,
                              mention_end=start + 1 + len(name), task_start=t, task_end=t + len(task),
                              sentence_index=i))
    return DocResult(Document(doc, text, f"{doc}.txt"), DocumentMeta(title="关于城市管理工作的讲话'}) //"), [], sents, asg)


def test_nasty_names_load_verbatim_and_nothing_else_happens(store):
    g = build_graph([hostile_result()])
    store.load_graph(g)
    assert store.counts() == graph_counts(g)
    assert store.run("MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS c") == [{"c": 0}]
    for i, name in enumerate(NASTY_NAMES):
        rows = store.run("MATCH (a:Actor {name: $name})-[r:`负责`]->(t:Task) "
                         "RETURN a.name AS name, a.aliases AS aliases, t.text AS task, t.doc AS doc, "
                         "t.section AS section", {"name": name})
        assert rows == [{"name": name, "aliases": [name], "task": f"清理第{i}片区楼道杂物", "doc": NASTY_DOC,
                         "section": " › ".join(NASTY_SECTION)}]
    assert store.documents() == [NASTY_DOC]


def test_replacing_a_document_with_a_nasty_id_touches_only_it(store):
    other = hostile_result("901_other")
    g = build_graph([hostile_result(), other])
    store.load_graph(g)
    store.load_graph(g, replace_docs={NASTY_DOC})  # the id goes in as a parameter of the delete
    assert store.counts() == graph_counts(g)
    assert sorted(store.documents()) == sorted([NASTY_DOC, "901_other"])


@pytest.mark.parametrize("name", NASTY_NAMES)
def test_query_parameters_are_values(store, server_config, name):
    g = build_graph([hostile_result()])
    store.load_graph(g)
    args = ["--neo4j-uri", server_config.uri, "--neo4j-user", "root", "--database", "kg"]
    env = {"NEO4J_PASSWORD": server_config.password}
    done = run_kg("query", "dept_tasks_by_role", "-p", f"dept={name}", "-f", "json", *args, env=env)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["task"] for r in rows] == [f"清理第{NASTY_NAMES.index(name)}片区楼道杂物"]
    # A value that would close the string and run more Cypher names no body: one line, exit 2, nothing changed.
    done = run_kg("query", "dept_tasks_by_role", "-p", "dept=x' OR 1=1 WITH 1 AS one MATCH (n) DETACH DELETE n //",
                  "-f", "json", *args, env=env)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("kg: error: unknown body") and len(done.stderr.strip().splitlines()) == 1
    # The same value where no body is looked up reaches the server as a value and finds nothing.
    done = run_kg("query", "MATCH (a:Actor {name: $n}) RETURN a.name AS name", "-p",
                  "n=x' OR 1=1 WITH 1 AS one MATCH (n) DETACH DELETE n //", "-f", "json", *args, env=env)
    assert done.returncode == 0 and json.loads(done.stdout) == []
    assert store.counts() == graph_counts(g)
