"""Injection end to end: a document full of formulas, markup and script goes through the real
extractor and ``kg build --no-store``; its text lands in spreadsheets as text (never a formula),
in Markdown escaped, and in the HTML graphs as text that never runs in a real headless Chromium.

(Cypher injection is tested against the real Bolt server in tests/store.)
"""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PWN = "window.__pwned=1"
TITLE = f'=HYPERLINK("http://evil.example/x","点击")关于<script>{PWN}</script>城市管理的讲话'
SENTENCES = [
    f'由商务局负责，=HYPERLINK("http://evil.example/","点击")并清理楼道杂物。',
    "由工信局牵头，+86-10-1234 统计企业名单，@SUM(A1:A9) 汇总。",
    f"科技局负责-2 整理台账<script>alert(1)</script><script>{PWN}</script>，年底前完成。",
    f'由发改委牵头，" onmouseover="{PWN}" x="，组织对辖区资源再次摸排。',
    "市场监管局要负责'\"}) DETACH DELETE n // $x 检查\t=1+1。",
    f"由城管局牵头，<img src=x onerror=\"{PWN}\">清理违规广告牌。",
]
TEXT = TITLE + "\n" + f"一、<img src=x onerror=\"{PWN}\">整治\n" + "\n".join(SENTENCES) + "\n"
# The tasks the extractor reads from SENTENCES, as written.
TASKS = {
    "商务局": '=HYPERLINK("http://evil.example/","点击")并清理楼道杂物',
    "工信局": "+86-10-1234 统计企业名单，@SUM(A1:A9) 汇总",
    "发改委": f'" onmouseover="{PWN}" x="，组织对辖区资源再次摸排',
}


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=600)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """``kg build --no-store`` of the hostile document (and a corpus speech beside it)."""
    work = tmp_path_factory.mktemp("injection")
    docs = work / "docs"
    docs.mkdir()
    (docs / "900_injection.txt").write_text(TEXT, encoding="utf-8")
    (docs / "000_4cb1776f1e65bea3.txt").write_bytes((ROOT / "corpus" / "000_4cb1776f1e65bea3.txt").read_bytes())
    done = kg("build", "docs", "--no-store", "--segmenter", "char", "--jobs", "1", "--quiet", "--out", "site", cwd=work)
    assert done.returncode == 0, done.stderr
    return work / "site"


def test_the_extractor_keeps_the_hostile_text_as_written(site: Path):
    g = json.loads((site / "out" / "graph.json").read_text(encoding="utf-8"))
    tasks = {n["text"] for n in g["nodes"] if n.get("label") == "Task"}
    for task in TASKS.values():
        assert task in tasks


def _sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/")}


def test_xlsx_cells_are_text_never_formulas(site: Path):
    from openpyxl import load_workbook

    (xlsx,) = (site / "exports").glob("*.xlsx")
    for name, xml in _sheet_xml(xlsx).items():
        assert "<f>" not in xml and "<f " not in xml, f"{name} holds a formula"
    wb = load_workbook(xlsx)
    values = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    values.add(cell.value)
    for task in TASKS.values():  # the text is there, as written
        assert any(task in v for v in values), task


def test_csv_cells_that_look_like_formulas_are_quoted_as_text(site: Path):
    done = kg("export", "tasks", "--format", "csv", "--graph", "site/out/graph.json", "--out", "csv", cwd=site.parent)
    assert done.returncode == 0, done.stderr
    fields = []
    for path in (site.parent / "csv").glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            fields += [f for row in csv.reader(fh) for f in row]
    assert fields
    for f in fields:
        assert not f.lstrip(" \t\r\n").startswith(("=", "+", "-", "@")) and not f.startswith(("\t", "\r")), f
    for task in TASKS.values():
        assert any(f in (task, "'" + task) for f in fields) or any(task in f for f in fields), task


def test_markdown_escapes_markup(site: Path):
    (md,) = (site / "exports").glob("*.md")
    text = md.read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)<", text), "an unescaped < in the Markdown"
    assert r"\<script\>" in text


def test_docx_holds_the_text_as_text(site: Path):
    done = kg("export", "tasks", "--format", "docx", "--graph", "site/out/graph.json", "--out", "t.docx",
              cwd=site.parent)
    assert done.returncode == 0, done.stderr
    import docx

    d = docx.Document(str(site.parent / "t.docx"))
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    assert any(TASKS["商务局"] in c for c in cells)
    with zipfile.ZipFile(site.parent / "t.docx") as zf:
        body = zf.read("word/document.xml").decode("utf-8")
    assert "<script>" not in body and "&lt;script&gt;" in body  # XML-escaped text, not markup
    assert "<w:fldSimple" not in body and "<w:instrText" not in body  # no Word field codes (HYPERLINK, DDE)


def test_html_escapes_every_hostile_string(site: Path):
    for page in (site / "visualizations").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert f"<script>{PWN}" not in html and "<script>alert(1)" not in html, page.name
        assert f'onerror="{PWN}"' not in html and f'onmouseover="{PWN}"' not in html, page.name


# --- in the browser -----------------------------------------------------------------------------------------

try:  # the viz tests' headless system Chromium and page helpers
    from viz.browser import console_errors, hover, injected_ran, node_xy, open_page, remote_requests
    from viz.conftest import browser  # noqa: F401  (a fixture)
    from viz.samples import page_data
except ImportError:  # pragma: no cover - run from another root
    from tests.viz.browser import (console_errors, hover, injected_ran, node_xy, open_page,  # type: ignore
                                   remote_requests)
    from tests.viz.conftest import browser  # type: ignore # noqa: F401
    from tests.viz.samples import page_data  # type: ignore


def _no_alert(driver) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert.dismiss()
    except NoAlertPresentException:
        return True
    return False


# Every element gets the events an attribute handler would listen to, so an injected handler would fire.
_FIRE_EVENTS = """
for (const el of document.querySelectorAll('*')) {
  for (const type of ['mouseover', 'mouseenter', 'click', 'focus', 'error', 'load']) {
    try { el.dispatchEvent(new Event(type)); } catch (e) {}
  }
}
return document.querySelectorAll('*').length;
"""


@pytest.mark.browser
def test_no_injected_script_runs_in_the_browser(browser, site: Path):  # noqa: F811
    pages = sorted((site / "visualizations").rglob("*.html"))
    assert any(p.name.startswith("900_injection") for p in pages)
    for page in pages:
        open_page(browser, page)
        assert _no_alert(browser), f"{page.name}: an alert ran"
        assert browser.execute_script(_FIRE_EVENTS) > 0
        assert _no_alert(browser), f"{page.name}: an alert ran on an event"
        assert not injected_ran(browser), f"{page.name}: injected script ran"
        assert remote_requests(browser) == [], f"{page.name} asked the network"
        assert console_errors(browser) == [], f"{page.name} logged errors"
        assert browser.execute_script(
            "return document.querySelectorAll('script:not([src])').length === document.scripts.length "
            "? true : Array.from(document.scripts).every(s => !s.src || s.src.startsWith('file:'))")
    doc_page = next(p for p in pages if p.name.startswith("900_injection"))
    open_page(browser, doc_page)
    for task in (f"<script>alert(1)</script><script>{PWN}</script>", TASKS["发改委"]):
        (nid,) = [n["id"] for n in page_data(doc_page)["nodes"] if task in str(dict(n.get("tip") or {}).get("任务"))]
        tip = hover(browser, node_xy(browser, nid))
        assert tip and task in tip  # shown as the text it is
        assert _no_alert(browser) and not injected_ran(browser)
    assert browser.execute_script(
        "return document.querySelectorAll('img[onerror], [onmouseover], .vis-tooltip script').length") == 0


def test_the_document_title_is_text_in_the_page_source(site: Path):
    page = next((site / "visualizations").rglob("900_injection*.html"))
    html = page.read_text(encoding="utf-8")
    # Escaped either as HTML entities or inside JSON strings (\u003c), never as a live tag.
    assert re.search(r"&lt;script&gt;|\\u003cscript\\u003e", html)
