"""Naming the actors of one document: who each one is, and how the document writes it.

A body is its jurisdiction plus the body (kg/data/cues.yaml, "Naming"):

- the **jurisdiction** is the level word or place written before it (区, 市, 省, 四川省, 县级以上), else
  what its own name says (国家发改委, 商务部 national; 财政厅 provincial), else the level of the
  document that speaks (its meta level); when that is unknown it stays unresolved (''), never guessed.
  A bare level word (or the document's level) is the place the document's title opens with, when it
  writes a body of that place (省发改委 of 四川省人民政府办公厅关于…… is 四川省发展和改革委员会).
  So 市发改委 and 区发改委 are two bodies, and 区商务局 and 商务局 of a district's speech are one;
- the **body** is a lexicon entry and the class of the form written (发改局 = 发展改革委, both organs;
  投资促进中心 is not 投资促进局), or the name read from its shape for bodies outside the lexicon;
- a **branch or unit** written after its parent (市公安局刑侦支队, 市生态环境局高新分局) is a body of its own,
  PART_OF the parent; so is a lexicon unit (规划分局, 刑警大队) PART_OF its entry's organ when the
  document names that organ at the same jurisdiction.

The name shown (``org``) is the fullest form the document writes for that body, with its level
word as written (or the document's own level when none is written): 区发改局, never the lexicon's
发改委 for a body written 发改局. Only when a document writes a body by a list abbreviation alone
(发改、工信等部门) does the lexicon's display name stand in.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.extract.mentions import Element, level_prefix_ends
from kg.lexicon import Body, cues, load, unit_class

# Levels a document's own bodies take as their written level word when none is written.
_IMPLIED = frozenset("省市区县镇乡旗州")


@dataclass(frozen=True)
class Name:
    """Who an actor is (``key``), what it is shown as (``org``), its level and place, and its parent."""

    key: str
    org: str
    kind: str
    level: str = ""
    place: str = ""
    parent: str = ""  # key of the body it is PART_OF ('' for none)
    parent_org: str = ""


@dataclass(frozen=True)
class _Reading:
    key: str
    kind: str
    level: str
    place: str
    prefix: str  # the level word written before it
    implied: str  # the level word the display takes when none is written
    written: str  # the name as written without its level word ('' for an abbreviation or a stem)
    fallback: str  # the name shown when the document writes nothing fuller
    strength: int = 2  # 2: a name; 1: a name with a generic tail (农业农村 + 主管部门), shown only for want of one
    parent: "_Reading | None" = None
    part_of: str = ""  # key of the organ a lexicon unit belongs to, if the document names it


@lru_cache(maxsize=1)
def _naming() -> dict:
    c = cues()
    return {
        "level_of": {str(k): str(v) for k, v in (c.get("level_of") or {}).items()},
        "national": tuple(c.get("national_openers") or ()),
        "by_ending": tuple(sorted(((str(k), str(v)) for k, v in (c.get("level_by_ending") or {}).items()),
                                  key=lambda kv: len(kv[0]), reverse=True)),
        "part": frozenset(c.get("part_classes") or ()),
        "place_ends": frozenset(c["place_ends"]),
        "levels": frozenset(c["level_words"]),
        "implied_kinds": frozenset(c.get("implied_level_categories") or ()),
        "implied_not": re.compile(c["implied_level_not"]),
        "parents": frozenset(c["parent_bodies"]),
        # the ending a level gives its bodies (厅 for 省, 部 for 国家), from level_by_ending
        "level_ending": {v: k for k, v in sorted((c.get("level_by_ending") or {}).items(), key=lambda kv: -len(kv[0]))
                         if v and len(k) == 1},
    }


def jurisdiction_of(prefix: str) -> tuple[str, str, str]:
    """(jurisdiction, level, place) a written level word or place names: 省级 → 省; 四川省 → 四川省, 省."""
    n = _naming()
    if not prefix:
        return "", "", ""
    if prefix in n["level_of"]:
        lv = n["level_of"][prefix]
        return lv, lv, ""
    if prefix in n["levels"]:
        return prefix, prefix, ""
    if prefix[-1] in n["place_ends"] and len(prefix) >= 2:
        return prefix, prefix[-1], prefix
    return prefix, prefix, ""


def _home_places(elements: list[Element], title: str) -> dict[str, str]:
    """The places a document speaks for, by level: the place its title opens with, as the issuer
    (四川省人民政府办公厅关于……), that it also writes before a body (四川省发展和改革委员会). There its bare
    level word is that place (省发改委 is 四川省's): one body, not two. None for a level where the issuer
    names another place too (河北省、山西省商务厅关于……)."""
    issuer = title.split("关于", 1)[0]
    found: dict[str, str] = {}
    for e in elements:
        if e.kind != "department" or not e.level:
            continue
        _, level, place = jurisdiction_of(e.level)
        if place and issuer.startswith(place) \
                and not re.search(f"[、和与及][\u4e00-\u9fff]{{2,6}}?{re.escape(level)}", issuer[len(place):]):
            found[level] = place
    return found


class Namer:
    """Names every actor element of one document (see the module docstring)."""

    def __init__(self, norm_text: str, doc_level: str | None, elements: list[Element],
                 written_text: str | None = None, title: str = ""):
        self.text = norm_text
        self.doc_level = doc_level or ""
        self._home = _home_places(elements, title)
        self._as_written = _as_written(norm_text, written_text, elements)
        self._offices = _subordinate_offices(norm_text)
        self._parties: tuple[Element | None, Element | None] | None = None  # read when a 你局/我局 needs them
        self._readings: dict[tuple[int, int], _Reading] = {}
        firsts = [e for e in elements if e.how != "stem"]
        for e in firsts:
            self._readings[(e.start, e.end)] = self._read(e)
        for e in elements:
            if e.how == "stem":
                self._readings[(e.start, e.end)] = self._read_stem(e, firsts)
        self._displays = self._display_names()
        self._link_units()

    # ── who an element is ───────────────────────────────────────────────────
    def _where(self, prefix: str, written: str, category: str | None) -> tuple[str, str, str, str]:
        """(jurisdiction, level, place, implied level word) of a body written ``prefix`` + ``written``."""
        n = _naming()
        if prefix:
            jur, level, place = jurisdiction_of(prefix)
            if not place and jur == level:  # 省发改委 of 四川省's document is 四川省's
                return (*self._at(level), "")
            return jur, level, place, ""
        if written.startswith(n["national"]):
            return "国家", "国家", "", ""
        if category == "government":
            for ending, level in n["by_ending"]:
                if written.endswith(ending):
                    if level:
                        return (*self._at(level), "")
                    break
        lv = self.doc_level
        implied = lv in _IMPLIED and (category is None or category in n["implied_kinds"]) \
            and not n["implied_not"].search(written)
        return (*self._at(lv), (lv if implied else ""))

    def _at(self, level: str) -> tuple[str, str, str]:
        """(jurisdiction, level, place) of a body at ``level`` with no place written: the place the
        document speaks for at that level (_home_places), if any."""
        place = self._home.get(level, "")
        return place or level, level, place

    def _read(self, e: Element) -> _Reading:
        t = self.text
        office = self._office_of(e)
        if office is not None:
            return office
        party = self._party_of(e)
        if party is not None:
            return party
        if e.kind != "department":
            raw = t[e.start:e.end]
            return _Reading(raw, e.kind, "", "", "", "", raw, raw)
        prefix = e.level
        if e.how == "shape" and not prefix:
            prefix = _shape_prefix(t, e.start, e.end)
        body_start = e.start + len(prefix)
        written = t[body_start:e.end]
        if e.body is None:  # a body read from its shape
            jur, level, place, implied = self._where(prefix, written, None)
            key = f"~{written}@{jur}"
            return _Reading(key, e.kind, level, place, prefix, implied, written, written)
        form = t[body_start:e.form_end] if e.form_end else written
        jur, level, place, implied = self._where(prefix, form, e.body.category)
        cls = unit_class(form) if e.how == "form" else e.body.anchor
        own = cls == e.body.anchor
        key = f"{e.body.id}@{jur}" if own else f"{e.body.id}:{form}@{jur}"
        fallback = _level_display(e.body, level) if own else form
        shown = form if e.how == "form" else ""
        base = _Reading(key, e.kind, level, place, prefix, implied, shown, fallback)
        if e.unit_end and e.unit_end > e.form_end:  # 市公安局 + 刑侦支队: a unit of the body
            unit = t[e.form_end:e.unit_end]
            return _Reading(f"{key}›{unit}", e.kind, level, place, prefix, implied, written, written, parent=base)
        if e.form_end and e.end > e.form_end:  # a tail written after the name: 农业农村 + 主管部门
            if form in _naming()["parents"]:  # 省级人民政府 + 有关行政主管部门: departments of the government
                return _Reading(f"{key}›{t[e.form_end:e.end]}", e.kind, level, place, prefix, implied, written,
                                written)
            return _Reading(key, e.kind, level, place, prefix, implied, written, fallback, strength=1)
        if not own and cls in _naming()["part"] and e.body.anchor == "organ":
            return _Reading(key, e.kind, level, place, prefix, implied, shown, fallback,
                            part_of=f"{e.body.id}@{jur}")
        return base

    def _office_of(self, e: Element) -> _Reading | None:
        """A bare 办公室 after X下设办公室 (the latest before it): X's office, X办公室, a part of X."""
        if e.kind != "department" or e.how != "shape" or e.level:
            return None
        bare = self.text[e.start:e.end]
        owner = next((o for at, name, o in reversed(self._offices) if at <= e.start and name == bare), None)
        if owner is None:
            return None
        r = self._read(owner)
        name = (r.written or r.fallback) + bare
        # PART_OF its owner when that is a body (a leading group, 领导小组, is a collective: no such link)
        return _Reading(f"{r.key}›{bare}", e.kind, r.level, r.place, r.prefix if r.kind == "department" else "",
                        r.implied, name, name, parent=r if r.kind == "department" else None)

    def _party_of(self, e: Element) -> _Reading | None:
        """你局 / 我局 of a letter: the body of its addressee line or of its signature, when it has one."""
        if e.kind != "collective":
            return None
        raw = self.text[e.start:e.end]
        c = cues()
        for k, pattern in enumerate((c["second_person"], c["first_person"])):
            if re.match(pattern, raw):
                if self._parties is None:
                    self._parties = _letter_parties(self.text)
                party = self._parties[k]
                return self._read(party) if party is not None else None
        return None

    def _read_stem(self, e: Element, named: list[Element]) -> _Reading:
        """A bare stem in a list (服务业、文体等部门): the document's body whose name it begins, else itself."""
        t = self.text
        stem = t[e.start + len(e.level):e.end]
        best = None
        for other in named:
            r = self._readings[(other.start, other.end)]
            if r.kind == "department" and r.written and r.written != stem and r.written.startswith(stem):
                if best is None or len(r.written) < len(best.written):
                    best = r
        if best is not None:
            return _Reading(best.key, e.kind, best.level, best.place, "", best.implied, "", best.fallback)
        jur, level, place, _ = self._where(e.level, stem, None)
        return _Reading(f"~{stem}@{jur}", e.kind, level, place, e.level, "", "", stem)

    # ── how the document writes it ───────────────────────────────────────────
    def _display_names(self) -> dict[str, str]:
        """The name shown for each key: its fullest written form, with its level word."""
        readings = list(self._readings.values())
        readings += [r.parent for r in readings if r.parent is not None]
        by_key: dict[str, list[_Reading]] = {}
        for r in readings:
            by_key.setdefault(r.key, []).append(r)
        out = {}
        for key, rs in by_key.items():
            forms = Counter((r.strength, r.written) for r in rs if r.written)
            if forms:
                name = max(forms, key=lambda f: (f[0], len(f[1]), forms[f]))[1]
            else:
                name = rs[0].fallback
            if rs[0].kind != "department":
                out[key] = name
                continue
            prefixes = Counter(r.prefix for r in rs if r.prefix)
            prefix = prefixes.most_common(1)[0][0] if prefixes else (rs[0].implied if forms or not
                                                                      key.startswith("~") else "")
            out[key] = prefix + name
        return out

    def _link_units(self) -> None:
        keys = set(self._displays)
        for span, r in self._readings.items():
            if r.part_of and r.part_of not in keys:
                self._readings[span] = replace(r, part_of="")

    def name(self, e: Element) -> Name:
        """The identity and the shown name of one element of this document."""
        r = self._readings.get((e.start, e.end)) or self._read(e)
        parent, parent_org = "", ""
        if r.parent is not None:
            parent, parent_org = r.parent.key, self._displays.get(r.parent.key, r.parent.fallback)
        elif r.part_of:
            parent, parent_org = r.part_of, self._displays[r.part_of]
        shown = self._as_written
        return Name(key=r.key, org=self._displays.get(r.key, r.fallback).translate(shown), kind=r.kind,
                    level=r.level, place=r.place, parent=parent, parent_org=parent_org.translate(shown))


def _subordinate_offices(text: str) -> list[tuple[int, str, Element]]:
    """Each X下设办公室 of the document: where its office is named, the office's word, and X."""
    from kg.extract.mentions import element_at

    def owner_at(i: int, p: int) -> Element | None:
        el = element_at(text, i, p, False)
        if el is not None and el.end == p and el.kind in ("department", "collective"):
            return el
        for pe in level_prefix_ends(text, i, p):  # 县 + 创建文明城市工作领导小组: the level is its name's
            el = element_at(text, pe, p, False)
            if el is not None and el.end == p and el.kind == "collective":
                return Element(i, p, "collective", el.how)
        return None

    out = []
    for m in re.finditer(cues()["subordinate_office"], text):
        p = m.start()
        owner = next((el for i in range(max(0, p - 30), p) if (el := owner_at(i, p)) is not None), None)
        if owner is not None:
            out.append((m.start(1), m.group(1), owner))
    return out


def _letter_parties(text: str) -> tuple[Element | None, Element | None]:
    """(addressee, signer) of a letter: the one body of a line that ends with a colon among its first lines
    (市交通运输局：), and the one body of a line among its last ones, followed by nothing but dates (its
    signature). None where the document has no such line."""
    from kg.extract.mentions import actor_list_at

    lines, at = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            lines.append((at + lead, at + len(line.rstrip())))
        at += len(line) + 1

    def one_body(s: int, e: int) -> Element | None:
        al = actor_list_at(text, s, e)
        if al is None or al.end != e or len(al.elements) != 1 or al.elements[0].kind != "department":
            return None
        return al.elements[0]

    addressee = next((b for s, e in lines[:6] if text[e - 1] in ":：" and (b := one_body(s, e - 1))), None)
    signer = None
    for s, e in reversed(lines[-4:]):
        if _DATE_LINE.fullmatch(text, s, e):
            continue
        signer = one_body(s, e)
        break
    return addressee, signer


_DATE_LINE = re.compile(r"[0-9〇零一二三四五六七八九十]{2,4}年[0-9一二三四五六七八九十]{1,2}月[0-9一二三四五六七八九十]{1,3}日"
                        r"|\(此件[^)]{0,20}\)|\(联系人[^)]{0,40}\)")


def _as_written(norm: str, written: str | None, elements: list[Element]) -> dict[int, str]:
    """How this document writes the characters the grammar reads half-width (（ for (, ： for :), as a
    str.translate table: a name is read on the normalised text and shown as the document writes it
    (各县（市、区）人民政府, not 各县(市、区)人民政府). Where a document writes both, the form it uses most
    in its actors' names wins."""
    if not written or len(written) != len(norm):
        return {}
    seen: dict[str, Counter] = {}
    for e in elements:
        for a, b in zip(norm[e.start:e.end], written[e.start:e.end]):
            if a != b:
                seen.setdefault(a, Counter())[b] += 1
    return {ord(a): c.most_common(1)[0][0] for a, c in seen.items()}


def _level_display(body: Body, level: str) -> str:
    """The name a body written only by an abbreviation is shown by at its level: the entry's 厅 form for a
    province (民政 of a province's regulation is 民政厅), its 部 form for the state, else its display."""
    ending = _naming()["level_ending"].get(level)
    if ending:
        for f in load().forms_of.get(body.id, ()):
            if f.endswith(ending) and unit_class(f) == body.anchor and not f.startswith(_naming()["national"]):
                return f
    return body.display


def _shape_prefix(text: str, start: int, end: int) -> str:
    """The level word or place a shape-read name opens with (区 of 区政务服务和数据管理局), else ''."""
    for pe in level_prefix_ends(text, start, end):
        if end - pe >= 3:
            return text[start:pe]
    return ""
