"""Store faults as a user meets them (issue 8): the store's disk fills up, or is read-only.

Each test puts the embedded store on its own small tmpfs (root only; skipped otherwise), runs
kg in a child process, and checks: a one-line error, exit code 3, nothing already stored lost
or duplicated, and once the fault is cleared the next load or build gives a clean build's counts.
Every mount is unmounted and every server stopped by PID in the fixtures' teardown.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT, run_kg
from store_graphs import speech

from kg import schema as S
from kg.graph import build_graph
from kg.store import StoreConfig, embedded, graph_counts, open_store

pytestmark = [pytest.mark.neo4j,  # the real embedded server these tests start
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="tmpfs mounts are Linux only")]


class Tmpfs:
    """A tmpfs mounted on a folder, remounted by the test; unmounted by the fixture."""

    def __init__(self, path: Path):
        self.path = path
        self.store = path / "store"

    def remount(self, options: str) -> None:
        for _ in range(50):  # "busy" while a process that just exited still has files open in it
            done = subprocess.run(["mount", "-o", f"remount,{options}", str(self.path)],
                                  capture_output=True, text=True)
            if done.returncode == 0:
                return
            time.sleep(0.2)
        assert done.returncode == 0, f"{done.stderr} open here: {_open_files(self.path)}"


def _open_files(path: Path) -> list[str]:
    """Which processes hold files under ``path`` (for the message of a failed remount)."""
    found = []
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            for fd in fd_dir.iterdir():
                target = os.readlink(fd)
                if target.startswith(str(path)):
                    found.append(f"{fd_dir.parent.name}: {target}")
        except OSError:
            continue
    return found


def _stop_servers(store_dir: Path) -> None:
    info = embedded.running_server(store_dir)
    if info is not None:
        embedded.stop_pid(info.pid, store_dir.resolve())


def _unmount(path: Path) -> None:
    for _ in range(50):
        if subprocess.run(["umount", str(path)], capture_output=True).returncode == 0:
            return
        time.sleep(0.2)  # busy: a server still closing its files
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


@pytest.fixture
def tmpfs(tmp_path_factory):
    """A factory of tmpfs mounts of a given size; all stopped and unmounted at the end."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("no mount/umount command")
    mounts: list[Tmpfs] = []

    def mount(size: str) -> Tmpfs:
        path = tmp_path_factory.mktemp("tmpfs")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
        fs = Tmpfs(path)
        mounts.append(fs)
        return fs

    try:
        yield mount
    finally:
        for fs in mounts:
            try:
                fs.remount("rw")  # a server can only be stopped cleanly on a writable folder
            except AssertionError:
                pass
            _stop_servers(fs.store)
            _unmount(fs.path)
        for fs in mounts:
            assert not os.path.ismount(fs.path), f"{fs.path} is still mounted"


def _write_graph(path: Path, g: nx.MultiDiGraph) -> Path:
    path.write_text(json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False), encoding="utf-8")
    return path


def _small() -> nx.MultiDiGraph:
    return build_graph([speech("doc_000")])


def _big() -> nx.MultiDiGraph:
    """About 20 MB of facts (ArcadeDB writes ~22 MB of write-ahead log for it): doc_000 changed, 39 new."""
    return build_graph([speech(f"doc_{i:03d}", expo=f"举办推介会{i}" + "段" * 20_000) for i in range(40)])


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    """small.json and big.json, and the counts of a clean load of both into a fresh store."""
    folder = tmp_path_factory.mktemp("fault_graphs")
    small = _write_graph(folder / "small.json", _small())
    big_graph = _big()
    big = _write_graph(folder / "big.json", big_graph)
    clean = folder / "clean_store"
    for source in (small, big):
        done = run_kg("load", str(source), "--store-dir", str(clean))
        assert done.returncode == 0, done.stderr
    assert embedded.running_server(clean) is None
    return small, big, _counts(clean)


def _counts(store_dir: Path) -> dict[str, int]:
    with open_store(StoreConfig.from_env_and_options(store_dir=store_dir, env={})) as st:
        return st.counts()


def _one_line_store_error(done: subprocess.CompletedProcess) -> str:
    """Exit 3 and exactly one line on stderr: no traceback, no Java stack."""
    assert done.returncode == 3, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("kg: error: "), lines[0]
    for noise in ("Traceback", "at com.", "at java.", "Exception"):
        assert noise not in done.stderr, done.stderr
    return lines[0]


def _no_server_left(store_dir: Path) -> None:
    assert embedded.running_server(store_dir) is None
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert f"rootPath={store_dir.resolve()}" not in out


@pytest.mark.parametrize("size", ["20m", "36m"], ids=["full-while-writing", "full-after-commit"])
def test_a_full_disk_fails_the_load_in_one_line_and_the_next_load_completes(tmpfs, graphs, size):
    """The schema and a small load fit; the big load does not. With 20 MB ArcadeDB runs out of space
    writing the transaction (rolled back); with 36 MB the commit fits and applying its pages does not."""
    small, big, clean = graphs
    fs = tmpfs(size)
    done = run_kg("load", str(small), "--store-dir", str(fs.store))
    assert done.returncode == 0, done.stderr
    before = _counts(fs.store)
    assert before == graph_counts(_small())

    done = run_kg("load", str(big), "--store-dir", str(fs.store), timeout=240)
    assert "full" in _one_line_store_error(done)
    _no_server_left(fs.store)

    # While the disk is full the store either still answers with what it had, or says it is full.
    query = run_kg("query", "MATCH (n) RETURN count(n) AS n", "-f", "json", "--store-dir", str(fs.store),
                   timeout=240)
    if query.returncode == 0:
        assert json.loads(query.stdout) == [{"n": sum(before[label] for label in S.LABELS)}]
    else:
        assert "full" in _one_line_store_error(query)
    _no_server_left(fs.store)

    fs.remount("size=200m")
    # Nothing lost or duplicated: the store holds the small load, or the whole big one (its write-ahead
    # log was complete), never a part or a double.
    assert _counts(fs.store) in (before, clean)
    done = run_kg("load", str(big), "--store-dir", str(fs.store), timeout=240)
    assert done.returncode == 0, done.stderr
    assert _counts(fs.store) == clean
    _no_server_left(fs.store)


def test_a_read_only_store_fails_the_build_in_one_line_and_the_next_build_completes(tmpfs, tmp_path):
    """kg build on the corpus: the store folder becomes read-only between two builds."""
    docs = sorted((ROOT / "corpus").glob("*.txt"))
    if len(docs) < 3:
        pytest.skip("the corpus needs at least 3 documents")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc in docs[:2]:
        shutil.copy(doc, corpus / doc.name)
    fs = tmpfs("100m")
    out = tmp_path / "build"

    def build(*extra: str) -> subprocess.CompletedProcess:
        return run_kg("build", str(corpus), "--out", str(out), "--store-dir", str(fs.store), "-q", "-j", "2",
                      *extra, timeout=600)

    done = build()
    assert done.returncode == 0, done.stderr
    before = _counts(fs.store)
    for doc in docs[2:]:
        shutil.copy(doc, corpus / doc.name)

    fs.remount("ro")
    done = build()
    assert "read-only" in _one_line_store_error(done)
    graph = json.loads((out / "out" / "graph.json").read_text(encoding="utf-8"))  # the files were written
    assert {d for n in graph["nodes"] for d in n.get("docs", ())} == {d.stem for d in docs}
    query = run_kg("query", "MATCH (n) RETURN count(n) AS n", "--store-dir", str(fs.store))
    assert "read-only" in _one_line_store_error(query)
    _no_server_left(fs.store)

    fs.remount("rw")
    assert _counts(fs.store) == before  # nothing lost, nothing half-written
    done = build()  # the build's own record says nothing changed; the store is completed anyway
    assert done.returncode == 0, done.stderr
    after = _counts(fs.store)

    clean_out = tmp_path / "clean"
    done = run_kg("build", str(corpus), "--out", str(clean_out), "--store-dir", str(clean_out / "store"), "-q",
                  "-j", "2", timeout=600)
    assert done.returncode == 0, done.stderr
    assert after == _counts(clean_out / "store")
    _no_server_left(fs.store)


def test_a_database_opened_read_only_fails_the_load_in_one_line(tmp_path, graphs):
    """The folder is writable but ArcadeDB opened the database read-only (Bolt refuses every transaction):
    kg load through a `kg serve`-style server says so in one line; the next load on a normal server completes."""
    small, _, _ = graphs
    store = tmp_path / "store"
    done = run_kg("load", str(small), "--store-dir", str(store))
    assert done.returncode == 0, done.stderr
    before = _counts(store)
    info = embedded.start_server(store, mode="serve", heap="512m",
                                 settings={"arcadedb.server.defaultDatabaseMode": "READ_ONLY"})
    try:
        more = _write_graph(tmp_path / "more.json", build_graph([speech("doc_000"), speech("doc_001")]))
        done = run_kg("load", str(more), "--store-dir", str(store))
        assert "read-only" in _one_line_store_error(done)
    finally:
        embedded.stop_pid(info.pid, store.resolve())
    assert not embedded._pid_alive(info.pid)
    assert _counts(store) == before
    done = run_kg("load", str(more), "--store-dir", str(store))
    assert done.returncode == 0, done.stderr
    assert _counts(store) == graph_counts(build_graph([speech("doc_000"), speech("doc_001")]))
    _no_server_left(store)
