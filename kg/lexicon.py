"""The lexicon of government bodies, collectives and persons (kg/data/*.yaml), loaded once.

Forms are complete names that identify a body alone (发改委, 发展和改革委员会);
abbreviations are bare stems that name a body only inside a coordinated list
or before 部门 (发改、工信、财政等部门). Lookups are on half-width normalised text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.data import read
from kg.extract.structure import normalize


@dataclass(frozen=True)
class Body:
    """One government body without its administrative level (省/市/区 are parsed separately)."""

    id: str
    display: str
    category: str = "government"
    # The class of its display (organ, 中心, 大队 …): its forms of this class are aliases of one body.
    anchor: str = "organ"


@dataclass(frozen=True)
class Lexicon:
    forms: dict[str, Body]
    abbrs: dict[str, Body]
    max_form: int
    max_abbr: int
    collectives: frozenset[str]
    collective_re: re.Pattern[str] | None
    persons: frozenset[str]
    person_re: re.Pattern[str] | None
    not_actors: frozenset[str]
    # a person's name after a person's title (分管副区长 + 张强)
    person_name: re.Pattern[str] | None
    max_phrase: int
    not_followed: dict[str, str]
    # The lengths of the names that start with each character, longest first: a lookup at i tries only these.
    lengths: dict[int, dict[str, tuple[int, ...]]] = field(default_factory=dict)
    # Every form of each body (by id), shortest first.
    forms_of: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def _lengths(self, table) -> dict[str, tuple[int, ...]]:
        known = self.lengths.get(id(table))
        return known if known is not None else _lengths_by_first(table)

    def runs_on(self, text: str, k: int) -> bool:
        """Whether a name ending at k runs on into a longer word (科技部|门, 商务局|长)."""
        nxt = self.not_followed.get(text[k - 1]) if k > 0 else None
        return bool(nxt) and k < len(text) and text[k] in nxt

    def _longest(self, table: dict[str, Body], longest: int, text: str, i: int, end: int) -> tuple[int, Body] | None:
        if i >= end:
            return None
        for n in self._lengths(table).get(text[i], ()):
            if n > end - i:
                continue
            body = table.get(text[i:i + n])
            if body is not None and not self.runs_on(text, i + n):
                return i + n, body
        return None

    def body_form_at(self, text: str, i: int, end: int) -> tuple[int, Body] | None:
        """Longest lexicon form starting at i: (end, body)."""
        return self._longest(self.forms, self.max_form, text, i, end)

    def abbr_at(self, text: str, i: int, end: int) -> tuple[int, Body] | None:
        """Longest list abbreviation (发改, 工信) starting at i: (end, body)."""
        return self._longest(self.abbrs, self.max_abbr, text, i, end)

    def phrase_at(self, text: str, i: int, end: int, phrases: frozenset[str],
                  pattern: re.Pattern[str] | None) -> int | None:
        """End of the longest listed phrase or pattern match starting at i."""
        best = None
        if pattern is not None:
            m = pattern.match(text, i, end)
            if m and m.end() > i:
                best = m.end()
        if i >= end:
            return best
        for n in self._lengths(phrases).get(text[i], ()):
            if n <= end - i and text[i:i + n] in phrases:
                if best is None or i + n > best:
                    best = i + n
                break
        return best


def _compile(patterns: list[str], surnames: str = "") -> re.Pattern[str] | None:
    pats = [normalize(p.replace("{surname}", surnames)) for p in patterns or []]
    return re.compile("|".join(f"(?:{p})" for p in sorted(pats, key=len, reverse=True))) if pats else None


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The packaged lexicon (bodies.yaml, collectives.yaml)."""
    forms: dict[str, Body] = {}
    abbrs: dict[str, Body] = {}
    for entry in read("bodies.yaml") or []:
        display = normalize(str(entry["display"]))
        body = Body(id=str(entry["id"]), display=display, category=str(entry.get("category", "government")),
                    anchor=unit_class(display))
        for f in list(entry.get("forms") or []) + [entry["display"]]:
            forms.setdefault(normalize(str(f)), body)
        for a in entry.get("abbr") or []:
            abbrs.setdefault(normalize(str(a)), body)
    col = read("collectives.yaml") or {}
    collectives = frozenset(normalize(x) for x in col.get("collectives") or [])
    persons = frozenset(normalize(x) for x in col.get("persons") or [])
    surnames = str(col.get("surnames") or "")
    phrases = collectives | persons
    lex = Lexicon(
        forms=forms,
        abbrs=abbrs,
        max_form=max((len(f) for f in forms), default=2),
        max_abbr=max((len(a) for a in abbrs), default=2),
        collectives=collectives,
        collective_re=_compile(col.get("collective_patterns")),
        persons=persons,
        person_re=_compile(col.get("person_patterns"), surnames),
        not_actors=frozenset(normalize(x) for x in col.get("not_actors") or []),
        person_name=_compile([col["person_name_after_title"]], surnames) if col.get("person_name_after_title") else None,
        max_phrase=max((len(p) for p in phrases), default=2),
        not_followed={str(k): str(v) for k, v in (cues().get("name_not_followed_by") or {}).items()},
    )
    for table in (lex.forms, lex.abbrs, lex.collectives, lex.persons):
        lex.lengths[id(table)] = _lengths_by_first(table)
    by_body: dict[str, list[str]] = {}
    for f, body in forms.items():
        by_body.setdefault(body.id, []).append(f)
    lex.forms_of.update({k: tuple(sorted(v, key=lambda f: (len(f), f))) for k, v in by_body.items()})
    return lex


def _lengths_by_first(names) -> dict[str, tuple[int, ...]]:
    by_first: dict[str, set[int]] = {}
    for name in names:
        if len(name) >= 2:
            by_first.setdefault(name[0], set()).add(len(name))
    return {ch: tuple(sorted(ns, reverse=True)) for ch, ns in by_first.items()}


def unit_class(form: str) -> str:
    """The class of a body's name by its ending (cues.yaml unit_classes): 中心, 分局, 大队 …, else organ.

    Two forms of one lexicon entry name one body only when their classes agree."""
    for ending in _unit_classes():
        if form.endswith(ending):
            return ending
    return "organ"


@lru_cache(maxsize=1)
def _unit_classes() -> tuple[str, ...]:
    return tuple(sorted(cues()["unit_classes"], key=len, reverse=True))


@lru_cache(maxsize=1)
def cues() -> dict:
    """The assignment grammar (cues.yaml), patterns normalised."""
    return read("cues.yaml")


def user_dictionary() -> list[str]:
    """Every body and collective name, for the word segmenter's user dictionary."""
    lex = load()
    return sorted(set(lex.forms) | lex.collectives | lex.persons)
