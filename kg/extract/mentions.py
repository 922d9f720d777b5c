"""Actors: finding the bodies, collectives and persons named at a position.

An actor list is what stands in subject (or 由/请/会同) position of a clause:
one or more elements joined by 、/和/及/与, optionally closed by 等部门. An
element is, in this order of preference: a collective or person phrase, a
lexicon body with an optional level (区发改局, 省财政厅, 四川省发改委), a lexicon
abbreviation (发改), a body found from its shape (a modifier plus 局/委/办 …),
or a bare stem inside a list (服务业、文体等部门). Who each element is, and the
name it is shown by, is decided per document by kg.extract.naming.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.lexicon import Body, Lexicon, cues, load
from kg.schema import ASSIST, ROLE_TYPES

_CJK = re.compile(r"[\u4e00-\u9fffXxＸｘ]")
_STEM = re.compile(r"[\u4e00-\u9fffXx]{2,6}?(?=、|和|及|与|等|/|部门|单位)")


@dataclass(frozen=True)
class Element:
    """One actor in a list, before per-document resolution."""

    start: int
    end: int
    kind: str  # department | collective | person
    how: str  # form | abbr | shape | stem | collective | person
    level: str = ""
    body: Body | None = None
    role: str | None = None  # a role written right after it: 省发展改革委（牵头）
    form_end: int = 0  # where its lexicon form ends
    unit_end: int = 0  # where a branch or unit written after the form ends (市公安局|刑侦支队), else 0

    @property
    def weak(self) -> bool:
        return self.how == "stem"

    def shifted(self, offset: int) -> "Element":
        """The same element with its offsets moved (from a sentence's text into the document's)."""
        return replace(self, start=self.start + offset, end=self.end + offset,
                       form_end=self.form_end + offset if self.form_end else 0,
                       unit_end=self.unit_end + offset if self.unit_end else 0)


@dataclass(frozen=True)
class ActorList:
    elements: tuple[Element, ...]
    start: int
    end: int
    tail: bool


@lru_cache(maxsize=1)
def _grammar() -> dict[str, re.Pattern[str] | object]:
    c = cues()
    suffixes = c["shape_suffixes"]
    return {
        "sep": re.compile(c["list_separator"]),
        "marker": re.compile(c["role_marker"]),
        "emph": re.compile(c["list_emphasis"]),
        "tail": re.compile(c["list_tail"]),
        "dept_suffix": tuple(sorted(suffixes["department"], key=len, reverse=True)),
        "coll_suffix": tuple(sorted(suffixes["collective"], key=len, reverse=True)),
        # (kind, suffix) by the suffix's first character, departments first and longest first
        "suffix_by_first": _by_first(suffixes),
        "stop": frozenset(c["shape_stop"]),
        # 都 of 成都市, 都江堰市 is a place's own character, not the adverb
        "place_stop": frozenset(c["shape_stop"]) - frozenset(c["place_characters"]),
        "modmax": int(c["shape_modifier_max"]),
        "bad_start": re.compile(c["shape_bad_start"]),
        "not_end": tuple(c["shape_not_end"]),
        "self": frozenset(c["self_bodies"]),
        "parents": frozenset(c["parent_bodies"]),
        "people": tuple(c["not_actor_suffixes"]),
        "levels": tuple(c["level_words"]),
        "levels_by_first": _group_first(c["level_words"]),
        "place_ends": frozenset(c["place_ends"]),
        "not_place_start": frozenset(c["not_place_start"]),
        "sub_unit": re.compile(r"[\u4e00-\u9fffXx0-9]{0,6}?(?:" + "|".join(c["sub_unit_suffixes"]) + ")"),
        "sub_unit_not": re.compile(c["sub_unit_not"]),
                "not_in_place": re.compile(c["not_in_place"]),
        "level_government": re.compile(c["level_government"]),
        "marker_roles": tuple((role, (re.compile(c["role_cues"][role]), re.compile(c["field_labels"][role])))
                              for role in ROLE_TYPES),
        "predicate": re.compile(c["predicate_openers"]),
        "alt_unit": re.compile(r"\((?:单位|部门|机构|单位、部门|部门、单位)\)"),
        "person_heads": re.compile(c["person_heads"]),
        "level_list": re.compile(c["level_list"]),
        "level_list_government": re.compile(c["level_list_government"]),
        "unit_ends": frozenset(c["unit_ends"]),
        "boundary": re.compile(
            "(?:[，,。；;：:、)）\\s]|和|及|与|等|也|都|要(?![素求点害闻件])|应|须|必须|务必|将|会同|联合|协调|按照职责|按职责|分别|共同|"
            + "|".join(c["role_cues"].values()) + "|" + c["joins"] + "|$)"
        ),
    }


def _by_first(suffixes: dict[str, list[str]]) -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for kind in ("department", "collective"):
        for suf in sorted(suffixes[kind], key=len, reverse=True):
            out.setdefault(suf[0], []).append((kind, suf))
    return {ch: tuple(v) for ch, v in out.items()}


def _group_first(words: list[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(w[0], []).append(w)
    return {ch: tuple(v) for ch, v in out.items()}


def level_prefix_ends(text: str, i: int, end: int, words: set[int] | None = None) -> list[int]:
    """Possible ends of an administrative-level prefix at i (区, 省, 四川省, XX市 …), longest first.

    A named place holds no function character (会议听取了区 is no place) and, where the segmenter's
    word boundaries are known, ends on one (月底前报|区政府 is no place)."""
    if i >= end:
        return []
    g = _grammar()
    ends: list[int] = [i + len(w) for w in g["levels_by_first"].get(text[i], ()) if text.startswith(w, i)]
    # A named place: up to 6 characters ending in a level word (四川省, XX市, 朝阳区).
    if text[i] in g["not_place_start"] or g["predicate"].match(text, i):
        return sorted(set(ends), reverse=True)  # 成立市……指挥部 is a verb and a body, not 成立市
    for n in range(2, min(8, end - i) + 1):
        if text[i + n - 2] in g["place_stop"]:
            break
        if text[i + n - 1] in g["place_ends"] and all(_CJK.match(ch) for ch in text[i:i + n]):
            if g["not_in_place"].search(text, i, i + n):
                break  # a place never crosses a body or a cue: 区住建局会同区 is no place
            if words is None or (i + n) in words or _merged_level(text, i, i + n, words):
                ends.append(i + n)
    return sorted(set(ends), reverse=True)


def _merged_level(text: str, i: int, k: int, words: set[int]) -> bool:
    """Whether a place name text[i:k] whose level character opens the next word still ends at k: its
    name is one word of two or more characters and the word after it is that character + a government."""
    return k - 1 - i >= 2 and i in words and (k - 1) in words \
        and not any(j in words for j in range(i + 1, k - 1)) and bool(_grammar()["level_government"].match(text, k))


def _shape_body(text: str, i: int, end: int, g: dict, words: set[int] | None) -> tuple[int, str] | None:
    """A body named by its shape at i: modifier + suffix, ended at a word boundary (and, when word
    boundaries from the segmenter are given, beginning and ending on them)."""
    stop = g["stop"]
    if g["bad_start"].match(text, i) or (words is not None and i not in words):
        return None
    limit = min(end, i + g["modmax"] + 5)
    by_first = g["suffix_by_first"]
    for j in range(i + 1, limit + 1):
        ch = text[j - 1]
        if ch in stop or not _CJK.match(ch):
            return None
        for kind, suf in by_first.get(ch, ()):
            k = j + len(suf) - 1
            if k - i < len(suf) + 1 or not text.startswith(suf, j - 1) or (words is not None and k not in words):
                continue
            strong = len(suf) >= 3 and words is not None  # 指挥部, 领导小组, 委员会 end no ordinary word
            if not (strong or g["boundary"].match(text, k) or g["predicate"].match(text, k)) \
                    or text[i:k].endswith(g["not_end"]):
                continue
            if kind == "department" and suf in ("处", "所", "站", "队", "院", "馆", "室", "科", "股") and k - i < 3:
                continue
            return k, kind
    return None


def element_at(text: str, i: int, end: int, in_list: bool, lex: Lexicon | None = None,
               words: set[int] | None = None) -> Element | None:
    """The actor element starting at i of the normalised text, or None.

    ``words`` are the offsets where the segmenter put word boundaries (None: no constraint).
    """
    if i >= end:
        return None
    lex = lex or load()
    g = _grammar()
    # Collectives and persons: listed phrases and productive patterns.
    e = lex.phrase_at(text, i, end, lex.collectives, lex.collective_re)
    if e is not None and text[i:e] not in lex.not_actors and not text[i:e].endswith(g["people"]):
        # A department named through its government: 市人民政府住房和城乡建设主管部门.
        if text[i:e].endswith(tuple(g["parents"])):
            cont = _continuation(text, e, end, lex, words)
            if cont is not None:
                return Element(i, cont, "department", "shape")
        # 各区 + 人民政府, 各县(市、区) + 发展改革部门: a collective of bodies of one kind.
        body = None if g["predicate"].match(text, e) else (
            lex.body_form_at(text, e, end) or _shape_body(text, e, end, g, words))
        if body is not None:
            e = body[0]
        return Element(i, e, "collective", "collective")
    e = lex.phrase_at(text, i, end, lex.persons, lex.person_re)
    if e is not None and text[i:e] not in lex.not_actors:
        named = lex.person_name.match(text, e, end) if lex.person_name is not None else None
        return Element(i, named.end() if named else e, "person", "person")
    prefixes = level_prefix_ends(text, i, end, words)
    for pe in prefixes:  # 所在地 + 乡镇人民政府: a collective at a level
        e = lex.phrase_at(text, pe, end, lex.collectives, lex.collective_re)
        if e is not None and text[pe:e] not in lex.not_actors and not text[pe:e].endswith(g["people"]):
            return Element(i, e, "collective", "collective", text[i:pe])
    # A lexicon body, with or without a level prefix: the longest reading wins, no level on a tie.
    best = None
    for pe in [i] + prefixes:
        hit = lex.body_form_at(text, pe, end)
        if hit and (best is None or hit[0] > best[0]):
            best = (hit[0], pe, hit[1])
    if best:
        k, pe, body = best
        # A branch of the body: 市生态环境局高新分局, 公安局XX派出所, 税务局第一分局.
        sub = g["sub_unit"].match(text, k, end)
        if sub and (g["not_in_place"].search(text, k, sub.end() - 2) or g["sub_unit_not"].search(text, k, sub.end())):
            sub = None  # a branch's own name crosses no cue, body or predicate: 城管局会同区市场监管局 is two bodies
        if sub and (g["boundary"].match(text, sub.end()) or g["predicate"].match(text, sub.end())):
            k = sub.end()
        elif not (g["boundary"].match(text, k) or g["predicate"].match(text, k)):
            # A unit of the body named by its shape: 中央军委 + 政治工作部, 市公安局 + 刑警支队; or by a form
            # of the lexicon with no level of its own: 县纪委监委 + 派驻纪检监察组.
            more = _shape_body(text, k, end, g, None)
            if more and more[1] == "department" and text[more[0] - 1] in g["unit_ends"]:
                k = more[0]
            elif (unit := lex.body_form_at(text, k, end)) is not None and text[unit[0] - 1] in g["unit_ends"]:
                k = unit[0]
        # A department of a government named through it: 市人民政府住房和城乡建设主管部门.
        if text[pe:k] in g["parents"]:
            cont = _continuation(text, k, end, lex, words)
            if cont is not None:
                return Element(i, cont, "department", "shape", text[i:pe])
        return Element(i, k, "department", "form", text[i:pe], body, form_end=best[0],
                       unit_end=k if k > best[0] else 0)
    shaped = None
    for pe in [i] + prefixes:  # 县级以上 + 气象主管机构: the level is not part of the shape
        shaped = _shape_body(text, pe, end, g, words)
        if shaped:
            break
    for pe in [i] + prefixes:
        hit = lex.abbr_at(text, pe, end)
        while hit and in_list and not g["boundary"].match(text, hit[0]):
            more = lex.abbr_at(text, hit[0], end)  # 规划 + 自然资源: a merged sector named by two stems
            if more is None:
                break
            hit = (more[0], hit[1])
        if hit and (in_list or g["sep"].match(text, hit[0]) or g["tail"].match(text, hit[0])):
            if shaped and shaped[0] > hit[0] and shaped[1] == "department":
                break  # the name runs on past the stem: 住房城乡建设 of 市住房城乡建设管理委 is read whole
            return Element(i, hit[0], "department", "abbr", text[i:pe], hit[1], form_end=hit[0])
    if shaped:
        k, kind = shaped
        if text[i:k] not in lex.not_actors:
            return Element(i, k, kind, "shape")
    m = _STEM.match(text, i, end)
    if m and (in_list or g["sep"].match(text, m.end())) and (words is None or (i in words and m.end() in words)):
        return Element(i, m.end(), "department", "stem")
    if in_list:  # 配合单位：市财政局、越秀区: a named district or town in a list of bodies is its government
        for pe in prefixes:
            if pe - i >= 2 and text[i:pe] not in g["levels"] and g["boundary"].match(text, pe, end):
                return Element(i, pe, "department", "shape")
    return None


def _titles_of(text: str, prev: Element, el: Element, end: int, lex: Lexicon) -> bool:
    """Whether ``prev`` is a bare title (县委常委) that, joined by 、, is one more title of the named person
    ``el`` (常务副县长张某): 县委常委、常务副县长张某 is one person."""
    if prev.kind != "person" or el.kind != "person" or text[prev.end:el.start] != "、":
        return False
    return lex.phrase_at(text, prev.start, end, lex.persons, lex.person_re) == prev.end \
        and (lex.phrase_at(text, el.start, end, lex.persons, lex.person_re) or el.end) < el.end


def _continuation(text: str, k: int, end: int, lex: Lexicon, words: set[int] | None) -> int | None:
    """End of a department named after its government (…住房和城乡建设主管部门, …交通管理部门), or None."""
    g = _grammar()
    if g["predicate"].match(text, k) or g["sep"].match(text, k):
        return None  # 市政府 + 成立……指挥部 is a body and its verb; 区人民政府 + 及其有关部门, two actors
    el = element_at(text, k, end, True, lex, words)
    if el is None or el.kind != "department":
        return None
    tail = g["tail"].match(text, el.end)
    if tail and tail.end() > el.end and "等" not in tail.group():
        return tail.end()
    if el.how in ("form", "shape"):
        return el.end
    return None


def actor_list_at(text: str, i: int, end: int, lex: Lexicon | None = None,
                  words: set[int] | None = None) -> ActorList | None:
    """A coordinated list of actors starting exactly at i (发改、工信、科技等部门), or None."""
    g = _grammar()
    levels = g["level_list"].match(text, i, end)
    if levels:
        gov = g["level_list_government"].match(text, levels.end(), end)
        if gov:  # 各省、自治区、直辖市人民政府: the governments of those levels, one collective
            el = Element(i, gov.end(), "collective", "collective")
            sep = g["sep"].match(text, gov.end(), end)
            more = actor_list_at(text, sep.end(), end, lex, words) if sep and sep.end() < end else None
            if more is not None:  # 市、区人民政府及其有关部门: the list goes on
                return ActorList((el, *more.elements), i, more.end, more.tail)
            return ActorList((el,), i, gov.end(), False)
        rest = actor_list_at(text, levels.end(), end, lex, words)  # 省、自治区、直辖市 + 发展改革、粮食部门
        if rest is not None and len(rest.elements) == 1 and rest.elements[0].kind != "person":
            # 省辖市、县（市）气象主管机构: that body at each of the levels, one collective as written
            el = Element(i, rest.elements[0].end, "collective", "collective")
            return ActorList((el,), i, rest.end, rest.tail)
        if rest is not None:
            return ActorList(rest.elements, i, rest.end, rest.tail)
    elements: list[Element] = []
    pos = i
    closed = False  # a group closed by 等部门 before the list went on (A、B等部门和C)
    while pos < end:
        el = element_at(text, pos, end, bool(elements), lex, words)
        if el is None:
            break
        alt = g["alt_unit"].match(text, el.end)  # 国务院有关部门（单位）: the bracket names the same actors
        if alt:
            el = replace(el, end=alt.end())
        head = g["person_heads"].match(text, el.end) if el.kind != "person" else None
        if head:  # 各成员单位主要负责人: the head of the body, a person; after a list, the heads of all of
            # its bodies, one person actor as written (各牵头单位和实施单位主要领导)
            first = elements[0].start if elements else el.start
            elements.clear()
            lx = lex or load()
            named = lx.person_name.match(text, head.end(), end) if lx.person_name is not None else None
            el = Element(first, named.end() if named else head.end(), "person", "person")  # 县商务局局长李某
        elif el.kind == "department" and el.end < end:
            lx = lex or load()  # 县商务局李局长: the body's head by name (a named person, not 局长办公会)
            who = element_at(text, el.end, end, False, lex, words) \
                if lx.person_re is not None and lx.person_re.match(text, el.end, end) else None
            if who is not None and who.kind == "person":
                el = Element(el.start, who.end, "person", "person")
        marker = g["marker"].match(text, el.end)
        if marker:
            el = replace(el, role=_marker_role(marker.group()))
            pos = marker.end()
        else:
            pos = el.end
        if elements and _titles_of(text, elements[-1], el, end, lex or load()):
            elements[-1] = Element(elements[-1].start, el.end, "person", "person", role=el.role)
        else:
            elements.append(el)
        sep = g["sep"].match(text, pos) or g["emph"].match(text, pos)
        if sep and sep.end() < end:
            nxt = element_at(text, sep.end(), end, True, lex, words)
            if nxt is not None and sep.group() == "和" and nxt.how in ("form", "shape") and not nxt.level \
                    and (el.how == "abbr" or (el.how == "stem" and not text.endswith(_GENERIC, nxt.start, nxt.end))):
                # 科技 + 和 + 信息化局: one body named X和Y局 (市科技和信息化局), not two; so is a stem's
                # (粮食 + 和 + 物资储备中心), but not one before a generic body (有关机场和飞行管制部门 are two)
                elements[-1] = Element(el.start, nxt.end, "department", "shape", el.level)
                pos = nxt.end
                sep = g["sep"].match(text, pos)
                if not (sep and sep.end() < end and element_at(text, sep.end(), end, True, lex, words)):
                    break
                pos = sep.end()
                continue
            if nxt is not None:
                pos = sep.end()
                continue
        # A closed list joined to one more group: A、B等和各省级人民政府, A、B等部门和各区政府.
        tail = g["tail"].match(text, pos)
        sep = g["sep"].match(text, tail.end()) if tail and tail.end() > pos else None
        if sep and sep.end() < end and element_at(text, sep.end(), end, True, lex, words) is not None:
            closed = closed or any(w in tail.group() for w in ("部门", "单位", "机构"))
            pos = sep.end()
            continue
        break
    if not elements:
        return None
    tail = g["tail"].match(text, pos)
    has_tail = bool(tail and tail.end() > pos)
    org_tail = (has_tail and any(w in tail.group() for w in ("部门", "单位", "机构"))) or closed
    if has_tail and not org_tail and not g["boundary"].match(text, tail.end()):
        has_tail = False  # 等 that runs on into a noun (等要素) closes no list of actors
    if has_tail:
        pos = tail.end()
        if len(elements) == 1 and org_tail and "等" not in tail.group() and elements[0].kind == "department":
            # 县农业农村 + 主管部门 names one body: the tail is part of its name as written
            elements[0] = replace(elements[0], end=pos, how="shape" if elements[0].how == "stem" else elements[0].how)
    while pos < end and text[pos] in " \t":  # 区财政局 负责: a space before the predicate is no word
        pos += 1
    strong = [e for e in elements if not e.weak]
    if any(e.weak for e in elements) and not org_tail:
        return None
    if not strong and len(elements) < 2:
        return None
    return ActorList(tuple(elements), i, pos, org_tail)


def is_speech(text: str) -> bool:
    """A speech (讲话, 同志们) rather than a regulation, letter or task list."""
    head = text[:400]
    return "同志们" in text[:3000] or bool(re.search(r"讲话|发言|致辞|讲话提纲", head))


# Generic words a body's name can end in (飞行管制部门): a stem before 和 does not join them into one name.
_GENERIC = ("部门", "单位", "机构", "机关")


def _marker_role(marker: str) -> str:
    """The role a marker after a body names (（牵头）, （责任单位）, （配合）), by the cue words of cues.yaml."""
    for role, pats in _grammar()["marker_roles"]:
        if any(p.search(marker) for p in pats):
            return role
    return ASSIST


def jurisdiction(text: str) -> str:
    """The level of government a document speaks for, from 全区/我区/本县 … counts ('' if unclear)."""
    counts = Counter(m.group(1) for m in re.finditer(r"[全我本]([省市区县镇乡])", text))
    if not counts:
        return ""
    level, n = counts.most_common(1)[0]
    return level if n >= 2 else ""


class Resolver:
    """Tells the speaker's own leadership from the actors its speech gives tasks to (naming: kg.extract.naming)."""

    def __init__(self, norm_text: str, local_level: str, speech: bool = True):
        self.local = local_level
        self.speech = speech
        self.text = norm_text

    def _plain(self, e: Element) -> str:
        raw = self.text[e.start:e.end]
        return raw[len(e.level):] if e.level else raw

    def _level(self, e: Element) -> str:
        lv = e.level
        if not lv or lv == self.local or (lv in ("区", "县", "市") and not self.local):
            return ""
        return lv

    def is_self(self, e: Element) -> bool:
        """The speaker's own leadership (区委, 区政府 of a district's speech): not given tasks by its own speech.

        In a regulation or a letter (not a speech), 市人民政府应当…… is a real assignment; so is a letter's 我局将……
        (its signer's commitment), while a speech's 我局 is the speaker."""
        if self.speech and e.kind == "collective" and re.match(cues()["first_person"], self._plain(e)):
            return True
        if not self.speech or self._level(e):
            return False
        parts = [p for p in re.split(r"[、和及与]", self._plain(e)) if p]
        return bool(parts) and all(self._strip_local(p) in _grammar()["self"] for p in parts)

    def _strip_local(self, name: str) -> str:
        for w in (self.local, "区", "县", "市", "镇", "乡"):
            if w and name.startswith(w):
                return name[len(w):]
        return name
