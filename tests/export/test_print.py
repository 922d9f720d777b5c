"""The 任务分工表 as a clerk prints it: the corpus workbook and one body's Word list, printed to PDF by
headless LibreOffice and read back with poppler (issue: the 任务分工表 a 督查室 prints and hands out)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kg.export import write_default, write_tasks
from kg.export.rows import BODY_COLUMNS, read_tasks

from .office import A4_LANDSCAPE, available, column_text, first_page_png, pages, to_pdf

pytestmark = [pytest.mark.office, pytest.mark.skipif(not available(), reason="LibreOffice/poppler not installed "
                                                     "(setup.sh --dev installs them)")]
BODY = "区商务局"  # four tasks in the corpus


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def printed(corpus_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("print")
    xlsx = write_default(corpus_graph, out)[0]
    (docx,) = write_tasks(corpus_graph, "docx", out, dept=BODY)
    return xlsx, pages(to_pdf(xlsx, out / "pdf")), docx, pages(to_pdf(docx, out / "pdf"))


def _is_a4_landscape(page) -> bool:
    return abs(page.width - A4_LANDSCAPE[0]) < 2 and abs(page.height - A4_LANDSCAPE[1]) < 2


def test_every_page_is_a4_landscape(printed):
    _, book, _, body = printed
    assert book and body and all(_is_a4_landscape(p) for p in book + body)


def test_the_corpus_total_fits_in_twelve_pages_with_every_task_whole(printed, corpus_graph):
    xlsx, book, _, _ = printed
    total = [p for p in book if p.sheet == "总表"]
    assert 1 <= len(total) <= 12
    ws = load_workbook(xlsx)["总表"]
    headers = [c.value for c in ws[1]]
    widths = [ws.column_dimensions[chr(65 + i)].width for i in range(len(headers))]
    assert all("工作任务" in [w.text for w in p.words] for p in total)  # the header row on every page
    printed_tasks = "".join(column_text(p, headers, widths, "工作任务") for p in total)
    tasks = read_tasks(corpus_graph).tasks
    missing = [t.text for t in tasks if _flat(t.text) not in printed_tasks]
    assert not missing, missing  # nothing clipped: every task's full text is on the page


def test_a_body_with_four_tasks_fits_on_one_page(printed, corpus_graph, tmp_path):
    _, _, docx, body = printed
    tl = read_tasks(corpus_graph)
    assert len(tl.lists[BODY]) == 4 and len(body) == 1
    page = body[0]
    widths = _docx_widths(docx)
    text = column_text(page, list(BODY_COLUMNS), widths, "工作任务")
    assert all(_flat(r.task.text) in text for r in tl.lists[BODY])
    words = "".join(w.text for w in page.words)
    assert f"{BODY}任务清单" in words
    sources = re.search(r"来源：(.*?)序号", words).group(1)
    own = {r.task.doc for r in tl.lists[BODY]}
    assert len(sources.split("；")) == len(own) < len(tl.documents)  # only the documents the list draws on


def test_the_first_page_renders_to_a_picture(printed, tmp_path: Path):
    xlsx, *_ = printed
    png = first_page_png(to_pdf(xlsx, tmp_path), tmp_path / "total.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def _docx_widths(path: Path) -> list[float]:
    from docx import Document

    table = Document(path).tables[0]
    return [float(c.width) for c in table.columns]
