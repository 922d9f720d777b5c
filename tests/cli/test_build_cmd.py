"""``kg build`` end to end as a user runs it: outputs, incremental rebuilds, skipped inputs, the embedded store."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "corpus", docs)
    return docs


def _graph(out: Path) -> dict:
    return json.loads((out / "out" / "graph.json").read_text(encoding="utf-8"))


def test_build_writes_every_output_and_rebuilds_incrementally(tmp_path, corpus_copy):
    out = tmp_path / "site"
    first = kg("build", str(corpus_copy), "--out", str(out), "--no-store", "--jobs", "2", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "documents read" in first.stdout and "Traceback" not in first.stderr
    for rel in ("out/graph.json", "out/graph.graphml", "visualizations/index.html", "visualizations/overview.html",
                "exports/任务分工表.xlsx", "exports/任务分工表.md"):
        assert (out / rel).is_file(), rel
    g1 = _graph(out)
    # Nothing changed: nothing is read again, and the files written whole from the graph are left as they were.
    whole = ("out/graph.json", "out/graph.graphml", "exports/任务分工表.xlsx", "exports/任务分工表.md")
    written = {rel: (out / rel).stat().st_mtime_ns for rel in whole}
    second = kg("build", str(corpus_copy), "--out", str(out), "--no-store", cwd=tmp_path)
    assert second.returncode == 0 and "documents unchanged" in second.stdout
    assert second.stdout.count("(unchanged)") == 2
    assert {rel: (out / rel).stat().st_mtime_ns for rel in whole} == written
    assert _graph(out)["nodes"] == g1["nodes"]
    # One document changes: only its facts are replaced.
    doc = corpus_copy / "003_6c3e1b456d51acac.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n统计局要加强数据质量核查。\n", encoding="utf-8")
    site = out / "visualizations"
    pages = lambda: {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}
    before = pages()
    third = kg("build", str(corpus_copy), "--out", str(out), "--no-store", cwd=tmp_path)
    assert third.returncode == 0
    # only the pages that changed were written again, and the pages equal those of a full kg viz
    after = pages()
    assert after["doc/003_6c3e1b456d51acac.html"] != before["doc/003_6c3e1b456d51acac.html"]
    assert after["doc/000_4cb1776f1e65bea3.html"] == before["doc/000_4cb1776f1e65bea3.html"]
    assert sum(after[p] == before.get(p) for p in after) > len(after) // 2
    assert kg("viz", "--graph", str(out / "out" / "graph.json"), "--out", "full", cwd=tmp_path).returncode == 0
    assert {p: (site / p).read_bytes() for p in after} == {p: (tmp_path / "full" / p).read_bytes() for p in after}
    assert all((out / rel).stat().st_mtime_ns != written[rel] for rel in whole)  # a new graph: written again
    g3 = _graph(out)
    tasks = [n for n in g3["nodes"] if n["label"] == "Task" and "加强数据质量核查" in n.get("text", "")]
    assert tasks and tasks[0]["doc"] == "003_6c3e1b456d51acac"
    others = lambda g: sorted(n["id"] for n in g["nodes"] if n.get("docs") and "003_6c3e1b456d51acac" not in n["docs"])
    assert others(g3) == others(g1)
    # A document removed from the folder is removed from the graph.
    (corpus_copy / "001_177e88a12f372c66.txt").unlink()
    fourth = kg("build", str(corpus_copy), "--out", str(out), "--no-store", cwd=tmp_path)
    assert fourth.returncode == 0 and "documents removed" in fourth.stdout
    assert not any("001_177e88a12f372c66" in n.get("docs", []) for n in _graph(out)["nodes"])


def test_bad_inputs_are_skipped_with_a_reason_and_exit_2(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("同志们：\n由商务局负责，对有意投资的外商进行梳理。", encoding="utf-8")
    (docs / "bad.docx").write_bytes(b"not a zip")
    out = kg("build", str(docs), "--out", str(tmp_path / "o"), "--no-store", "--quiet", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.strip().startswith("kg: skipped:") and "bad.docx" in out.stderr and "Traceback" not in out.stderr
    assert (tmp_path / "o" / "exports" / "任务分工表.xlsx").is_file()


@pytest.mark.neo4j
def test_build_then_query_the_embedded_store(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROOT / "corpus" / "000_4cb1776f1e65bea3.txt", docs)
    built = kg("build", str(docs), "--quiet", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    q = kg("query", "MATCH (a:Actor {name: $n})-[:负责]->(t:Task) RETURN t.text AS task", "--param", "n=区商务局",
           "--format", "json", cwd=tmp_path)
    assert q.returncode == 0, q.stderr
    assert any("对有意投资的外商进行梳理" in r["task"] for r in json.loads(q.stdout))


@pytest.mark.neo4j
def test_the_store_converges_on_the_graph_after_a_build_that_did_not_load(tmp_path):
    """Finding 1: a document deleted while a --no-store build ran stays in the store no longer; and a
    project folder moved elsewhere still notices its deleted documents."""
    project = tmp_path / "proj"
    docs = project / "docs"
    docs.mkdir(parents=True)
    for name in ("000_4cb1776f1e65bea3.txt", "004_7a493dd1f6a2c91e.txt"):
        shutil.copy(ROOT / "corpus" / name, docs)
    assert kg("build", "docs", "--quiet", cwd=project).returncode == 0
    (docs / "004_7a493dd1f6a2c91e.txt").unlink()
    assert kg("build", "docs", "--quiet", "--no-store", cwd=project).returncode == 0  # the graph forgets it
    assert kg("build", "docs", "--quiet", cwd=project).returncode == 0  # nothing changed, yet the store converges
    q = kg("query", "MATCH (d:Document) RETURN d.name AS name ORDER BY name", "-f", "json", cwd=project)
    assert [r["name"] for r in json.loads(q.stdout)] == ["000_4cb1776f1e65bea3"], q.stderr
    nodes = [n for n in _graph(project)["nodes"] if n["label"] == "Document"]
    assert [n["path"] for n in nodes] == ["docs/000_4cb1776f1e65bea3.txt"]  # relative to the project
    moved = tmp_path / "moved"
    shutil.move(str(project), str(moved))
    shutil.copy(ROOT / "corpus" / "004_7a493dd1f6a2c91e.txt", moved / "docs")
    assert kg("build", "docs", "--quiet", "--no-store", cwd=moved).returncode == 0
    (moved / "docs" / "000_4cb1776f1e65bea3.txt").unlink()
    again = kg("build", "docs", "--no-store", cwd=moved)
    assert again.returncode == 0 and "documents removed" in again.stdout
    assert [n["name"] for n in _graph(moved)["nodes"] if n["label"] == "Document"] == ["004_7a493dd1f6a2c91e"]


def test_two_builds_at_once_in_one_folder_take_turns(tmp_path):
    """Finding 5: the second build waits for the first (and says so), then builds on its graph: the
    graph, the exports and the HTML hold both builds' documents."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copy(ROOT / "corpus" / "000_4cb1776f1e65bea3.txt", a)
    shutil.copy(ROOT / "corpus" / "004_7a493dd1f6a2c91e.txt", b)
    cmd = [sys.executable, "-m", "kg", "build", "--no-store", "--quiet", "--jobs", "1"]
    first = subprocess.Popen([*cmd, "a"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen([*cmd, "b"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outs = [p.communicate(timeout=600) for p in (first, second)]
    assert first.returncode == second.returncode == 0, outs
    assert any("kg: waiting: another kg build" in err for _, err in outs)  # one of them waited, and said so
    docs = sorted(n["name"] for n in _graph(tmp_path)["nodes"] if n["label"] == "Document")
    assert docs == ["000_4cb1776f1e65bea3", "004_7a493dd1f6a2c91e"]
    assert {p.stem for p in (tmp_path / "visualizations" / "doc").glob("*.html")} == set(docs)


def _children(pid: int) -> list[int]:
    """The pids of the processes whose parent is ``pid`` (from /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_a_killed_build_leaves_no_worker_and_the_next_cleans_its_temporaries(tmp_path, corpus_copy, sig):
    """Finding 8: the extraction workers die with their build; a temporary file of a dead run goes."""
    import signal
    import time

    build = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus_copy), "--no-store", "--quiet",
                              "--jobs", "2"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [p for p in _children(build.pid) if _alive(p)]
        time.sleep(0.2)
    assert len(workers) >= 2, "the build started no workers"
    build.send_signal(getattr(signal, sig))
    build.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers), "a worker outlived its build"
    (tmp_path / "out").mkdir(exist_ok=True)
    stray = tmp_path / "out" / ".graph.json.kg999999.abc.tmp"  # a run that died mid-write
    stray.write_text("partial", encoding="utf-8")
    assert kg("build", str(corpus_copy), "--no-store", "--quiet", cwd=tmp_path).returncode == 0
    assert not stray.exists()
    assert not [p for p in (tmp_path / "out").iterdir() if ".kg" in p.name and p.name.endswith(".tmp")]


@pytest.mark.neo4j
def test_a_damaged_store_says_so_and_rebuild_store_makes_it_anew(tmp_path):
    """Finding 10: a truncated bucket, or a deleted password file, is an error that names the way out,
    and `kg build --rebuild-store` recovers everything from the graph."""
    shutil.copy(ROOT / "corpus" / "000_4cb1776f1e65bea3.txt", tmp_path)
    build = ("build", "000_4cb1776f1e65bea3.txt", "--quiet", "--segmenter", "char")
    assert kg(*build, cwd=tmp_path).returncode == 0
    (bucket,) = (tmp_path / ".kg" / "store" / "databases" / "kg").glob("Actor_0.*.bucket")
    bucket.write_bytes(b"")
    damaged = kg(*build, cwd=tmp_path)
    lines = damaged.stderr.strip().splitlines()
    assert damaged.returncode == 3 and len(lines) == 1
    assert "may be damaged" in lines[0] and "kg build --rebuild-store" in lines[0]
    assert kg(*build, "--rebuild-store", cwd=tmp_path).returncode == 0
    actors = sum(1 for n in _graph(tmp_path)["nodes"] if n["label"] == "Actor")
    q = kg("query", "MATCH (a:Actor) RETURN count(a) AS n", "-f", "json", cwd=tmp_path)
    assert json.loads(q.stdout) == [{"n": actors}]
    (tmp_path / ".kg" / "store" / "password").unlink()
    locked = kg("query", "MATCH (a:Actor) RETURN count(a) AS n", cwd=tmp_path)
    assert locked.returncode == 3 and "kg build --rebuild-store" in locked.stderr
    assert kg(*build, "--rebuild-store", cwd=tmp_path).returncode == 0


def test_two_files_of_one_name_in_two_folders_are_two_documents(tmp_path):
    """Finding 2: 2023/通知.txt and 2024/通知.txt; the second no longer replaces the first's tasks."""
    for year, body in (("2023", "区商务局"), ("2024", "区财政局")):
        (tmp_path / "docs" / year).mkdir(parents=True)
        (tmp_path / "docs" / year / "通知.txt").write_text(
            f"全区上下要团结一致，全区要抓好落实。\n由{body}负责{year}年外贸促进工作。\n", encoding="utf-8")
    build = ("build", "docs", "--no-store", "--quiet", "--segmenter", "char")
    assert kg(*build, cwd=tmp_path).returncode == 0
    docs = sorted(n["name"] for n in _graph(tmp_path)["nodes"] if n["label"] == "Document")
    assert docs == ["2024/通知", "通知"]
    again = kg("build", "docs", "--no-store", "--segmenter", "char", cwd=tmp_path)
    assert again.returncode == 0 and "documents unchanged" in again.stdout  # a rebuild keeps both ids
    tasks = {(n["doc"], n["text"]) for n in _graph(tmp_path)["nodes"] if n["label"] == "Task"}
    assert tasks == {("通知", "2023年外贸促进工作"), ("2024/通知", "2024年外贸促进工作")}
    out = kg("extract", "docs", "--format", "jsonl", "--segmenter", "char", cwd=tmp_path)
    assert sorted(json.loads(line)["doc"] for line in out.stdout.splitlines()) == ["2024/通知", "通知"]


_DRILL_BUILD = ("build", "docs", "--quiet", "--segmenter", "char", "--jobs", "1")
_DRILL_COUNT = "MATCH (n) RETURN count(n) AS n"


def _drill_project(root: Path) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    for doc in ("000_4cb1776f1e65bea3.txt", "004_7a493dd1f6a2c91e.txt"):
        shutil.copy(ROOT / "corpus" / doc, docs)
    return root


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory) -> tuple[list[str], int]:
    """What a clean build of the drill's documents gives: its node ids and node count."""
    clean = _drill_project(tmp_path_factory.mktemp("clean"))
    assert kg(*_DRILL_BUILD, "--no-store", cwd=clean).returncode == 0
    nodes = _graph(clean)["nodes"]
    return sorted(n["id"] for n in nodes), len(nodes)


@pytest.mark.neo4j
@pytest.mark.parametrize("stage,jobs", [("extraction", "1"), ("graph", "1"), ("visualizations", "1"),
                                        ("task lists", "1"), ("store", "1"),
                                        ("task lists", "2")])  # written by a forked process: kg dies all the same
def test_a_build_killed_at_any_stage_is_completed_by_the_next(tmp_path, clean_build, stage, jobs):
    """Finding 1's bar: kill -9 during each stage; the next build's graph, files and store equal a clean build's."""
    import os

    build = (*_DRILL_BUILD[:-1], jobs)
    broken = _drill_project(tmp_path / "broken")
    killed = subprocess.run([sys.executable, "-m", "kg", *build], cwd=broken, capture_output=True, text=True,
                            timeout=600, env={**os.environ, "KG_KILL_AT_STAGE": stage})
    assert killed.returncode == -9, killed.stderr
    assert kg(*build, cwd=broken).returncode == 0
    ids, count = clean_build
    assert sorted(n["id"] for n in _graph(broken)["nodes"]) == ids
    for rel in ("visualizations/index.html", "exports/任务分工表.xlsx"):
        assert (broken / rel).is_file()
    # the build's own check (kg.store.loader.check_counts) compared the store with the graph; say it here too
    assert json.loads(kg("query", _DRILL_COUNT, "-f", "json", cwd=broken).stdout) == [{"n": count}]
    leftovers = [p for p in broken.rglob("*") if ".kg" in p.name and p.name.endswith(".tmp")]
    assert not leftovers


@pytest.mark.neo4j
def test_shards_built_by_two_workers_and_merged_with_kg_load_equal_one_build(tmp_path):
    """Beyond one machine: each worker builds its shard of the archive (here two processes at once),
    kg load merges their graphs into one store, and the store equals a single build of everything. Each
    shard also has a 讲话.txt of its own (another text in another folder): two documents, as in one build."""
    docs = sorted((ROOT / "corpus").glob("*.txt"))
    whole = tmp_path / "whole"
    (whole / "docs").mkdir(parents=True)
    shards = []
    for i, (part, folder) in enumerate(((docs[::2], "a"), (docs[1::2], "b"))):
        shard = tmp_path / f"shard{i}"
        (shard / "docs" / folder).mkdir(parents=True)
        (whole / "docs" / folder).mkdir()
        for d in part:
            shutil.copy(d, shard / "docs")
            shutil.copy(d, whole / "docs")
        for root in (shard, whole):
            shutil.copy(part[0], root / "docs" / folder / "讲话.txt")
        shards.append(shard)
    cmd = [sys.executable, "-m", "kg", "build", "docs", "--no-store", "--quiet", "--segmenter", "char", "--jobs", "1"]
    workers = [subprocess.Popen(cmd, cwd=s, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for s in shards]
    assert [w.wait(timeout=600) for w in workers] == [0, 0]
    merged = tmp_path / "merged"
    merged.mkdir()
    load = kg("load", *(str(s / "out" / "graph.json") for s in shards), cwd=merged)
    assert load.returncode == 0, load.stderr
    assert kg("build", "docs", "--quiet", "--no-store", "--segmenter", "char", cwd=whole).returncode == 0
    one = _graph(whole)
    counts = "MATCH (n) WITH labels(n)[0] AS label, count(*) AS n RETURN label, n ORDER BY label"
    got = {r["label"]: r["n"] for r in json.loads(kg("query", counts, "-f", "json", cwd=merged).stdout)}
    from collections import Counter

    assert got == dict(Counter(n["label"] for n in one["nodes"]))  # the merged store holds the single build
    ids = json.loads(kg("query", "MATCH (n) RETURN n.id AS id", "-f", "json", cwd=merged).stdout)
    assert sorted(r["id"] for r in ids) == sorted(n["id"] for n in one["nodes"])
    assert "loaded as b/讲话" in load.stderr and "Document:b/讲话" in {r["id"] for r in ids}
    rels = json.loads(kg("query", "MATCH ()-[r]->() RETURN count(r) AS n", "-f", "json", cwd=merged).stdout)
    assert rels == [{"n": len(one["edges"])}]
