"""Joining the lines of a hard-wrapped text: a .txt made from a PDF (pdftotext, copy and paste) breaks
every paragraph into lines of the page's width, so a body and its predicate (区发改局要加快 | 推进……)
land on two lines, which the grammar reads as two sentences.

A text is taken as wrapped when most of its lines are about as long as its longest ordinary lines and
most of those end inside a sentence; then a line that fills the width and ends inside a sentence is
joined with the next, unless the next opens a heading or an item (一、 （一） 1. 第三条 …) or a table
row. Texts written with a line per paragraph (the common case) are left as they are.
"""
from __future__ import annotations

import re

# What ends a sentence, a clause list or a bracket at a line's end: a line ending so is never joined.
_END = frozenset("。！？；：:!?;」』”’）)】》")
# What opens a line of its own: a heading or item marker, a list bullet, a table or Markdown line.
_OPENS = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十0-9]{1,3}[)）]|"
                    r"[0-9]{1,2}[.、．)）](?![0-9])|第[一二三四五六七八九十百零〇0-9]{1,6}[条章节部分]|"
                    r"[-*+•·#>|]|附件|附表)")
# The shortest and longest line width (characters) of a wrapped page, and how close to that width a line
# must be to be a full one.
_MIN_WIDTH, _MAX_WIDTH, _SLACK = 16, 60, 3
_MIN_LINES = 8


def _width(lines: list[str]) -> int | None:
    """The width the text is wrapped at, or None when it is not wrapped."""
    body = [ln.strip() for ln in lines if ln.strip() and "\t" not in ln and "|" not in ln]
    if len(body) < _MIN_LINES:
        return None
    lengths = sorted(len(ln) for ln in body)
    width = lengths[int(0.8 * (len(lengths) - 1))]
    if not _MIN_WIDTH <= width <= _MAX_WIDTH:
        return None
    full = [ln for ln in body if len(ln) >= width - _SLACK]
    inside = [ln for ln in full if ln[-1] not in _END]
    if len(full) < 0.3 * len(body) or len(inside) < 0.5 * len(full):
        return None
    return width


# A page's number on a line of its own (- 3 -, －3－, 3), which a PDF's text puts between two halves of a
# paragraph that runs on to the next page.
_PAGE_NUMBER = re.compile(r"\s*[-－—–]?\s*[0-9]{1,4}\s*[-－—–]?\s*")


def reflow(text: str) -> str:
    """The text with its wrapped paragraphs joined into one line each (unchanged if it is not wrapped);
    in a wrapped text, page breaks (form feeds) and page-number lines go, so a paragraph that runs on to
    the next page is joined too."""
    lines = text.split("\n")
    width = _width(lines)
    if width is None:
        return text
    lines = [ln.replace("\f", "") for ln in lines if not (ln.strip() and _PAGE_NUMBER.fullmatch(ln.replace("\f", "")))]
    out: list[str] = []
    last = ""  # the last physical line of out[-1]
    for ln in lines:
        prev = last.strip()
        if out and prev and len(prev) >= width - _SLACK and prev[-1] not in _END and "\t" not in prev \
                and ln.strip() and "\t" not in ln and not _OPENS.match(ln):
            out[-1] = out[-1].rstrip() + ln.strip()
        else:
            out.append(ln)
        last = ln
    return "\n".join(out)
