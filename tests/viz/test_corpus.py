"""The pages of the real corpus graph: the known facts of the corpus are on them, with their evidence,
and every page draws in headless Chromium without a request, an error or a script from the text."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import pytest
from selenium.webdriver.common.by import By

from kg import schema as S
from kg.viz import write_all
from kg.viz.elements import edge_tooltip
from kg.viz.names import unique_stems

from .browser import (click, console_errors, drawn, injected_ran, label_overlaps, node_xy, open_page, remote_requests,
                      screenshot)
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
    nodes = {n["id"]: n for n in data["nodes"]}
    for item in data["edges"]:
        tip = dict(edge_tooltip(item, nodes))
        if item["role"] in S.ROLE_TYPES:
            assert tip["原文"] in text
            assert tip["原文写法"] in tip["原文"]


def test_index_links_every_page(corpus_graph, site: Path) -> None:
    import re

    html = (site / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert len(hrefs) == 2 + sum(1 for _, d in corpus_graph.nodes(data=True) if d.get("label") == S.ACTOR) + len(DOCS)
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


@pytest.mark.browser
@pytest.mark.parametrize("page", ["overview.html", "body:区商务局", "body:区发改委", *(f"doc/{d}.html" for d in DOCS)])
def test_labels_do_not_overlap(browser, corpus_graph, site: Path, page: str) -> None:
    """At most 2% of the drawn boxes (node and label, as vis-network measures them) overlap another."""
    path = body_page(corpus_graph, site, body(corpus_graph, page[5:])) if page.startswith("body:") else site / page
    open_page(browser, path)
    overlapping, drawn_nodes = label_overlaps(browser)
    assert drawn_nodes and overlapping <= 0.02 * drawn_nodes, (overlapping, drawn_nodes)


@pytest.mark.browser
def test_the_overview_answers_who_owns_what(browser, corpus_graph, site: Path) -> None:
    """Every body with a task is on the overview, no task is; clicking 区商务局 lists its tasks by role."""
    data = page_data(site / "overview.html")
    with_tasks = {n for n, d in corpus_graph.nodes(data=True) if d.get("label") == S.ACTOR
                  and any(k in S.ROLE_TYPES for _, _, k in corpus_graph.out_edges(n, keys=True))}
    assert {n["id"] for n in data["nodes"]} == with_tasks
    assert all(n["kind"] in ("department", "collective", "person") for n in data["nodes"])
    open_page(browser, site / "overview.html")
    shangwu = body(corpus_graph, "区商务局")
    click(browser, node_xy(browser, shangwu))
    panel = browser.find_element(By.ID, "kg-panel")
    assert panel.is_displayed() and panel.find_element(By.TAG_NAME, "h2").text == "区商务局"
    listed = {(s.get_attribute("data-role"), li.find_element(By.CSS_SELECTOR, ".task").text)
              for s in panel.find_elements(By.CSS_SELECTOR, "section.role") for li in s.find_elements(By.TAG_NAME, "li")}
    expected = {(k, corpus_graph.nodes[t]["text"]) for _, t, k in corpus_graph.out_edges(shangwu, keys=True)
                if k in S.ROLE_TYPES}
    assert listed == expected and ("参与", next(t for r, t in expected if EXPO in t)) in listed
    link = panel.find_element(By.CSS_SELECTOR, "a.page").get_attribute("href")
    assert unquote(link).endswith(body_page(corpus_graph, site, shangwu).relative_to(site).as_posix())
    screenshot(browser, "corpus-overview-panel")
    if os.environ.get("KG_README_SHOTS"):  # the picture in the README: KG_README_SHOTS=docs pytest -k who_owns
        browser.save_screenshot(str(Path(os.environ["KG_README_SHOTS"]) / "overview.png"))


def test_the_matrix_counts_each_bodys_tasks_by_role_per_document(corpus_graph, site: Path) -> None:
    """分工矩阵: a row per body, a column per document, counts by role; each cell links to its tasks."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.row, self.cell, self.sections, self.section = [], None, None, {}, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "tr":
                self.row = []
                self.rows.append(self.row)
            elif tag in ("td", "th") and self.row is not None:
                self.cell = {"attrs": a, "text": ""}
                self.row.append(self.cell)
            elif tag == "a" and self.cell is not None:
                self.cell["href"] = a.get("href")
            elif tag == "section":
                self.section = a.get("id")
                self.sections[self.section] = ""

        def handle_endtag(self, tag):
            if tag in ("td", "th"):
                self.cell = None
            elif tag == "table":
                self.row = None
            elif tag == "section":
                self.section = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell["text"] += data
            if self.section:
                self.sections[self.section] += data

    p = Cells()
    p.feed((site / "matrix.html").read_text(encoding="utf-8"))
    header = [c["text"] for c in p.rows[0]]
    (row,) = [r for r in p.rows[1:] if r[0]["text"] == "区商务局"]
    cell = row[1 + DOCS.index(DOC)]
    assert len(header) == len(DOCS) + 2 and cell["attrs"]["data-assist"] == "1"
    shangwu = body(corpus_graph, "区商务局")
    in_doc = [(k, corpus_graph.nodes[t]["text"]) for _, t, k in corpus_graph.out_edges(shangwu, keys=True)
              if k in S.ROLE_TYPES and corpus_graph.nodes[t]["doc"] == DOC]
    counts = {role: sum(1 for k, _ in in_doc if k == role) for role in S.ROLE_TYPES}
    assert (int(cell["attrs"]["data-lead"]), int(cell["attrs"]["data-responsible"]), int(cell["attrs"]["data-assist"])) \
        == (counts["牵头"], counts["负责"], counts["参与"])
    listed = p.sections[cell["href"].lstrip("#")]
    assert all(text in listed for _, text in in_doc) and EXPO in listed
