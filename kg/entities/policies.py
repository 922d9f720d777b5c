"""Policies and mechanisms (政策/制度/机制/改革/行动/工程/战略).

Three shapes, from kg/data/policies.yaml:

- a quoted name with a suffix: “放管服”改革, “五个一批”项目推进机制, 商事制度“多证合一”改革;
  a numbered slogan in quotes on its own: “六稳”“六保”, “三证合一”;
- a titled document: 《关于进一步优化营商环境更好服务市场主体的实施方案》;
- a named system without quotes: 首席服务官制度, 河长制, 招商引资优惠政策五十条
  (a generic modifier alone, as in 工作机制 or 优惠政策, names nothing).

A 工程 that builds something is a Project (kg.entities.projects), not a Policy.
Policies are keyed by their name with quotes made uniform, so “放管服”改革 in two
documents is one node.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.entities.names import canonical, grammar, load_data
from kg.entities.projects import is_built_work
from kg.extract.structure import normalize
from kg.model import Document, Entity, Sentence

POLICY = "Policy"
MAX_NAME = 14
_QUOTE = r"“[^“”\n]{1,24}”"


@dataclass(frozen=True)
class _Lexicon:
    quoted: re.Pattern[str]
    slogan: re.Pattern[str]
    titled: re.Pattern[str]
    unquoted: re.Pattern[str]
    numerals: str
    not_ending: tuple[str, ...]


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    d = load_data("policies.yaml")
    suffixes = "|".join(re.escape(x) for x in sorted(d["suffixes"], key=len, reverse=True))
    unquoted = "|".join(re.escape(x) for x in sorted(d["unquoted_suffixes"], key=len, reverse=True))
    gap = int(d.get("max_gap", 6))
    count = r"(?:[一二三四五六七八九十百千\d]{1,4}条)?"
    return _Lexicon(
        quoted=re.compile(rf"(?P<q>{_QUOTE})(?P<gap>[\u4e00-\u9fff]{{0,{gap}}}?)(?P<suf>{suffixes}){count}"),
        slogan=re.compile(_QUOTE),
        titled=re.compile(r"《[^《》\n]{2,60}》"),
        unquoted=re.compile(rf"(?:{unquoted})+{count}(?![{re.escape(str(d.get('unquoted_not_followed_by') or ''))}])"),
        numerals=str(d.get("slogan_numerals") or "一二三四五六七八九十"),
        not_ending=tuple(d.get("slogan_not_ending") or ()),
    )


def extract_policies(doc: Document, sentences: list[Sentence]) -> list[Entity]:
    """Policy entities of a document, in order of their place in the text."""
    lex = lexicon()
    out: list[Entity] = []
    for s in sentences:
        text = _quotes_curly(normalize(s.text))
        spans: dict[tuple[int, int], str] = {}
        for m in lex.titled.finditer(text):
            spans[(m.start(), m.end())] = "document"
        for m in lex.quoted.finditer(text):
            if m.group("suf") == "工程" and is_built_work(m.group()):
                continue
            start = _prefix_start(text, m.start())
            _claim(spans, start, m.end(), "quoted")
        for m in lex.slogan.finditer(text):
            if _taken(spans, m.start(), m.end()) or not _is_slogan(m.group()[1:-1], lex):
                continue
            spans[(m.start(), m.end())] = "slogan"
        _unquoted(text, lex, spans)
        for (a, b), kind in sorted(spans.items()):
            written = s.text[a:b]
            out.append(Entity(label=POLICY, key=canonical(written), name=canonical(written), doc=doc.id,
                              sentence_index=s.index, start=s.start + a, end=s.start + b,
                              attrs=(("kind", kind),)))
    return out


def _quotes_curly(text: str) -> str:
    """Straight double quotes as curly ones (same length), alternating open and close per sentence."""
    if '"' not in text:
        return text
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def _prefix_start(text: str, quote_start: int) -> int:
    """商事制度“多证合一”改革: a specific name right before the quote belongs to it."""
    g = grammar()
    start = g.extend_left(text, quote_start, 6)
    return start if start < quote_start and g.specific(text[start:quote_start]) else quote_start


def _is_slogan(body: str, lex: _Lexicon) -> bool:
    if not 2 <= len(body) <= 12 or not any(ch in lex.numerals for ch in body):
        return False
    if any(body.endswith(x) for x in lex.not_ending):
        return False
    return all("\u4e00" <= ch <= "\u9fff" or ch in "、·" for ch in body)


def _taken(spans: dict, a: int, b: int) -> bool:
    return any(x < b and a < y for x, y in spans)


def _claim(spans: dict, a: int, b: int, kind: str) -> None:
    if not _taken(spans, a, b):
        spans[(a, b)] = kind


def _unquoted(text: str, lex: _Lexicon, spans: dict) -> None:
    g = grammar()
    for m in lex.unquoted.finditer(text):
        if _taken(spans, m.start(), m.end()):
            continue
        start = g.extend_left(text, m.start(), MAX_NAME)
        modifier = text[start:m.start()]
        counted = m.end() - m.start() > len(m.group().rstrip("一二三四五六七八九十百千0123456789条"))
        if m.group().startswith("长制"):
            ok = bool(modifier)  # 河长制, 林长制
        else:
            ok = len(modifier) >= 2 and (g.specific(modifier) or counted)
        if not ok:
            continue
        if m.group().startswith("工程") and is_built_work(modifier):
            continue  # built work: a Project
        _claim(spans, start, m.end(), "named")
