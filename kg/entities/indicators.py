"""Indicators (指标) and the values the text states of them.

An indicator is found by its name or an alias from kg/data/indicators.yaml
(地区生产总值 = 生产总值 = GDP); the longest written form wins. What follows the
name up to the next indicator is read for values: a growth ("增长6.5%左右",
"同比下降X") or an amount ("完成3.6亿元"). Each value becomes one Measure with
its kind (target or actual), period, year, unit and qualifier. A redacted value
(X%) keeps number None: unknown, never zero.

Context carries over within a paragraph: in "预期目标是：…" followed by a
sentence of bare values, the second sentence's values are targets of the same
year too; a year stated earlier in the paragraph ("2019年，…") dates the
values after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.entities.names import load_data
from kg.extract.structure import normalize
from kg.model import Document, Entity, Sentence

INDICATOR = "Indicator"
MEASURE = "Measure"

_NUM = r"(?:\d+(?:\.\d+)?(?:[-~～—至]\d+(?:\.\d+)?)?|[Xx]{1,4}(?:\.[Xx]+)?)"
_DIRECTIONS = "增长|下降|提高|增加|减少|回落|上升|下滑|提升|降低|回升"
_GROWTH = re.compile(
    rf"(?P<base>同比|比上年|较上年|比去年|较去年|环比|比年初)?(?:分别)?(?P<dir>{_DIRECTIONS})"
    rf"(?P<pre>不低于|不少于|不高于|超过|高于|达到|达)?(?P<num>{_NUM})"
    r"(?P<unit>%|个百分点|倍|成)?(?P<post>左右|以上|以内|以下)?")
_AMOUNT_UNITS = "万亿元|亿元|万元|亿美元|万美元|美元|亿千瓦时|万千瓦时|万人|元|%"
_AMOUNT = re.compile(
    rf"(?P<verb>累计完成|预计完成|完成|实现|达到|达|突破|为)?(?P<pre>不低于|不少于|超过|高于)?"
    rf"(?P<num>{_NUM})(?P<unit>{_AMOUNT_UNITS})(?P<post>左右|以上|以内|以下)?")
# Another value in a list after 分别: "、XX%".
_NEXT_VALUE = re.compile(rf"\s*[、,]\s*(?P<num>{_NUM})(?P<unit>%|个百分点|倍)?")
# A part after a comma continues the values of the indicator before it when it opens with a growth.
_CONTINUES = re.compile(
    r"\s*(?:第?[一二三四1-4]季度|上半年|下半年|全年|(?:\d{1,2}|[Xx])(?:[-~～—至](?:\d{1,2}|[Xx]))?月份?)?"
    rf"\s*(?:同比|比上年|较上年|比去年|较去年|环比|增速|增幅)?\s*(?:{_DIRECTIONS})")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_PERIOD = re.compile(
    r"(?:第?[一二三四1-4]季度|首季|前三季度|上半年|下半年|全年|(?:\d{1,2}|[Xx])(?:[-~～—至](?:\d{1,2}|[Xx]))?月份?)")
_TARGET_CUES = ("目标", "预期", "力争", "确保", "争取", "计划增长", "计划完成")
_ACTUAL_CUES = ("完成", "同比", "比上年", "较上年", "初步统计", "预计", "累计", "排名", "居全", "超出", "超额")
_LIST_JOINERS = frozenset("、和及与,")


@dataclass(frozen=True)
class _Lexicon:
    pattern: re.Pattern[str]
    by_alias: dict[str, str]
    info: dict[str, dict]


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The indicator lexicon: one alternation of every written form, longest first."""
    data = load_data("indicators.yaml")
    by_alias: dict[str, str] = {}
    info: dict[str, dict] = {}
    for item in data.get("indicators") or ():
        key = str(item["key"])
        info[key] = {"unit": item.get("unit"), "category": item.get("category"),
                     "aliases": [str(a) for a in item.get("aliases") or ()]}
        for form in [key, *info[key]["aliases"]]:
            by_alias.setdefault(normalize(form), key)
    forms = sorted(by_alias, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(f) for f in forms))
    return _Lexicon(pattern, by_alias, info)


def _number(raw: str) -> float | None:
    try:
        return float(raw)
    except ValueError:
        return None  # a redacted value (X) or a range stays unknown


@dataclass
class _Context:
    """What earlier sentences of the paragraph said: kind, year and period of their values."""

    paragraph: int = -1
    kind: str | None = None
    year: int | None = None
    period: str | None = None
    estimated: bool = False


def extract_indicators(doc: Document, sentences: list[Sentence], doc_year: int | None = None) -> list[Entity]:
    """Indicator mentions and one Measure per stated value, in document order."""
    lex = lexicon()
    out: list[Entity] = []
    ctx = _Context()
    for s in sentences:
        if s.paragraph != ctx.paragraph:
            ctx = _Context(paragraph=s.paragraph)
        norm = normalize(s.text)
        mentions = [(m.start(), m.end(), lex.by_alias[m.group()]) for m in lex.pattern.finditer(norm)]
        if not mentions:
            ctx.year = _last_year(norm, len(norm)) or ctx.year
            continue
        measures: list[Entity] = []
        target_here = _cue_before(norm, len(norm), _TARGET_CUES)
        for i, (ms, me, key) in enumerate(mentions):
            out.append(Entity(label=INDICATOR, key=key, name=key, doc=doc.id, sentence_index=s.index,
                              start=s.start + ms, end=s.start + me,
                              attrs=(("unit", lex.info[key]["unit"]), ("category", lex.info[key]["category"]))))
            scope_end = mentions[i + 1][0] if i + 1 < len(mentions) else len(norm)
            for vs, ve, fields, member in _values(norm, me, scope_end, mentions, i):
                measures.append(_measure(doc, s, norm, mentions[member][2], vs, ve, fields, ctx,
                                         doc_year, target_here))
        if measures:
            first = dict(measures[0].attrs)
            ctx.kind, ctx.period, ctx.estimated = first["kind"], first["period"], bool(first["estimated"])
        ctx.year = _last_year(norm, len(norm)) or ctx.year
        out.extend(measures)
    return out


def _values(norm: str, start: int, end: int, mentions, i: int):
    """(start, end, fields) of each value stated of mention i within norm[start:end]."""
    scope = norm[start:end]
    # "A、B、C分别同比增长X%、Y%、Z%": the values of a list go to its members in order.
    if scope.lstrip().startswith("分别"):
        yield from _distributed(norm, start, end, mentions, i)
        return
    if _in_list_before_distribution(norm, mentions, i):
        return
    pos = start
    for k, part in enumerate(re.split(r"([,;:。])", scope)):
        if part in {",", ";", ":", "。"}:
            if part != ",":
                break
            pos += 1
            continue
        if k > 0 and not _CONTINUES.match(part):
            break
        found = False
        for m in _iter_values(part):
            found = True
            yield pos + m.start(), pos + m.end(), m.groupdict(), i
        if k == 0 and not found and part.strip():
            # the first part names something else ("增幅在全市排名不靠前"): no value stated
            break
        pos += len(part)


def _iter_values(part: str):
    """Growth and amount matches of one clause, left to right, never overlapping."""
    taken: list[re.Match[str]] = []
    for m in _GROWTH.finditer(part):
        taken.append(m)
    for m in _AMOUNT.finditer(part):
        if all(m.end() <= t.start() or m.start() >= t.end() for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start())


def _list_members(norm: str, mentions, last: int) -> list[int]:
    """Indexes of the mentions that form a list ending at mention ``last`` (joined by 、 和 及)."""
    members = [last]
    j = last
    while j > 0:
        between = norm[mentions[j - 1][1]:mentions[j][0]]
        if between and len(between) <= 2 and all(ch in _LIST_JOINERS for ch in between):
            members.insert(0, j - 1)
            j -= 1
        else:
            break
    return members


def _in_list_before_distribution(norm: str, mentions, i: int) -> bool:
    j = i
    while j + 1 < len(mentions):
        between = norm[mentions[j][1]:mentions[j + 1][0]]
        if not (between and len(between) <= 2 and all(ch in _LIST_JOINERS for ch in between)):
            return False
        j += 1
        after = norm[mentions[j][1]:mentions[j][1] + 3]
        if after.lstrip().startswith("分别"):
            return True
    return False


def _distributed(norm: str, start: int, end: int, mentions, i: int):
    """The values after 分别, one per member of the list that ends at mention i, in order."""
    members = _list_members(norm, mentions, i)
    first = _GROWTH.search(norm, start, end) or _AMOUNT.search(norm, start, end)
    if not first:
        return
    values = [(first.start(), first.end(), first.groupdict())]
    pos = first.end()
    while len(values) < len(members):
        m = _NEXT_VALUE.match(norm, pos, end)
        if not m:
            break
        fields = dict(first.groupdict())
        fields.update(num=m.group("num"), unit=m.group("unit") or first.group("unit"), pre=None, post=None,
                      base=first.groupdict().get("base"))
        values.append((m.start("num"), m.end(), fields))
        pos = m.end()
    if len(values) != len(members):
        return
    # asked for by the last member of the list, this yields every member's value
    for member, value in zip(members, values):
        yield value[0], value[1], value[2], member


def _measure(doc: Document, s: Sentence, norm: str, key: str, vs: int, ve: int, fields: dict,
             ctx: _Context, doc_year: int | None, target_here: bool) -> Entity:
    before = norm[:vs]
    growth = "dir" in fields and fields.get("dir")
    target_at, actual_at = _last_cue(norm, vs, _TARGET_CUES), _last_cue(norm, vs, _ACTUAL_CUES)
    if target_here and target_at > actual_at:
        kind = "target"  # the nearest cue before the value decides: 预期目标是：… vs 超出年度计划的X%,…
    elif fields.get("base") or fields.get("verb") in ("完成", "累计完成", "预计完成") or actual_at >= 0:
        kind = "actual"
    else:
        kind = ctx.kind or "actual"
    periods = list(_PERIOD.finditer(before))
    period = periods[-1].group() if periods else None
    year_here = _last_year(norm, vs)
    year = year_here or ctx.year or doc_year
    if period is None and year_here is not None:
        period = f"{year_here}年"
    if period is None:
        period = ctx.period
    estimated = "预计" in before or (ctx.estimated and not year_here and kind == ctx.kind)
    unit = fields.get("unit") or None
    qualifier = "".join(x for x in (fields.get("pre"), fields.get("post")) if x) or None
    written = doc.text[s.start + vs:s.start + ve]
    attrs = (
        ("indicator", key),
        ("kind", kind),
        ("metric", "growth" if growth else "amount"),
        ("direction", fields.get("dir") or None),
        ("value", written),
        ("number", _number(fields.get("num") or "")),
        ("unit", unit),
        ("period", period),
        ("year", year),
        ("qualifier", qualifier),
        ("estimated", bool(estimated)),
    )
    return Entity(label=MEASURE, key=f"{doc.id}:{s.start + vs}-{s.start + ve}", name=f"{key} {written}",
                  doc=doc.id, sentence_index=s.index, start=s.start + vs, end=s.start + ve, attrs=attrs)


def _last_cue(norm: str, pos: int, cues: tuple[str, ...]) -> int:
    """Where the last of the cues before pos starts, or -1."""
    head = norm[:pos]
    return max((head.rfind(c) for c in cues), default=-1)


def _cue_before(norm: str, pos: int, cues: tuple[str, ...]) -> bool:
    head = norm[:pos]
    return any(c in head for c in cues)


def _last_year(norm: str, pos: int) -> int | None:
    years = _YEAR.findall(norm, 0, pos)
    return int(years[-1]) if years else None
