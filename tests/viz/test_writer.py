"""The written pages: offline, escaped, deterministic, and nothing written outside the output folder."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import KgError
from kg.graph import build_graph
from kg.viz import write_all

from .samples import PWN, XSS_BODY, XSS_TASK, XSS_TITLE, page_data, sample_results

URL = re.compile(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:|//|ftp:)|url\(\s*["']?\s*(?:https?:|//)|@import""", re.I)


def _tags(html: str) -> list[str]:
    """Start tags as a browser's tokenizer sees them (script content is not parsed)."""
    tags: list[str] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append(tag)

    P().feed(html)
    return tags


def test_writes_every_page_type(sample: nx.MultiDiGraph, tmp_path: Path) -> None:
    paths = write_all(sample, tmp_path / "viz")
    names = {p.relative_to(tmp_path / "viz").as_posix() for p in paths}
    assert paths[0].name == "index.html"
    assert {"index.html", "overview.html", "dept/商务局.html", "dept/工商联.html", "dept/发展和改革委员会.html",
            "doc/900_sample_a.html", "doc/901_sample_b.html"} <= names
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)


def test_index_counts_and_links(sample: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_all(sample, tmp_path)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    counts = dict(re.findall(r'data-count="(\w+)"[^>]*>(\d+)<', html))
    assert counts == {"documents": "2", "bodies": "7", "tasks": "7", "unassigned": "1"}
    for href in re.findall(r'href="([^"]+)"', html):
        from urllib.parse import unquote
        assert (tmp_path / unquote(href)).is_file(), href
    assert "图例" in html and "牵头" in html and "<script" not in html


def test_pages_are_offline(sample: nx.MultiDiGraph, tmp_path: Path) -> None:
    paths = write_all(sample, tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in paths if p.suffix != ".html"] == [
        "lib/vis-network-9.1.2.min.js", ".kg-pages.json"]
    for path in paths:
        if path.suffix != ".html":
            continue
        html = path.read_text(encoding="utf-8")
        for src in re.findall(r'<script src="([^"]+)"', html):  # the folder's own copy of vis-network
            assert (path.parent / src).resolve() == (tmp_path / "lib/vis-network-9.1.2.min.js").resolve()
        assert not URL.search(html), f"{path.name} refers to the network: {URL.search(html).group(0)}"
        assert "Content-Security-Policy" in html and "default-src 'none'" in html.replace("&#39;", "'")
        if path.name not in ("index.html", "matrix.html"):  # the plain pages hold no script at all
            assert "vis.Network" in html and "bootstrap.min" not in html and "cdnjs" not in html and "jsdelivr" not in html


def test_nothing_is_written_outside_the_output_folder(sample: nx.MultiDiGraph, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)  # pyvis's default would write lib/ here
    out = tmp_path / "out"
    paths = write_all(sample, out)
    assert list(cwd.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cwd", "out"]
    on_disk = {p for p in out.rglob("*") if p.is_file()}
    assert on_disk == set(paths)  # and no temporary files left behind


def test_same_graph_same_bytes(tmp_path: Path) -> None:
    a = write_all(build_graph(sample_results()), tmp_path / "a")
    b = write_all(build_graph(list(reversed(sample_results()))), tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in a] == [p.relative_to(tmp_path / "b") for p in b]
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


def test_rewrite_removes_pages_of_bodies_no_longer_in_the_graph(sample: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_all(sample, tmp_path)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    smaller = build_graph(sample_results()[:1])
    write_all(smaller, tmp_path)
    assert not (tmp_path / "dept" / "区委办.html").exists()
    assert not (tmp_path / "doc" / "901_sample_b.html").exists()
    assert (tmp_path / "dept" / "商务局.html").exists() and (tmp_path / "notes.txt").exists()


def test_hostile_names_are_data_never_markup(hostile: nx.MultiDiGraph, tmp_path: Path) -> None:
    paths = [p for p in write_all(hostile, tmp_path) if p.suffix == ".html"]
    for path in paths:
        html = path.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<script>alert(1)" not in html and f"<script>{PWN}" not in html
        assert 'onmouseover="' not in html
        # no block was closed early and no element was injected: only our own three scripts
        assert _tags(html).count("script") == (0 if path.name in ("index.html", "matrix.html") else 3)
        assert "img" not in _tags(html)
    data = page_data(tmp_path / "doc" / "902_hostile.html")
    tips = [v for item in data["nodes"] + data["edges"] for _, v in item["tip"]]
    assert XSS_TASK in tips and XSS_BODY in tips  # the text survives intact, as text
    assert any(XSS_TITLE in t for t in tips)
    assert "title" not in {k for n in data["nodes"] for k in n}  # tooltips are built as DOM text in the page


def test_hostile_page_names_stay_inside(hostile: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "out"
    paths = write_all(hostile, out)
    for p in paths:
        assert out.resolve() in p.resolve().parents
    dept = sorted(p.name for p in (out / "dept").iterdir())
    assert "_.._etc_passwd.html" in dept and "_CON.html" in dept
    assert len({n.casefold() for n in dept}) == len(dept)  # A局 and a局 do not overwrite each other
    assert not (tmp_path / "etc").exists()


def test_output_folder_that_is_a_file_is_a_clear_error(sample: nx.MultiDiGraph, tmp_path: Path) -> None:
    f = tmp_path / "visualizations"
    f.write_text("not a folder", encoding="utf-8")
    with pytest.raises(KgError, match="not a folder"):
        write_all(sample, f)
    assert f.read_text(encoding="utf-8") == "not a folder"


def test_folder_that_cannot_be_made_is_a_clear_error(sample: nx.MultiDiGraph, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(KgError, match="cannot write visualizations"):
        write_all(sample, tmp_path / "file" / "visualizations")


def test_reads_the_graph_only(sample: nx.MultiDiGraph, tmp_path: Path) -> None:
    before = nx.node_link_data(sample, edges="edges")
    write_all(sample, tmp_path)
    assert nx.node_link_data(sample, edges="edges") == before


def test_files_kg_did_not_write_are_never_deleted_or_replaced(sample: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "dept").mkdir(parents=True)
    mine = out / "dept" / "我的笔记.html"
    mine.write_text("<html>my own page</html>", encoding="utf-8")
    write_all(sample, out)
    write_all(sample, out)  # a rebuild deletes stale pages of its own only
    assert mine.read_text(encoding="utf-8") == "<html>my own page</html>"
    clash = out / "dept" / "商务局.html"
    clash.write_text("<html>my page about 商务局</html>", encoding="utf-8")
    with pytest.raises(KgError, match="was not written by kg viz"):
        write_all(sample, out)
    assert clash.read_text(encoding="utf-8") == "<html>my page about 商务局</html>"
    write_all(sample, out, force=True)
    assert 'name="generator" content="kg viz' in clash.read_text(encoding="utf-8")
    assert mine.exists()


def test_the_folders_vis_library_is_written_once_and_a_foreign_one_is_kept(sample: nx.MultiDiGraph,
                                                                            tmp_path: Path) -> None:
    lib = tmp_path / "lib" / "vis-network-9.1.2.min.js"
    lib.parent.mkdir()
    lib.write_text("my own script", encoding="utf-8")
    with pytest.raises(KgError, match="was not written by kg viz"):
        write_all(sample, tmp_path)
    assert lib.read_text(encoding="utf-8") == "my own script"
    write_all(sample, tmp_path, force=True)
    assert lib.read_text(encoding="utf-8").startswith("/* written by kg viz: vis-network 9.1.2")
    before = lib.stat().st_mtime_ns
    write_all(sample, tmp_path)
    assert lib.stat().st_mtime_ns == before  # unchanged, so not rewritten
