"""The pages in a real headless Chromium: they draw the graph, stay offline, log no error, run no injected script."""
from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from kg import schema as S
from kg.viz import write_all

from .browser import (console_errors, drawn, edge_midpoint, hover, injected_ran, label_overlaps, node_xy, open_page,
                      remote_requests, screenshot)
from .samples import EXPO, XSS_BODY, XSS_TASK, hostile_graph, large_graph, page_data, sample_graph

pytestmark = pytest.mark.browser

PAGES = ["index.html", "matrix.html", "overview.html", "dept/商务局.html", "dept/工商联.html", "doc/900_sample_a.html",
         "doc/901_sample_b.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("viz") / "visualizations"
    write_all(sample_graph(), out)
    return out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "visualizations"
    write_all(hostile_graph(), out)
    return out


def _check_clean(browser, page: str) -> None:
    assert remote_requests(browser) == [], f"{page} made network requests"
    assert console_errors(browser) == [], f"{page} logged errors"
    assert not injected_ran(browser)


@pytest.mark.parametrize("page", PAGES)
def test_page_draws_every_node_offline_without_errors(browser, site: Path, page: str) -> None:
    open_page(browser, site / page)
    if page == "index.html":
        assert browser.find_element(By.CSS_SELECTOR, 'td[data-count="bodies"]').text == "7"
        links = browser.find_elements(By.CSS_SELECTOR, "a[href]")
        assert len(links) == 2 + 7 + 2  # overview, matrix, every body, every document
    elif page == "matrix.html":
        assert browser.find_elements(By.CSS_SELECTOR, "#kg-matrix a[href^='#']")
    else:
        expected = page_data(site / page)
        got = drawn(browser)
        assert got["dataset"] == got["visible"] == got["drawn"] == got["positioned"] == len(expected["nodes"])
        assert got["edges"] == got["drawnEdges"] == len(expected["edges"])
        assert got["physics"] is False  # switched off once the layout is stable
    _check_clean(browser, page)
    kind = page.split("/")[0].removesuffix(".html")
    if page in ("index.html", "overview.html", "dept/商务局.html", "doc/900_sample_a.html"):
        screenshot(browser, kind)


def test_hovering_shows_the_evidence(browser, site: Path) -> None:
    open_page(browser, site / "dept" / "商务局.html")
    (expo,) = [n["id"] for n in page_data(site / "dept" / "商务局.html")["nodes"] if dict(n["tip"]).get("任务") == EXPO]
    text = hover(browser, node_xy(browser, expo))
    assert text and EXPO in text and "由工商联牵头" in text and "年内" in text and "（四）招商引资" in text
    lead = f"{S.node_id(S.ACTOR, '工商联')}|牵头|{expo}"
    text = hover(browser, edge_midpoint(browser, lead))
    assert text and text.startswith("角色：牵头") and "工商联" in text
    # the edge's evidence is its task's: the page adds it from the task's node (kg.viz.elements.edge_tooltip)
    assert f"对象：{EXPO}" in text and "原文：由工商联牵头" in text and "（四）招商引资" in text
    screenshot(browser, "dept-tooltip")
    _check_clean(browser, "dept/商务局.html")


def test_search_and_filters(browser, site: Path) -> None:
    open_page(browser, site / "overview.html")
    box = browser.find_element(By.ID, "kg-search")
    box.send_keys("商务", Keys.ENTER)
    assert browser.execute_script("return kg.network.getSelectedNodes()") == [S.node_id(S.ACTOR, "商务局")]
    assert browser.find_element(By.ID, "kg-status").text == "找到 1 个"
    page = site / "doc" / "900_sample_a.html"  # a page with tasks and every role
    open_page(browser, page)
    data = page_data(page)
    assists = sum(1 for e in data["edges"] if e["role"] == "参与")
    tasks = sum(1 for n in data["nodes"] if n["kind"] == "task")
    browser.find_element(By.CSS_SELECTOR, '#kg-roles input[data-role="参与"]').click()
    browser.find_element(By.CSS_SELECTOR, '#kg-kinds input[data-kind="task"]').click()
    got = drawn(browser)
    assert got["visible"] == got["drawn"] == len(data["nodes"]) - tasks
    assert browser.execute_script("return kg.edgeView.length") == len(data["edges"]) - assists
    browser.find_element(By.ID, "kg-reset").click()
    assert browser.execute_script("return kg.network.getSelectedNodes()") == []
    _check_clean(browser, page.name)


def test_injected_markup_renders_as_text(browser, hostile_site: Path) -> None:
    page = hostile_site / "doc" / "902_hostile.html"
    open_page(browser, page)
    assert "</script><script>" in browser.find_element(By.TAG_NAME, "h1").text
    data = page_data(page)
    (task,) = [n["id"] for n in data["nodes"] if dict(n["tip"]).get("任务") == XSS_TASK]
    text = hover(browser, node_xy(browser, task))
    assert text and XSS_TASK in text
    assert browser.execute_script("return document.querySelectorAll('.vis-tooltip img, .vis-tooltip script').length") == 0
    body = S.node_id(S.ACTOR, XSS_BODY)
    text = hover(browser, node_xy(browser, body))
    assert text and XSS_BODY in text
    screenshot(browser, "hostile-tooltip")
    # the search box lists the hostile name as an option value, not as markup
    assert XSS_BODY in browser.execute_script(
        "return Array.from(document.querySelectorAll('#kg-names option')).map(o => o.value)")
    _check_clean(browser, "doc/902_hostile.html")
    for other in sorted(hostile_site.rglob("*.html")):
        open_page(browser, other)
        _check_clean(browser, other.name)


def test_large_graph_aggregates_and_says_so(browser, tmp_path: Path) -> None:
    write_all(sample_graph(), tmp_path, max_nodes=5)
    page = tmp_path / "doc" / "900_sample_a.html"
    open_page(browser, page)
    note = browser.find_element(By.ID, "kg-note").text
    assert "已聚合" in note and "任务合并为各主体的任务数" in note
    got = drawn(browser)
    assert got["drawn"] == len(page_data(page)["nodes"]) <= 6
    assert got["physics"] is False
    _check_clean(browser, "doc page (aggregated)")
    screenshot(browser, "doc-aggregated")
    open_page(browser, tmp_path / "overview.html")  # the overview keeps the busiest bodies and says so
    assert "只画出任务最多的 5 个主体" in browser.find_element(By.ID, "kg-note").text
    assert drawn(browser)["drawn"] == 5


def test_the_checks_catch_a_leaky_page(browser, tmp_path: Path) -> None:
    """A page that requests the network, logs an error and runs a script is flagged by the same checks."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png">'
                   '<script>console.error("boom"); window.__pwned = 1;</script></body></html>', encoding="utf-8")
    open_page(browser, bad)
    assert "http://127.0.0.1:9/x.png" in remote_requests(browser)
    assert any("boom" in e["message"] for e in console_errors(browser))
    assert injected_ran(browser)


def test_a_graph_of_thousands_of_nodes_is_aggregated_and_still_draws(browser, tmp_path: Path) -> None:
    g = large_graph()
    assert g.number_of_nodes() > 2000
    write_all(g, tmp_path)  # the default limit
    open_page(browser, tmp_path / "overview.html")
    data = page_data(tmp_path / "overview.html")
    assert {n["kind"] for n in data["nodes"]} == {"department"} and len(data["nodes"]) == 120
    got = drawn(browser)
    assert got["drawn"] == 120 and got["physics"] is False
    overlapping, drawn_nodes = label_overlaps(browser)
    assert overlapping <= 0.02 * drawn_nodes
    _check_clean(browser, "overview.html (large)")
    screenshot(browser, "overview-large")
