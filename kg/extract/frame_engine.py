"""The interpreter of the sentence frames of kg/data/frames.yaml.

A sentence frame says what follows a list of actors (slot A) in its clause, as a sequence of steps
over the text; the frames are tried in the order of `sentence_order` and the first that matches gives
the assignment. A new sentence shape is a new frame (steps, grants, examples), not new Python.

Steps (strings, or one-key mappings for groups):

| step | matches |
|---|---|
| `cue NAME` | the cue NAME of cues.yaml at the position (not empty); the position moves past it |
| `look NAME` | the cue NAME at the position, without moving |
| `not NAME` | the cue NAME does not match at the position |
| `role` or `role 牵头|负责` | a role word (role_cues), optionally of these roles (split at the bar); binds `$role` |
| `role_ends NAME` | the role word just read ends in the cue NAME (配合 of 积极配合, not 支持) |
| `partner` | a list of actors (slot B) |
| `open` | the clause goes on (the task is not empty) |
| `end` | the clause ends here |
| `next` | the clause ends here; go on at the start of the next clause |
| `task` | the task starts here (it runs to the end of the sentence or the next directive) |
| `copula` | 是/为 + TASK + 的 + a role noun (copula_roles); binds `$role` and the task |
| `no_report_after` | no report of what was done (done_report: 通报了, 已) from here to the sentence end |
| `not_past` | no past-time word between the sentence start and the actors |
| `many` | slot A holds two or more actors |
| `colon` | the clause ends here on a colon (县住建局：推进……) |
| `not_partner` | no list of actors opens here (责任单位：县交通运输局 is a label, not A：TASK) |
| `@NAME` | the steps of one of the alternatives of sub-pattern NAME |
| `{opt: [steps]}` | the steps, or nothing |
| `{alt: [[steps], [steps]]}` | the first alternative that matches |
| `look_role R`, `look_role_open` | a role word (of R) here with the clause going on after it, without moving |
| `not_role` | no role word here |

A frame may require of the actors (`when`): `group` (a list closed by 等部门, or a collective),
`agent` (请/由/责成 before them), `strong_or_group` (agent, 按照职责 right after them, or a group).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from kg.data import read
from kg.extract.mentions import ActorList, actor_list_at


class State(NamedTuple):
    """Where a match stands: position, clause, and what the steps so far bound."""

    p: int  # position in the text
    c: int  # clause index
    ts: int = -1  # task start
    te: int | None = None  # task end (copula only)
    role: str | None = None  # the role word read last
    role_end: int = -1
    partner: ActorList | None = None
    ga: str | None = None  # the roles a sub-pattern's alternative gave A and B
    gb: str | None = None


@dataclass(frozen=True)
class SentenceFrame:
    name: str
    when: tuple[str, ...]
    alternatives: tuple[tuple[tuple, dict], ...]  # (steps, grants)


@lru_cache(maxsize=1)
def _data() -> dict:
    return read("frames.yaml")


@lru_cache(maxsize=1)
def sentence_frames() -> tuple[tuple[SentenceFrame, ...], dict[str, tuple]]:
    """The frames with `match` steps, in file order, and the sub-patterns they call."""
    data = _data()
    by_name = {f["name"]: f for f in data["frames"] if "match" in f}
    order = data.get("sentence_order") or list(by_name)
    if set(order) != set(by_name):
        raise ValueError(f"frames.yaml: sentence_order must name every frame with `match`: {sorted(by_name)}")
    frames = []
    for name in order:
        f = by_name[name]
        alts = tuple((_parse(m["steps"]), dict(m["grants"])) for m in f["match"])
        frames.append(SentenceFrame(name, tuple(f.get("when") or ()), alts))
    subs = {name: tuple((_parse(m["steps"]), dict(m["grants"])) for m in alts)
            for name, alts in (data.get("subpatterns") or {}).items()}
    return tuple(frames), subs


@lru_cache(maxsize=1)
def guard() -> tuple:
    """The steps every sentence frame must pass first (frames.yaml `sentence_guard`)."""
    return _parse(_data().get("sentence_guard") or [])


@lru_cache(maxsize=None)
def cue(name: str) -> re.Pattern[str]:
    """The cue ``name`` of cues.yaml, compiled."""
    from kg.lexicon import cues

    pattern = cues().get(name)
    if not isinstance(pattern, str):
        raise ValueError(f"frames.yaml names cue {name!r}, which cues.yaml does not hold as a pattern")
    return re.compile(pattern)


def _parse(steps: list) -> tuple:
    out = []
    for st in steps:
        if isinstance(st, dict):
            (kind, body), = st.items()
            if kind == "opt":
                out.append(("opt", _parse(body)))
            elif kind == "alt":
                out.append(("alt", tuple(_parse(b) for b in body)))
            else:
                raise ValueError(f"frames.yaml: unknown step group {kind!r}")
        else:
            word, _, arg = str(st).partition(" ")
            if word not in STEPS and not word.startswith("@"):
                raise ValueError(f"frames.yaml: unknown step {st!r}")
            out.append((word, arg))
    return tuple(out)


SPACED = frozenset({"cue", "look", "not", "role", "look_role", "look_role_open", "not_role", "partner"})
STEPS = frozenset({"cue", "look", "not", "role", "role_ends", "look_role", "look_role_open", "not_role", "partner",
                   "open", "end", "next", "task", "copula", "no_report_after", "not_past", "many", "colon", "not_partner"})


def _granted(grants: dict, st: State) -> tuple[str | None, str | None]:
    """The roles an alternative's grants give A and B in state st ($role: the role word read)."""
    def one(spec):
        if spec == "@":
            return None
        return st.role if spec == "$role" else spec

    if grants.get("A") == "@":
        return st.ga, st.gb
    return one(grants.get("A")), (one(grants.get("B")) if "B" in grants and st.partner is not None else None)


class Matcher:
    """Runs the frames on clause k of the sentence t[s:e], whose actors (slot A, ``al``) start at i."""

    def __init__(self, t: str, s: int, e: int, al: ActorList, i: int, clauses: list[tuple[int, int]], k: int,
                 words: set[int] | None, helpers: dict):
        self.t, self.s, self.e, self.al, self.i, self.k = t, s, e, al, i, k
        self.clauses, self.words, self.h = clauses, words, helpers
        self.cs = clauses[k][0]
        self.subs = sentence_frames()[1]

    def ce(self, st: State) -> int:
        return self.clauses[st.c][1]

    def at_end(self, st: State) -> bool:
        return self.h["clause_end"](self.t, st.p, self.ce(st))

    def run(self, steps: tuple, st: State):
        """Every state after the steps, the earliest alternatives first."""
        if not steps:
            yield st
            return
        (word, arg), rest = steps[0], steps[1:]
        for nxt in self.step(word, arg, st):
            yield from self.run(rest, nxt)

    def step(self, word: str, arg, st: State):
        t = self.t
        if word in SPACED:  # a space between words (texts copied from web pages) is no word of its own
            p = st.p
            while p < self.ce(st) and t[p] in " \t":
                p += 1
            if p != st.p:
                st = st._replace(p=p)
        if word == "opt":
            yield from self.run(arg, st)
            yield st
        elif word == "alt":
            for branch in arg:
                yield from self.run(branch, st)
        elif word in ("cue", "look", "not"):
            ce = self.ce(st)
            m = cue(arg).match(t, st.p, ce) if st.p < ce else None
            hit = bool(m and m.end() > st.p)
            if word == "not":
                if not hit:
                    yield st
            elif hit:
                yield st._replace(p=m.end()) if word == "cue" else st
        elif word == "role":
            r = self.h["role_at"](t, st.p)
            if r and (not arg or r[0] in arg.split("|")):
                yield st._replace(p=r[1], role=r[0], role_end=r[1])
        elif word == "role_ends":
            if st.role_end >= 2 and cue(arg).match(t, st.role_end - 2):
                yield st
        elif word in ("look_role", "look_role_open", "not_role"):
            r = self.h["role_at"](t, st.p)
            if word == "not_role":
                if r is None:
                    yield st
            elif r and (not arg or r[0] in arg.split("|")) and not self.h["clause_end"](t, r[1], self.ce(st)):
                yield st
        elif word == "partner":
            b = actor_list_at(t, st.p, self.ce(st), words=self.words)
            if b is not None:
                yield st._replace(p=b.end, partner=b)
        elif word == "open":
            if not self.at_end(st):
                yield st
        elif word == "end":
            if self.at_end(st):
                yield st
        elif word == "not_partner":  # the clause does not open with actors of its own
            if actor_list_at(t, st.p, self.ce(st), words=self.words) is None:
                yield st
        elif word == "colon":  # the clause closes on a colon (县住建局：推进……)
            ce = self.ce(st)
            if self.at_end(st) and ce < len(t) and t[ce] in ":：":
                yield st
        elif word == "next":
            if self.at_end(st) and st.c + 1 < len(self.clauses):
                yield st._replace(c=st.c + 1, p=self.clauses[st.c + 1][0])
        elif word == "task":
            yield st._replace(ts=st.p)
        elif word == "copula":
            cop = self.h["copula"](t, st.p, self.ce(st))
            if cop is not None:
                yield st._replace(role=cop[0], ts=cop[1], te=cop[2])
        elif word == "no_report_after":
            if not cue("done_report").search(t, st.p, self.e):
                yield st
        elif word == "not_past":
            if not cue("past_time").search(t, self.s, self.i):
                yield st
        elif word == "many":
            if len(self.al.elements) >= 2:
                yield st
        elif word.startswith("@"):
            for steps, grants in self.subs[word[1:]]:
                for out in self.run(steps, st):
                    ga, gb = _granted(grants, out)
                    yield out._replace(ga=ga, gb=gb)
        else:
            raise ValueError(f"frames.yaml: unknown step {word!r}")

    def when(self, cond: str) -> bool:
        agent = self.i > self.cs and bool(cue("directive_lead").search(self.t, self.cs, self.i))
        if cond == "agent":
            return agent
        if cond == "group":
            return bool(self.al.tail or any(el.kind == "collective" for el in self.al.elements))
        if cond == "strong":
            return agent or bool(cue("strong_adverb").match(self.t, self.al.end))
        if cond == "strong_or_group":
            return self.when("strong") or self.when("group")
        raise ValueError(f"frames.yaml: unknown condition {cond!r}")

    def first(self):
        """(frame name, end state, role of A, role of B) of the first frame that matches, or None."""
        start = State(p=self.al.end, c=self.k)
        if next(self.run(guard(), start), None) is None:
            return None
        for f in sentence_frames()[0]:
            if not all(self.when(w) for w in f.when):
                continue
            for steps, grants in f.alternatives:
                for out in self.run(steps, start):
                    if out.ts >= 0:
                        ga, gb = _granted(grants, out)
                        return f.name, out, ga, gb
        return None

    def sub(self, name: str, p: int):
        """The first alternative of sub-pattern ``name`` that matches at p: (end state, role of A, role of B)."""
        for steps, grants in self.subs[name]:
            for out in self.run(steps, State(p=p, c=self.k)):
                if out.ts >= 0:
                    ga, gb = _granted(grants, out)
                    return out, ga, gb
        return None
