"""The pages of the real corpus graph: the known facts of the corpus are on them, with their evidence,
and every page draws in headless Chromium without a request, an error or a script from the text."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import pytest
from selenium.webdriver.common.by import By

from kg import schema as S
from kg.viz import write_all
from kg.viz.names import unique_stems

from .browser import console_errors, drawn, injected_ran, open_page, remote_requests, screenshot
from .samples import page_data

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
DOCS = sorted(p.stem for p in CORPUS.glob("*.txt"))
DOC = "000_4cb1776f1e65bea3"
EXPO = "举办一次我区产业发展及转型创新推介会"
FOREIGN = "对有意投资的外商进行梳理"
SURVEY = "组织对辖区资源再次摸排"


@pytest.fixture(scope="module")
def site(corpus_graph: nx.MultiDiGraph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "visualizations"
    write_all(corpus_graph, out)
    return out


def body(g: nx.MultiDiGraph, written: str) -> str:
    """The Actor node a body is written as in the corpus (canonical name or one of its aliases)."""
    hits = sorted(n for n, d in g.nodes(data=True) if d.get("label") == S.ACTOR
                  and (d.get("name") == written or written in (d.get("aliases") or ())))
    assert hits, f"no body written {written}"
    return hits[0]


def body_page(g: nx.MultiDiGraph, site: Path, nid: str) -> Path:
    actors = [n for n, d in g.nodes(data=True) if d.get("label") == S.ACTOR]
    stems = unique_stems((a, str(g.nodes[a].get("name", a))) for a in actors)
    return site / "dept" / f"{stems[nid]}.html"


def task_node(data: dict, text: str) -> dict:
    hits = [n for n in data["nodes"] if n["kind"] in ("task", "unassigned") and text in dict(n["tip"]).get("任务", "")]
    assert hits, f"no task with {text}"
    return hits[0]


def roles_on(data: dict, task_id: str) -> set[tuple[str, str]]:
    return {(e["from"], e["role"]) for e in data["edges"] if e["to"] == task_id}


@pytest.mark.parametrize("written, role, task", [
    ("商务局", S.RESPONSIBLE, FOREIGN),
    ("工商联", S.LEAD, EXPO),
    ("商务局", S.ASSIST, EXPO),
    ("工信局", S.ASSIST, EXPO),
    ("科技局", S.ASSIST, EXPO),
    ("发改委", S.LEAD, SURVEY),
])
def test_known_assignments_are_on_the_body_page_and_the_document_page(corpus_graph, site: Path, written: str,
                                                                        role: str, task: str) -> None:
    nid = body(corpus_graph, written)
    for page in (body_page(corpus_graph, site, nid), site / "doc" / f"{DOC}.html"):
        data = page_data(page)
        t = task_node(data, task)
        assert (nid, role) in roles_on(data, t["id"]), page.name
        tip = dict(t["tip"])
        assert tip["原文"] in (CORPUS / f"{DOC}.txt").read_text(encoding="utf-8")
        assert DOC in tip["文件"]


def test_the_推介会_shows_who_leads_and_who_takes_part(corpus_graph, site: Path) -> None:
    data = page_data(body_page(corpus_graph, site, body(corpus_graph, "工商联")))
    t = task_node(data, EXPO)
    assert {(body(corpus_graph, b), r) for b, r in
            (("工商联", S.LEAD), ("商务局", S.ASSIST), ("工信局", S.ASSIST), ("科技局", S.ASSIST))} <= roles_on(data, t["id"])


@pytest.mark.parametrize("doc", DOCS)
def test_every_document_has_a_page_whose_evidence_is_as_written(site: Path, doc: str) -> None:
    text = (CORPUS / f"{doc}.txt").read_text(encoding="utf-8")
    data = page_data(site / "doc" / f"{doc}.html")
    for item in data["edges"]:
        tip = dict(item["tip"])
        if item["role"] in S.ROLE_TYPES:
            assert tip["原文"] in text
            assert tip["原文写法"] in tip["原文"]


def test_index_links_every_page(corpus_graph, site: Path) -> None:
    import re

    html = (site / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert len(hrefs) == 1 + sum(1 for _, d in corpus_graph.nodes(data=True) if d.get("label") == S.ACTOR) + len(DOCS)
    assert all((site / unquote(h)).is_file() for h in hrefs)


@pytest.mark.browser
@pytest.mark.parametrize("page", ["overview.html", "body:商务局", *(f"doc/{d}.html" for d in DOCS)])
def test_corpus_pages_in_the_browser(browser, corpus_graph, site: Path, page: str) -> None:
    path = body_page(corpus_graph, site, body(corpus_graph, page[5:])) if page.startswith("body:") else site / page
    open_page(browser, path)
    data = page_data(path)
    got = drawn(browser)
    assert got["dataset"] == got["drawn"] == len(data["nodes"]) and got["drawnEdges"] == len(data["edges"])
    assert remote_requests(browser) == [] and console_errors(browser) == [] and not injected_ran(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text
    if page in ("overview.html", "body:商务局", f"doc/{DOC}.html"):
        screenshot(browser, "corpus-" + {"overview.html": "overview", "body:商务局": "dept"}.get(page, "doc"))
