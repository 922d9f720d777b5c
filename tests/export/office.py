"""Printing exported files the way a clerk's office suite does: LibreOffice (headless) to PDF, poppler to
read the pages back.

``to_pdf`` converts with a throw-away LibreOffice profile; ``pages`` gives each page's size and the
sheet its header names (the workbook prints the sheet name at the top right of every page);
``column_text`` reads the text of one table column from the page, by the words' positions, so a cell's
wrapped lines are read together and nothing of a neighbouring cell gets in.

Run as a script, it writes page 1 of the corpus 总表 as a PNG (the picture in the README):
``.venv/bin/python -m tests.export.office docs/print_total.png``.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

A4_LANDSCAPE = (841.89, 595.28)  # points
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", re.S)


def available() -> bool:
    return all(shutil.which(t) for t in ("soffice", "pdfinfo", "pdftotext", "pdftoppm"))


def to_pdf(path: Path, out_dir: Path) -> Path:
    """``path`` (xlsx or docx) printed to PDF by headless LibreOffice, with a profile of its own."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out_dir), str(path)],
            capture_output=True, text=True, timeout=300)
    pdf = out_dir / f"{path.stem}.pdf"
    if done.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"soffice could not print {path.name}: {done.stdout} {done.stderr}")
    return pdf


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def sheet(self) -> str:
        """The sheet the page prints: the last word of the top line (the header's right part)."""
        top = [w for w in self.words if w.y0 < 60]
        return max(top, key=lambda w: w.x1).text if top else ""


def pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with its size and its words and their boxes."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for n, (w, h, body) in enumerate(_PAGE.findall(out), 1):
        words = tuple(Word(float(a), float(b), float(c), float(d), html.unescape(t))
                      for a, b, c, d, t in _WORD.findall(body))
        found.append(Page(n, float(w), float(h), words))
    return found


def column_text(page: Page, headers: list[str], widths: list[float], column: str) -> str:
    """The text of one column of a table on ``page``, top to bottom, without spaces.

    The header cells are centred, so their words give each column's centre; with the columns'
    relative ``widths`` that gives each column's edges (a header wrapped on two lines is skipped: the
    column and one neighbour whose headers stand on one line are enough)."""
    centres: dict[int, float] = {}
    for i, name in enumerate(headers):
        hits = [w for w in page.words if w.text == name]
        if hits:
            top = min(hits, key=lambda w: w.y0)
            centres[i] = (top.x0 + top.x1) / 2
    k = headers.index(column)
    other = k - 1 if k - 1 in centres else k + 1
    if k not in centres or other not in centres:
        return ""
    a, b = min(k, other), max(k, other)
    scale = (centres[b] - centres[a]) / ((widths[a] + widths[b]) / 2)
    left, right = centres[k] - scale * widths[k] / 2, centres[k] + scale * widths[k] / 2
    header_y = min(w.y0 for w in page.words if w.text == column)
    inside = [w for w in page.words if left <= (w.x0 + w.x1) / 2 <= right and w.y0 > header_y + 1]
    inside.sort(key=lambda w: (round(w.y0), w.x0))
    return "".join(w.text for w in inside)


def first_page_png(pdf: Path, target: Path, dpi: int = 80) -> Path:
    """Page 1 of ``pdf`` as a PNG at ``target``."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", str(dpi), "-png", "-singlefile", str(pdf),
                        f"{tmp}/page"], check=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f"{tmp}/page.png", target)
    return target


def _main(target: str) -> None:
    from kg.export import write_default
    from kg.graph import build_graph
    from kg.pipeline import extract_paths

    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory() as tmp:
        g = build_graph(extract_paths(sorted((root / "corpus").glob("*.txt"))))
        xlsx = write_default(g, Path(tmp))[0]
        first_page_png(to_pdf(xlsx, Path(tmp)), Path(target))
    print(target)


if __name__ == "__main__":
    _main(sys.argv[1] if len(sys.argv) > 1 else "docs/print_total.png")
