"""The numbers Word draws before list paragraphs (w:numPr), which are not in the paragraphs' text.

A plan whose items are numbered by a list style (（一） 1. （1）, or a table's 序号 column numbered
automatically) shows its numbers in Word but python-docx reads only the typed text, so the items lose
their markers and the grammar its items. This module counts the list paragraphs in document order as
Word does (a level's counter restarts when a higher level advances) and gives each its label, from the
level's number format and text (numbering.xml): decimal, Chinese counting, circled digits, letters and
Roman numerals; bullets and unknown formats give no label.
"""
from __future__ import annotations

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _chinese(n: int) -> str:
    """一 … 九十九 (Word's chineseCounting); larger numbers as digits."""
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN[tens]) + "十" if tens else "") + (_CN[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH_DIGITS),
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "chineseLegalSimplified": _chinese,
    "ideographDigital": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


def _int(value: str | None, default: int) -> int:
    """A number attribute of numbering.xml; a damaged one counts as the default, never an error."""
    return int(value) if value and value.isdigit() else default


def _val(el, tag: str) -> str | None:
    child = el.find(_W + tag) if el is not None else None
    return child.get(_W + "val") if child is not None else None


class Numbering:
    """The list labels of one .docx, handed out paragraph by paragraph in document order."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (format, text, start)
        # Word counts a list per abstract definition: a w:num that only points at it continues the numbering,
        # one with a startOverride restarts it where it is first used.
        self.abstract_of: dict[str, str] = {}
        self.restarts: set[str] = set()
        self.started: set[str] = set()
        self.styles: dict[str, tuple[str, int]] = {}  # paragraph styleId -> (numId, ilvl)
        self.counters: dict[str, dict[int, int]] = {}  # abstract definition -> ilvl -> count so far
        self.given: dict[object, str] = {}  # a paragraph read twice (a merged cell) keeps its one label
        try:
            numbering = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return  # a document without numbering.xml
        abstract = {}
        for a in numbering.iter(_W + "abstractNum"):
            lv = {}
            for lvl in a.iter(_W + "lvl"):
                lv[_int(lvl.get(_W + "ilvl"), 0)] = (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                                                     _int(_val(lvl, "start"), 1))
            abstract[a.get(_W + "abstractNumId")] = lv
        for num in numbering.iter(_W + "num"):
            num_id, abstract_id = num.get(_W + "numId"), _val(num, "abstractNumId")
            lv = dict(abstract.get(abstract_id, {}))
            for over in num.iter(_W + "lvlOverride"):
                ilvl, start = _int(over.get(_W + "ilvl"), 0), _int(_val(over, "startOverride"), -1)
                if ilvl in lv and start >= 0:
                    lv[ilvl] = (lv[ilvl][0], lv[ilvl][1], start)
                    self.restarts.add(num_id)
            self.levels[num_id] = lv
            self.abstract_of[num_id] = abstract_id or num_id
        self._style_numbering(document)

    def _style_numbering(self, document) -> None:
        try:
            styles = document.styles.element
        except AttributeError:
            return
        by_id = {s.get(_W + "styleId"): s for s in styles.iter(_W + "style")}
        for sid in by_id:
            seen, cur = set(), by_id.get(sid)
            while cur is not None and cur.get(_W + "styleId") not in seen:  # up the basedOn chain
                seen.add(cur.get(_W + "styleId"))
                num_pr = cur.find(f"{_W}pPr/{_W}numPr")
                if num_pr is not None and _val(num_pr, "numId"):
                    self.styles[sid] = (_val(num_pr, "numId"), _int(_val(num_pr, "ilvl"), 0))
                    break
                cur = by_id.get(_val(cur, "basedOn"))

    def label(self, paragraph) -> str:
        """The label Word draws before this paragraph (counting it), or "" when it is no list paragraph."""
        if paragraph not in self.given:
            self.given[paragraph] = self._count(paragraph)
        return self.given[paragraph]

    def _count(self, paragraph) -> str:
        ppr = paragraph.find(_W + "pPr")
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        num_id, ilvl = (_val(num_pr, "numId"), _val(num_pr, "ilvl")) if num_pr is not None else (None, None)
        if num_id is None:
            style = self.styles.get(_val(ppr, "pStyle") or "") if ppr is not None else None
            if style is None:
                return ""
            num_id, level = style[0], _int(ilvl, style[1])
        else:
            level = _int(ilvl, 0)
        levels = self.levels.get(num_id)
        if not levels or level not in levels or num_id == "0":
            return ""
        key = self.abstract_of.get(num_id, num_id)
        if num_id in self.restarts and num_id not in self.started:
            self.counters.pop(key, None)  # a list restarted here
        self.started.add(num_id)
        counts = self.counters.setdefault(key, {})
        counts[level] = counts.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]  # a higher level advanced: the deeper ones start again
        fmt, text, _ = levels[level]
        if fmt not in _FORMATS or not text:
            return ""  # bullets, pictures, none
        out = text
        for k in range(9):
            if f"%{k + 1}" in out:
                k_fmt, _, k_start = levels.get(k, (fmt, "", 1))
                out = out.replace(f"%{k + 1}", _FORMATS.get(k_fmt, str)(counts.get(k, k_start)))
        return out
