"""Making document text safe where it lands: spreadsheet cells, sheet names, file names, Markdown.

Text read from a document is data, never markup or a formula: a cell that starts
with = + - @ stays text, control characters that break XML are dropped, and a
body's name becomes a sheet or file name only after it is cleaned, shortened and
made unique, so it can never point outside the output folder.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError

# Text that Excel, WPS or LibreOffice would read as the start of a formula.
FORMULA_START = ("=", "+", "-", "@")
# Characters XML 1.0 (xlsx, docx) cannot hold: C0 controls except tab/newline/CR, and U+FFFE/FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# An Excel cell holds at most this many characters.
MAX_CELL = 32767
SHEET_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FILE_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
FILE_MAX_BYTES = 180


def xml_text(text: str) -> str:
    """Text with the characters XML cannot hold removed."""
    return _XML_ILLEGAL.sub("", text)


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would take the text for a formula."""
    return text.lstrip(" \t\r\n").startswith(FORMULA_START) or text.startswith(("\t", "\r"))


def cell_text(text: str) -> str:
    """Text for an xlsx cell: XML-safe and within Excel's cell length."""
    text = xml_text(text)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def csv_cell(text: str) -> str:
    """Text for a CSV field: a leading ' keeps formula-like text as text when Excel or WPS opens the file."""
    return "'" + text if is_formula_like(text) else text


@lru_cache(maxsize=1 << 16)
def md_cell(text: str) -> str:
    """Text for a Markdown table cell: one line, and every Markdown/HTML special character escaped
    (remembered, as display_width is: the same texts fill the table and each body's list)."""
    text = " ".join(xml_text(text).split())
    return re.sub(r"([\\`*_\[\]<>|~&])", r"\\\1", text)


@lru_cache(maxsize=1 << 16)
def display_width(text: str) -> int:
    """Columns the text takes on screen: full-width (Chinese) characters count two (Unicode's East
    Asian Width W and F). Measured for every cell of every table, so counted by regex, not per
    character in Python, and remembered: a task's text is in the 总表 and again in each of its bodies'
    lists, a body's name on each of its rows."""
    if text.isascii():
        return len(text)
    wide, other_astral = _wide()
    n = 2 * len(text) - len(wide.sub("", text))  # one string made, not a list of every wide character
    for ch in other_astral.findall(text):  # emoji and the like: rare, looked up one by one
        n += unicodedata.east_asian_width(ch) in "WF"
    return n


@lru_cache(maxsize=1)
def _wide() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The W/F characters of the BMP (from unicodedata) and planes 2-3 (all wide), and the other
    astral characters, which display_width looks up itself."""
    runs: list[list[int]] = []
    for cp in range(0x10000):
        if unicodedata.east_asian_width(chr(cp)) in "WF" and not 0xD800 <= cp <= 0xDFFF:
            if runs and runs[-1][1] == cp - 1:
                runs[-1][1] = cp
            else:
                runs.append([cp, cp])
    runs.append([0x20000, 0x3FFFD])
    cls = "".join(f"\\U{a:08x}-\\U{b:08x}" if b > a else f"\\U{a:08x}" for a, b in runs)
    return re.compile(f"[{cls}]"), re.compile("[\\U00010000-\\U0001ffff\\U0003fffe-\\U0010ffff]")


def _shorten(text: str, limit: int, measure) -> str:
    while text and measure(text) > limit:
        text = text[:-1]
    return text


def _sheet_trim(name: str) -> str:
    """The name without the spaces and apostrophes around it (Excel refuses a sheet name that begins or
    ends with an apostrophe)."""
    while name != (name := name.strip().strip("'")):
        pass
    return name


def sheet_names(names: list[str], reserved: tuple[str, ...] = ()) -> list[str]:
    """Excel sheet names for ``names``, in order: forbidden characters replaced, at most 31
    characters, no leading/trailing apostrophe, unique (case-insensitively) among themselves and ``reserved``.
    """
    taken = {r.casefold() for r in reserved} | {"history"}
    out = []
    for name in names:
        # trimmed again once cut to length: the cut may leave an apostrophe at its end
        base = _sheet_trim(_sheet_trim(_SHEET_FORBIDDEN.sub("_", xml_text(name)))[:SHEET_MAX]) or "单位"
        candidate, n = base, 1
        while candidate.casefold() in taken:
            n += 1
            suffix = f"({n})"
            candidate = base[: SHEET_MAX - len(suffix)].rstrip().rstrip("'") + suffix
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def file_stems(names: list[str], reserved: tuple[str, ...] = ()) -> list[str]:
    """File name stems for ``names``, in order: no path separators, '..', control or Windows-forbidden
    characters, no reserved device names, short enough for any file system, unique (case-insensitively).
    """
    taken = {r.casefold() for r in reserved}
    out = []
    for name in names:
        base = _FILE_FORBIDDEN.sub("_", xml_text(name)).replace("..", "_").strip(" .") or "单位"
        if base.split(".")[0].upper() in _WINDOWS_RESERVED:
            base = "_" + base
        base = _shorten(base, FILE_MAX_BYTES, lambda s: len(s.encode("utf-8")))
        candidate, n = base, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{base}({n})"
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would resolve outside ``folder``."""
    target = (folder / name).resolve()
    if target.parent != folder.resolve():
        raise InputError(f"refusing to write {name!r} outside {folder}")
    return target
