"""kg query / load / serve as a user runs them: a child process, real servers, exit codes, one-line errors."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT, run_kg
from serve_process import start_serve
from store_graphs import EXPO, SURVEY, speech

from kg.graph import build_graph
from kg.store import embedded

pytestmark = pytest.mark.neo4j  # the real Bolt server these tests start


def _server_args(server_config) -> tuple[list[str], dict]:
    return (["--neo4j-uri", server_config.uri, "--neo4j-user", "root", "--database", "kg"],
            {"NEO4J_PASSWORD": server_config.password})


def _one_line_error(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("kg: error: "), lines[0]
    assert "Traceback" not in done.stderr
    return lines[0]


def test_query_a_library_file_with_its_examples(store, server_config, corpus_graph):
    store.load_graph(corpus_graph)  # the example body is the corpus's 区商务局
    args, env = _server_args(server_config)
    done = run_kg("query", "cypher/dept_tasks_by_role.cypher", "-f", "json", *args, env=env)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert any(r["role"] == "负责" and r["task"].startswith(SURVEY) for r in rows)
    assert any(r["role"] == "参与" and EXPO in r["task"] for r in rows)
    assert server_config.password not in done.stdout + done.stderr


def test_query_by_name_with_params_as_csv(store, server_config):
    store.load_graph(build_graph([speech("doc_a")]))
    args, env = _server_args(server_config)
    done = run_kg("query", "led_tasks_with_partners", "--param", "dept=工商联", "--format", "csv", *args, env=env)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["task"] for r in rows] == [EXPO]
    assert rows[0]["partners"].split("、") == ["商务局", "工信局", "科技局"]


def test_a_body_parameter_takes_any_written_form_and_names_every_match(store, server_config):
    from kg.model import Document
    from kg.pipeline import extract_document

    text = ("全区上下要团结一致，全区要抓好落实。\n区商务局负责外贸促进工作。\n市商务局负责业务指导。\n"
            "区发改局要加强项目调度。\n")
    store.load_graph(build_graph([extract_document(Document(id="two_levels", text=text))]))
    args, env = _server_args(server_config)
    q = "MATCH (:Actor {name: $dept})-[:`负责`]->(t:Task) RETURN t.text AS task"
    done = run_kg("query", q, "-p", "dept=发改局", "-f", "json", *args, env=env)  # written without its level
    assert done.returncode == 0, done.stderr
    assert [r["task"] for r in json.loads(done.stdout)] == ["加强项目调度"]
    both = run_kg("query", q, "-p", "dept=商务局", "-f", "json", *args, env=env)
    assert both.returncode == 2 and "ambiguous" in _one_line_error(both)
    assert "区商务局" in both.stderr and "市商务局" in both.stderr
    none = run_kg("query", q, "-p", "dept=公安局", *args, env=env)
    assert none.returncode == 2 and "unknown body" in _one_line_error(none) and "商务局" in none.stderr


def test_values_are_never_formulas_or_markup(store, server_config):
    store.load_graph(build_graph([speech("doc_a", expo="=HYPERLINK(\"http://x\")[bold]举办推介会[/bold]")]))
    args, env = _server_args(server_config)
    q = "MATCH (:Actor {name: $dept})-[:`牵头`]->(t:Task) RETURN t.text AS task"
    done = run_kg("query", q, "-p", "dept=工商联", "-f", "csv", *args, env=env)
    assert done.returncode == 0, done.stderr
    assert list(csv.reader(io.StringIO(done.stdout)))[1] == ["'=HYPERLINK(\"http://x\")[bold]举办推介会[/bold]"]
    table = run_kg("query", q, "-p", "dept=工商联", *args, env={**env, "COLUMNS": "200"})
    assert "[bold]举办推介会[/bold]" in table.stdout


def test_a_query_that_writes_is_refused_and_rolled_back(store, server_config):
    args, env = _server_args(server_config)
    done = run_kg("query", "CREATE (a:Actor {id: 'Actor:x', name: 'x'}) RETURN a.name AS name", *args, env=env)
    assert done.returncode == 2
    assert "--write" in _one_line_error(done)
    assert store.run("MATCH (a:Actor) RETURN count(a) AS c") == [{"c": 0}]


def test_wrong_password_is_one_line_and_nonzero(server_config):
    args, _ = _server_args(server_config)
    done = run_kg("query", "RETURN 1 AS one", *args, env={"NEO4J_PASSWORD": "not-the-password"})
    assert done.returncode == 3
    assert "user name or password" in _one_line_error(done)
    assert "not-the-password" not in done.stderr


def test_unreachable_server_is_one_line_and_nonzero():
    port = embedded.free_port()
    done = run_kg("query", "RETURN 1 AS one", "--neo4j-uri", f"bolt://127.0.0.1:{port}",
                  env={"NEO4J_PASSWORD": "x"})
    assert done.returncode == 3
    assert "cannot reach" in _one_line_error(done)


def test_environment_selects_the_server(store, server_config):
    env = {"NEO4J_URI": server_config.uri, "NEO4J_USERNAME": "root", "NEO4J_PASSWORD": server_config.password,
           "NEO4J_DATABASE": "kg"}
    done = run_kg("query", "RETURN 41 + 1 AS answer", "-f", "json", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"answer": 42}]


@pytest.mark.parametrize("args, code, words", [
    (["query", "nope"], 2, "neither"),
    (["query", "cypher/nope.cypher"], 2, "no such query file"),
    (["query", "dept_tasks_by_role", "--param", "nodept"], 2, "name=value"),
    (["query", "shared_tasks", "--param", "limit=many"], 2, "not a int"),
    (["query", "RETURN 1", "--neo4j-uri", "http://localhost:7474"], 2, "bolt://"),
])
def test_bad_arguments_are_one_line_errors(args, code, words):
    done = run_kg(*args, env={"NEO4J_PASSWORD": "x"})
    assert done.returncode == code
    assert words in _one_line_error(done)


def test_list_shows_the_library():
    done = run_kg("query", "--list")
    assert done.returncode == 0
    assert "dept_tasks_by_role:" in done.stdout and "dept=区商务局" in done.stdout
    assert len(done.stdout.strip().splitlines()) == len(list((ROOT / "cypher").glob("*.cypher")))


def _write_graph(path: Path, *docs) -> nx.MultiDiGraph:
    g = build_graph(docs)
    path.write_text(json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False), encoding="utf-8")
    return g


def test_embedded_store_works_with_nothing_configured(tmp_path):
    """load then query in a fresh folder: kg starts ArcadeDB in .kg/store, stops it, leaves nothing else."""
    g = _write_graph(tmp_path / "graph.json", speech("doc_a"))
    before = set(os.listdir(tmp_path))
    done = run_kg("load", "graph.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert set(os.listdir(tmp_path)) == before | {".kg"}
    store_dir = tmp_path / ".kg" / "store"
    assert (store_dir / "password").stat().st_mode & 0o777 == 0o600
    assert embedded.running_server(store_dir) is None and not (store_dir / "server.json").exists()
    password = (store_dir / "password").read_text()
    assert password not in done.stdout + done.stderr
    for line in (store_dir / "server.out").read_text().splitlines():
        assert password not in line
        if "Listening for incoming BOLT" in line:
            assert "/127.0.0.1:" in line

    again = run_kg("load", "graph.json", cwd=tmp_path)  # the same input twice: same counts
    assert again.returncode == 0, again.stderr
    counts = run_kg("query", "MATCH (n) RETURN count(n) AS nodes", "-f", "json", cwd=tmp_path)
    assert counts.returncode == 0, counts.stderr
    assert json.loads(counts.stdout) == [{"nodes": g.number_of_nodes()}]
    rows = run_kg("query", "dept_tasks_by_role", "-p", "dept=商务局", "-f", "json", cwd=tmp_path)
    assert {r["task"] for r in json.loads(rows.stdout)} == {EXPO, SURVEY}


def test_serve_keeps_the_store_running_for_other_commands(tmp_path):
    _write_graph(tmp_path / "graph.json", speech("doc_a"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PYTHONPATH"] = str(ROOT)
    serve, text = start_serve(tmp_path, env)
    try:
        assert "uri:      bolt://127.0.0.1:" in text, text + serve.stderr.read()
        assert "password: in " in text  # stdout is not a terminal: the password is not printed
        store_dir = tmp_path / ".kg" / "store"
        info = embedded.running_server(store_dir)
        assert info is not None and info.mode == "serve"
        assert run_kg("load", "graph.json", cwd=tmp_path).returncode == 0
        done = run_kg("query", "document_facts", "-p", "doc=doc_a", "-f", "json", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert len(json.loads(done.stdout)) == 6
        assert embedded.running_server(store_dir) == info  # the same server answered both
        # A second serve on the same store is refused in one line.
        second = run_kg("serve", cwd=tmp_path)
        assert second.returncode == 3 and "in use" in _one_line_error(second)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    assert not embedded._pid_alive(info.pid)
    assert embedded.running_server(store_dir) is None


def test_a_server_left_behind_by_a_dead_process_is_replaced(tmp_path):
    orphan = embedded.start_server(tmp_path, heap="256m")
    data = json.loads((tmp_path / "server.json").read_text())
    data["owner"] = 2 ** 22 + 12345  # a process that does not exist
    (tmp_path / "server.json").write_text(json.dumps(data))
    try:
        with embedded.embedded_server(tmp_path, heap="256m") as info:
            assert info.pid != orphan.pid
            assert not embedded._pid_alive(orphan.pid)
        assert not embedded._pid_alive(info.pid)
    finally:
        embedded.stop_pid(orphan.pid, tmp_path.resolve())


def test_password_from_stdin_with_the_prompt_flag(server_config):
    args, _ = _server_args(server_config)
    done = run_kg("query", "RETURN 1 AS one", "-f", "json", "--neo4j-password", *args,
                  input=server_config.password + "\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"one": 1}]
    assert server_config.password not in done.stdout + done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux only")
def test_the_server_dies_with_the_process_that_started_it(tmp_path):
    """kg killed with SIGKILL (no cleanup runs) still leaves no server behind."""
    code = ("import os, sys, pathlib; from kg.store import embedded; "
            "info = embedded.start_server(pathlib.Path(sys.argv[1]), heap='256m'); "
            "print(info.pid, flush=True); os.kill(os.getpid(), 9)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    pid = int(done.stdout.split()[0])
    for _ in range(300):
        if not embedded._pid_alive(pid):
            break
        time.sleep(0.1)
    assert not embedded._pid_alive(pid)


def test_query_traps_say_what_went_wrong(tmp_path):
    """A misspelt parameter, a Cypher typo and a label that does not exist each say so in one line."""
    _write_graph(tmp_path / "graph.json", speech("doc_a"))
    assert run_kg("load", "graph.json", cwd=tmp_path).returncode == 0
    typo = run_kg("query", "dept_tasks_by_role", "--param", "department=工信局", cwd=tmp_path)
    assert typo.returncode == 2 and typo.stdout == ""
    assert _one_line_error(typo) == "kg: error: dept_tasks_by_role has no parameter 'department'; it takes: dept"
    syntax = run_kg("query", "MATCH (a:Actor) RETRUN a.name", cwd=tmp_path)
    assert syntax.returncode == 2
    line = _one_line_error(syntax)
    assert "Unexpected input 'RETRUN' at line 1, column 16" in line and "Check the server log" not in line
    label = run_kg("query", "MATCH (a:Actr) RETURN a.name AS name", "-f", "json", cwd=tmp_path)
    assert label.returncode == 0 and json.loads(label.stdout) == []
    assert label.stderr.strip() == ("kg: note: the graph schema (docs/schema.md) has no label Actr (labels: "
                                    "Document, Section, Sentence, Actor, Task, Project, Indicator, Measure, Policy)")


@pytest.mark.parametrize("query", ["DROP CONSTRAINT kg_actor_id", "CREATE INDEX kg_probe FOR (n:Actor) ON (n.name)"])
def test_without_write_a_schema_statement_is_refused_before_any_store_opens(tmp_path, query):
    done = run_kg("query", query, cwd=tmp_path)
    assert done.returncode == 2 and "was not sent (pass --write to run it)" in _one_line_error(done)
    assert not (tmp_path / ".kg").exists()  # no store was started, nothing reached a server


def test_when_the_server_of_kg_serve_dies_the_store_is_given_back(tmp_path):
    """Finding 6: the Java process of a running kg serve dies. kg serve says so and exits, so a kg query
    that waits for the store says whom it waits for and then runs, instead of blocking forever."""
    _write_graph(tmp_path / "graph.json", speech("doc_a"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PYTHONPATH"] = str(ROOT)
    assert run_kg("load", "graph.json", cwd=tmp_path).returncode == 0
    serve, _ = start_serve(tmp_path, env)
    try:
        info = embedded.running_server(tmp_path / ".kg" / "store")
        os.kill(info.pid, signal.SIGKILL)
        assert serve.wait(timeout=60) == 3
        assert "kg: error: the embedded store server" in serve.stderr.read()
        done = run_kg("query", "MATCH (a:Actor) RETURN count(a) AS n", "-f", "json", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == [{"n": 5}]  # 工商联, 商务局, 工信局, 科技局, 发改委
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
            serve.wait(timeout=60)
