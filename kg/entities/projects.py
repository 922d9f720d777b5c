"""Projects and facilities (项目/工程): named, listed and counted.

Four readings, all on the grammar of the sentence and the lexicon of
kg/data/projects.yaml, never on the names of any one document:

- a facility: a specific name ending in a facility head (X科技园二期, 220KV变电站);
- a named undertaking: a specific name ending in 项目, or in 工程 when it is built
  (城东污水处理厂扩建工程; a 工程 with nothing built in it is a programme, a Policy);
- a list: the items of "A、B、C等项目" or of a list with a facility among its items
  in a sentence about projects (大唐新电、浩吉铁路、生态环境产业园…);
- a counted group: "X等10个项目", "42个省市县重点项目", "6所小学新建、扩建工程",
  with its count (None when redacted) and members as written.

A redaction placeholder (X, XX, x) is part of a name; a placeholder alone names nothing.
Named projects are keyed by name (one node across documents); a group is a statement
of one document and is keyed by document and name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.entities.names import NameGrammar, canonical, grammar, load_data
from kg.extract.structure import normalize
from kg.model import Document, Entity, Sentence

PROJECT = "Project"
MAX_NAME = 16
MAX_ITEM = 24
_CN_DIGITS = "一二三四五六七八九十两百千"
_PHASE = rf"(?:[{_CN_DIGITS}\d]期)?"
_CLAUSE = re.compile(r"[,;:。!?]")
_LIST_TYPE = re.compile(r"等([^,;:。!?]{0,8}?(?:项目|工程|政策|制度|机制|部门|单位|企业|问题|方面|工作|活动|措施|要素|因素))")


@dataclass(frozen=True)
class _Lexicon:
    facility: re.Pattern[str]
    project: re.Pattern[str]
    group: re.Pattern[str]
    facility_end: re.Pattern[str]
    construction: tuple[str, ...]
    sectors: tuple[str, ...]
    advance: tuple[str, ...]
    framing: tuple[str, ...]
    report: tuple[str, ...]
    speaker: tuple[str, ...]
    period_report: re.Pattern[str]
    modal: tuple[str, ...]
    count_suffix: re.Pattern[str]
    other_lists: tuple[str, ...]


def _alt(words) -> str:
    return "|".join(re.escape(normalize(w)) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    d = load_data("projects.yaml")
    facility = _alt(d["facility_heads"])
    measures = "".join(d.get("count_measures") or "个")
    num = rf"(?:\d+|[Xx]{{1,3}}|[{_CN_DIGITS}]{{1,4}})"
    return _Lexicon(
        facility=re.compile(rf"(?:{facility}){_PHASE}(?![{re.escape(str(d.get('head_not_followed_by') or ''))}])"
                            if d.get("head_not_followed_by") else rf"(?:{facility}){_PHASE}"),
        project=re.compile(_alt(d["project_heads"])),
        # 等 + optional count + what is counted (≤12 chars, no list break) + 项目/工程
        group=re.compile(rf"(?P<deng>等)?(?:(?P<num>{num})(?P<meas>[{measures}]))"
                         rf"(?P<mid>[^,;:。等]{{0,12}}?)(?P<head>项目|工程)"
                         rf"|(?P<deng2>等)(?P<mid2>[^,;:。、等]{{0,8}}?)(?P<head2>项目|工程)"),
        facility_end=re.compile(rf"(?:{facility}){_PHASE}$"),
        construction=tuple(normalize(w) for w in d.get("construction_words") or ()),
        sectors=tuple(d.get("sector_suffixes") or ()),
        advance=tuple(d.get("advance_verbs") or ()),
        framing=tuple(d.get("framing_verbs") or ()),
        report=tuple(d.get("report_words") or ()),
        speaker=tuple(d.get("speaker_words") or ()),
        period_report=re.compile(d["period_report"]),
        modal=tuple(d.get("directive_words") or ()),
        count_suffix=re.compile(rf"{num}[{measures}]$"),
        other_lists=tuple(d.get("other_list_types") or ()),
    )


def is_built_work(name: str) -> bool:
    """A 工程 that builds something (a project), as opposed to a programme (a policy)."""
    lex = lexicon()
    body = normalize(name)
    return any(w in body for w in lex.construction) or bool(lex.facility.search(body))


def advances(text: str, before: int) -> bool:
    """True when text[:before] has a verb that pushes a project forward (推进, 加快, 建设 …)."""
    head = normalize(text[:before])
    return any(v in head for v in lexicon().advance)


def _kind(name: str) -> str:
    lex = lexicon()
    n = normalize(name)
    if lex.facility_end.search(n):
        return "facility"
    return "project"


def _count(raw: str | None) -> int | None:
    if not raw:
        return None
    if raw.isdigit():
        return int(raw)
    return _cn_int(raw)


def _cn_int(raw: str) -> int | None:
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["两"] = 2
    total, cur = 0, 0
    for ch in raw:
        if ch in digits:
            cur = digits[ch]
        elif ch in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (cur or 1) * unit
            cur = 0
        else:
            return None  # a redacted count (X) stays unknown
    return total + cur


class _Found:
    """Projects of one sentence, one per span (the first reading of a span wins)."""

    def __init__(self) -> None:
        self.by_span: dict[tuple[int, int], tuple[str, tuple]] = {}
        self.member_regions: list[tuple[int, int]] = []

    def add(self, start: int, end: int, key: str | None, attrs: tuple = ()) -> None:
        if (start, end) not in self.by_span:
            self.by_span[(start, end)] = (key or "", attrs)


def extract_projects(doc: Document, sentences: list[Sentence]) -> list[Entity]:
    """Project entities of a document in order of their place in the text."""
    g = grammar()
    lex = lexicon()
    out: list[Entity] = []
    for s in sentences:
        norm = normalize(s.text)
        found = _Found()
        _groups(doc, norm, g, lex, found)
        _facilities(norm, g, lex, found)
        _named(norm, g, lex, found)
        _lists(norm, g, lex, found)
        for (a, b), (key, attrs) in _outside_groups(found):
            written = s.text[a:b]
            name = canonical(written)
            out.append(Entity(label=PROJECT, key=key or name, name=name, doc=doc.id, sentence_index=s.index,
                              start=s.start + a, end=s.start + b,
                              attrs=attrs or (("kind", _kind(name)),)))
    return out


def _outside_groups(found: "_Found") -> list:
    """Readings in span order, without the parts of a counted group that are not its members
    ("14个改造项目" inside "X等14个改造项目", but "X小学" of "X小学等6所小学…" stays)."""
    groups = [span for span, (_, attrs) in found.by_span.items() if dict(attrs).get("kind") == "group"]
    kept = []
    for (a, b), value in sorted(found.by_span.items()):
        inside = [g for g in groups if g[0] <= a and b <= g[1] and g != (a, b)]
        if inside and not any(m0 <= a and b <= m1 for m0, m1 in found.member_regions):
            continue
        if any(x <= a and b <= y and (x, y) != (a, b) and (x, y) not in groups for x, y in found.by_span):
            continue  # 城东污水处理厂 inside 城东污水处理厂扩建工程: the longer name is the project
        kept.append(((a, b), value))
    return kept


def _ok_modifier(g: NameGrammar, lex: _Lexicon, modifier: str) -> bool:
    return bool(modifier) and not lex.count_suffix.search(modifier) and g.specific(modifier)


def _facilities(norm: str, g: NameGrammar, lex: _Lexicon, found: _Found) -> None:
    for m in lex.facility.finditer(norm):
        start = g.extend_left(norm, m.start(), MAX_NAME)
        if _ok_modifier(g, lex, norm[start:m.start()]):
            found.add(start, m.end(), None)


def _named(norm: str, g: NameGrammar, lex: _Lexicon, found: _Found) -> None:
    """X项目, “x”项目, 城东污水处理厂扩建工程: a name that says which one before 项目/工程.

    A 项目 name needs a placeholder, a number or a facility in it (X项目, X科技园二期项目);
    a 工程 name needs something built (扩建, 道路, a facility) and a specific rest.
    """
    for m in lex.project.finditer(norm):
        after = norm[m.end():m.end() + 6]
        if m.start() > 0 and norm[m.start() - 1] == "”":
            start = norm.rfind("“", max(0, m.start() - MAX_NAME), m.start())
            if start >= 0 and m.group() == "项目" and "机制" not in after and "制度" not in after:
                found.add(start, m.end(), None)
            continue
        start = g.extend_left(norm, m.start(), MAX_NAME)
        modifier = norm[start:m.start()]
        if not _ok_modifier(g, lex, modifier) or g.only_placeholder(modifier):
            continue
        if m.group() == "项目":
            marked = any(ch in g.placeholders or ch.isdigit() for ch in modifier)
            if not (marked or lex.facility.search(modifier)):
                continue
        else:
            if not is_built_work(modifier):
                continue  # a programme: kg.entities.policies reads it
            rest = modifier
            for w in lex.construction:
                rest = rest.replace(w, "")
            if not g.specific(rest):
                continue
        found.add(start, m.end(), None)


def _groups(doc: Document, norm: str, g: NameGrammar, lex: _Lexicon, found: _Found) -> None:
    """Counted groups (X等10个项目, 42个省市县重点项目) and listed groups (X等新项目)."""
    for m in lex.group.finditer(norm):
        deng = m.group("deng") or m.group("deng2")
        start = m.start("num") if m.group("num") else m.start()
        if "”" in (m.group("mid") or m.group("mid2") or "") or (start > 0 and norm[start - 1] == "“"):
            continue  # a number inside a quoted slogan (“五个一批”项目): not a count
        members: list[str] = []
        if deng:
            first = _list_start(norm, m.start(), g)
            if first < m.start():
                members = [x for x in norm[first:m.start()].split("、") if x]
                start = first
            elif not m.group("num"):
                continue  # "等项目" with nothing before it
        elif (m.group("num")[0] in _CN_DIGITS and m.start() > 0 and g.is_name_char(norm[m.start() - 1])
              and not _boundary_before(norm, m.start(), g)):
            continue  # a Chinese numeral inside a longer word (第二批, 十三五), not a count
        if members and not m.group("num") and not (
                len(members) >= 2 or all(_marked(x, g, lex) for x in members)):
            continue  # "资金等因素导致项目": 等 ends a list of other things
        name = canonical(norm[start:m.end()])
        members = [canonical(x) for x in members]
        count = _count(m.group("num"))
        attrs = (("kind", "group"), ("count", count), ("count_text", m.group("num")), ("members", members))
        found.add(start, m.end(), f"{doc.id}:{name}", attrs)
        if members:
            found.member_regions.append((start, m.start()))
        for part in _spans_of(norm, start, members):
            a, b = part
            if not g.only_placeholder(norm[a:b]) and b - a >= 2 and not _sector(norm[a:b], lex):
                found.add(a, b, None)


def _marked(name: str, g: NameGrammar, lex: _Lexicon) -> bool:
    """A name that is surely a project's: a placeholder, a number or a facility head in it."""
    return any(ch in g.placeholders or ch.isdigit() for ch in name) or bool(lex.facility.search(name))


def _boundary_before(norm: str, pos: int, g: NameGrammar) -> bool:
    return g.extend_left(norm, pos, 1) == pos


def _spans_of(norm: str, start: int, members: list[str]) -> list[tuple[int, int]]:
    spans = []
    pos = start
    for x in members:
        a = norm.find(x, pos)
        if a < 0:
            break
        spans.append((a, a + len(x)))
        pos = a + len(x)
    return spans


def _list_start(norm: str, end: int, g: NameGrammar) -> int:
    """Start of the 、-list of names that ends at ``end`` (before 等)."""
    start = g.extend_left(norm, end, MAX_ITEM)
    while start > 1 and norm[start - 1] == "、":
        prev = g.extend_left(norm, start - 1, MAX_ITEM)
        if prev == start - 1:
            break
        start = prev
    return start


def _sector(item: str, lex: _Lexicon) -> bool:
    return any(item.endswith(x) for x in lex.sectors)


def _lists(norm: str, g: NameGrammar, lex: _Lexicon, found: _Found) -> None:
    """Items of a 、-list that names projects: "A、B、C等项目", or a list with a facility in it."""
    if "、" not in norm:
        return
    about_projects = "项目" in norm or "工程" in norm
    for clause_start, clause_end in _clauses(norm):
        pos = clause_start
        while True:
            sep = norm.find("、", pos, clause_end)
            if sep < 0:
                break
            items = _list_at(norm, sep, clause_end, g)
            pos = max(sep + 1, items[-1][1]) if items else sep + 1
            if len(items) < 2:
                continue
            tail = norm[items[-1][1]:items[-1][1] + 10]
            typed = _LIST_TYPE.match(tail)
            if typed and any(typed.group(1).endswith(x) for x in lex.other_lists):
                continue  # 等政策, 等部门: a list of something else
            named_as_projects = bool(typed) and typed.group(1).endswith(("项目", "工程"))
            has_facility = any(lex.facility_end.search(norm[a:b]) for a, b in items)
            if not (named_as_projects or (has_facility and about_projects)):
                continue
            for a, b in items:
                item = norm[a:b]
                if b - a >= 2 and g.specific(item) and not g.only_placeholder(item) and not _sector(item, lex):
                    found.add(a, b, None)


def _clauses(norm: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _CLAUSE.finditer(norm):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(norm)))
    return spans


def _list_at(norm: str, sep: int, clause_end: int, g: NameGrammar) -> list[tuple[int, int]]:
    """The items of the 、-list whose first separator is at ``sep``."""
    first = g.extend_left(norm, sep, MAX_ITEM)
    if first == sep:
        return []
    items = [(first, sep)]
    pos = sep
    while pos < clause_end and norm[pos] == "、":
        a = pos + 1
        b = a
        while b < clause_end and b - a < MAX_ITEM and g.is_name_char(norm[b]) and norm[b] != "等":
            b += 1
        if b == a:
            break
        # an item runs up to 、 等 or the clause end; a boundary word in it ends the list there
        cut = _first_boundary(norm, a, b, g)
        items.append((a, cut))
        if cut < b:
            break
        pos = b
    return [(x, y) for x, y in items if y > x]


def _first_boundary(norm: str, a: int, b: int, g: NameGrammar) -> int:
    """The end of a name read rightwards from a: the start of the first boundary word after a."""
    for i in range(a + 1, b):
        for n in range(min(g.max_boundary, b - i), 0, -1):
            if norm[i:i + n] in g.boundaries:
                return i
    return b


def clause_span(norm: str, pos: int) -> tuple[int, int]:
    """The clause (between , ; : 。) of norm that holds position pos."""
    for a, b in _clauses(norm):
        if a <= pos < b or pos == b:
            return a, b
    return 0, len(norm)
