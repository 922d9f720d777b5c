"""Readings tried on a sentence the sentence frames gave nothing, where the document around it says how
to read it (kg.extract.assembly applies them): the bare A + verb of a decided item in minutes, and a
；-part of duties whose subject is the part's before it.
"""
from __future__ import annotations

import re

from kg.extract.frames import Grant, Scope, _g, _grants, _is_clause_end, _role_at
from kg.extract.mentions import actor_list_at
from kg.extract.structure import clause_spans
from kg.schema import ASSIST, RESPONSIBLE

# A + a verb + 的 names a thing A made (区住建局提出的方案), not a task A is given.
_RELATIVE = re.compile(r"[^的]{1,2}的")


def read_decided_item(t: str, s: int, e: int, words: set[int] | None = None) -> Scope | None:
    """The bare A + verb of a decided item in minutes (区财政局统筹安排资金): A is given the rest of the
    sentence. Tried only where the document decides (a 纪要, a 议定事项 section), on a sentence the grammar
    gave nothing; the clause may follow a lead such as 会议明确，. A body before a document's title (你局《……》收悉)
    cites it: no item."""
    g = _g()
    for cs, ce in clause_spans(t, s, e)[:2]:
        lead = g["lead"].match(t, cs)
        i = lead.end() if lead else cs
        al = actor_list_at(t, i, ce, words=words)
        if al is not None and not any(el.kind == "person" for el in al.elements):
            j = al.end
            if _is_clause_end(t, j, ce) or t.startswith("《", j) or g["report"].match(t, j) \
                    or g["report"].search(t, j, e) or g["not_predicate"].match(t, j) or _RELATIVE.match(t, j, ce) \
                    or _role_at(t, j) or g["past"].search(t, s, j):
                return None
            return Scope(_grants(al, RESPONSIBLE), j, e, "decided_item")
        if not g["decided_lead"].fullmatch(t, cs, ce):
            return None
    return None


def read_continuation(t: str, s: int, e: int, subject: list[Grant]) -> Scope | None:
    """A part of a ；-list of duties with no subject of its own (A编制规划；负责制定规章；…): when it opens
    with a role word and a task (负责/牵头, or 配合: A assists there), the subject of the part before carries
    on (not its partners). A sentence
    that opens with a bare 要 is not carried: the gold of speeches and plans reads it as an exhortation."""
    g = _g()
    lead = g["lead"].match(t, s)
    i = lead.end() if lead else s
    pre = g["pre_role"].match(t, i)
    r = _role_at(t, pre.end() if pre else i)
    if not subject or r is None or _is_clause_end(t, r[1], e):
        return None
    # A负责X；配合做好Y: the subject assists in Y (its partners, if any, are not carried)
    owners = [Grant(gr.element, r[0]) for gr in subject if gr.role != ASSIST]
    return Scope(owners, r[1], e, "subject_ellipsis") if owners else None
