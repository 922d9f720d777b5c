"""The grammar of assignment sentences: who is given which task, in which role.

A sentence is read clause by clause (clauses end at ，：). A clause may
- declare roles and wait for the task that follows: 由A牵头， / B、C等部门参与， /
  A总牵头， / 责任单位：A
- give a directive to its subject: A要TASK, A应当TASK, A将TASK, A要牵头TASK,
  A要会同B，TASK (A 牵头, B 参与), A负责TASK
- name only its subject, the directive following: 民政、人社等部门，要TASK
- carry on the task of the clause before.
A task runs from where it starts to the end of the sentence, or to the next
clause that opens a directive of its own. A sentence made only of role
declarations (责任单位：A牵头，B配合) gives those roles to the task sentence
before it; a parenthetical (A牵头，B配合) gives them to the text before it.
Reports of the past (A汇报了……) and sentences without actors give nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.deadlines import deadline_only
from kg.extract.frame_engine import Matcher
from kg.extract.mentions import ActorList, Element, actor_list_at
from kg.extract.structure import clause_spans, split_spans
from kg.lexicon import cues
from kg.schema import ASSIST, LEAD, RESPONSIBLE

_TRIM = "，,：:；;。！？!? \t\u3000、"
# A predicate this short after 由A (确定, 负责实施, 组织清理) names no task of its own: the fronted object is it.
MAX_BARE_VERB = 5
# Frames whose task follows the actor in its own sentence (a 由A/请A of them may close a fronted object).
DIRECTIVES = ("role_verb", "modal", "agent_lead", "subject_adverb", "subject_then_modal")


# The cues compiled under their own name in cues.yaml (the others below are named for their use here).
_CUES_BY_NAME = ("modal", "joint_strong", "pointer_task", "joins", "group_label", "group_duties", "record_label",
                 "and_then", "set_up_by", "anaphor_task", "generic_task", "pre_role", "report_task", "copula",
                 "deadline_adverbial", "decided_lead", "not_predicate", "premise_copula",
                 "outcome_clause", "standing_owner_lead", "standing_owner_close", "lead_partner",
                 "member_label", "procedure_clause")


@lru_cache(maxsize=1)
def _g() -> dict[str, re.Pattern[str]]:
    c = cues()
    not_before = c["role_cue_not_before"]
    role_alt = {role: f"(?:{pat})(?!{not_before})" for role, pat in c["role_cues"].items()}
    return {
        **{name: re.compile(c[name]) for name in _CUES_BY_NAME},
        "lead": re.compile(c["lead_in"]),
        "joint": re.compile(c["joint_cue"]),
        "seat": re.compile(c["seat_verbs"]),
        "office": re.compile(c["subordinate_office"]),
        "sanction": re.compile(c["sanction_lead"]),
        "assist": re.compile(c["assist_verbs"]),
        "report": re.compile(c["report_verbs"]),
        "roles": {role: re.compile(p) for role, p in role_alt.items()},
        "labels": {role: re.compile(f"(?:{p})[:：]") for role, p in c["field_labels"].items()},
        "labels_is": {role: re.compile(f"(?:{p})(?:为|是)") for role, p in c["field_labels"].items()},
        "deadline_label": re.compile(f"(?:{c['deadline_labels']})[:：]"),
        "person_label": re.compile(f"(?:{c['person_labels']})[:：]"),
        "task_label": re.compile(f"(?:{c['task_labels']})[:：]\\s*"),
        # a bracket, which may hold brackets of names (（区应急局牵头，各镇（街道）配合）)
        "paren": re.compile(r"\(((?:[^()]|\([^()]{1,20}\)){2,300})\)"),
        "past": re.compile(c["past_time"]),
        "dlead": re.compile(c["directive_lead"]),
        "topic": re.compile(c["topic_preposition"]),
        "copula_roles": {role: re.compile(f"(?:{p})") for role, p in c["copula_roles"].items()},
        "convention": re.compile(c["first_lead_convention"]),
        "agent_you": re.compile(r"由(?![于此是衷])"),
        "membership": re.compile(c["membership_verbs"]),
    }


@dataclass
class Grant:
    """Actors and their role, waiting for (or holding) a task span."""

    element: Element
    role: str


@dataclass
class Scope:
    """Grants and the span of their task; ``frame`` names the grammar shape that made it, and a scope
    declared after its task (（A牵头）) keeps where that declaration ends in ``decl_end``."""

    grants: list[Grant]
    task_start: int
    task_end: int = -1
    frame: str = "modal"
    decl_end: int = -1
    convention: bool = False
    # A closing clause that is only the task's deadline (A牵头X，B配合，确保年底前完成): its span, else None.
    deadline_at: tuple[int, int] | None = None


@dataclass
class SentenceReading:
    scopes: list[Scope] = field(default_factory=list)
    # Role declarations with no task in the sentence (a task list's 责任单位 line).
    orphan_grants: list[Grant] = field(default_factory=list)
    # Where those declarations end when text follows them in the sentence (（责任单位：A）TASK2。: A's is the
    # task before the bracket; TASK2 is for the next declaration), else -1.
    orphan_end: int = -1
    # The sentence states the document's convention that the first body listed leads (……，下同).
    convention: bool = False
    # The orphan grants are a bracket of bodies and nothing else (（A、B、C）): an owner list only where a
    # numbered item closes with it (kg.extract.assembly), not in running text.
    bare: bool = False
    # Clauses that open with actors no frame read (A要加强X，B做好Y: B做好Y): each ends the task before it,
    # and in minutes each is a decided item of its own (kg.extract.assembly): their starts.
    unread: list[int] = field(default_factory=list)


def _role_at(t: str, i: int) -> tuple[str, int] | None:
    best = None
    for role, pat in _g()["roles"].items():
        m = pat.match(t, i)
        if m and (best is None or m.end() > best[1]):
            best = (role, m.end())
    return best


def _modal_role_closing(t: str, j: int, ce: int) -> tuple[str, int] | None:
    """A modal and a role word that close the clause after the actors (A要负总责，B要积极配合): a
    declaration, as A负总责 would be; its task is the topic before it or what follows. None otherwise."""
    g = _g()
    mm = g["modal"].match(t, j)
    if not mm or mm.end() == j:
        return None
    pre = g["pre_role"].match(t, mm.end())
    r = _role_at(t, pre.end() if pre else mm.end())
    return r if r and _is_clause_end(t, r[1], ce) else None


def _grants(al: ActorList, role: str) -> list[Grant]:
    """Every actor of the list in the role, unless a marker after it says otherwise (A（牵头）)."""
    return [Grant(el, el.role or role) for el in al.elements]


def read_role_cell(t: str, s: int, e: int, role: str, words: set[int] | None = None) -> list[Grant]:
    """The bodies of one role cell of a task table: the column's role, or what the cell says (A牵头，B配合)."""
    g = _g()
    grants: list[Grant] = []
    for cs, ce in clause_spans(t, s, e):
        for ps, pe in _parts(t, cs, ce):
            lead = g["lead"].match(t, ps)
            i = lead.end() if lead else ps
            al = actor_list_at(t, i, pe, words=words)
            if al is None:
                continue
            r = _role_at(t, al.end)
            grants.extend(_grants(al, r[0] if r else role))
    return grants


_PART_END = re.compile(r"[;；]")
_FULL_STOP = re.compile(r"[。.](?![0-9])")


def _parts(t: str, s: int, e: int) -> list[tuple[int, int]]:
    """The parts of a span separated by ；(牵头单位：A；配合单位：B)."""
    return [(a, b) for a, b in split_spans(t, s, e, _PART_END) if b > a]


def _is_clause_end(t: str, i: int, ce: int) -> bool:
    return i >= ce or t[i] in _TRIM


def read_sentence(t: str, s: int, e: int, words: set[int] | None = None) -> SentenceReading:
    """Read one sentence t[s:e] of the normalised text into role scopes (``words``: word boundaries)."""
    g = _g()
    reading = SentenceReading()
    paren = _parenthetical_roles(t, s, e, words)
    if paren is not None:
        return paren
    # a convention stated on its own (（排在第一位的为牵头单位，下同）, or a sentence of the preamble)
    reading.convention = g["convention"].search(t, s, e) is not None
    pending: list[Grant] = []
    decl_start = -1
    current: Scope | None = None
    clauses = clause_spans(t, s, e)
    k = 0
    carry: str | None = None
    seated: ActorList | None = None  # a body the clause before placed (A设在B), the subject of the next
    seated_role: str | None = None  # what that clause made it (A作为牵头单位，要……: 牵头)
    declared: str | None = None  # the role of the declaration just before (牵头单位：A，配合单位：B，各区)
    while k < len(clauses):
        cs, ce = clauses[k]
        # A field label opens a declaration: 责任单位：A牵头 / 牵头单位：A (the colon also ends a clause)
        label_role, carry = carry, None
        if ce < e and t[ce] in ":：":
            for role, pat in g["labels"].items():
                m = pat.match(t, cs)
                if m and m.end() == ce + 1:
                    carry = role
            if carry is not None:
                decl_start = cs if decl_start < 0 else decl_start
                k += 1
                continue
        lead = g["lead"].match(t, cs)
        i = lead.end() if lead else cs
        if label_role is None:  # 牵头单位为A: a label joined to its bodies by 为/是
            for role, pat in g["labels_is"].items():
                m = pat.match(t, cs, ce)
                if m:
                    label_role, i = role, m.end()
                    decl_start = cs if decl_start < 0 else decl_start
                    break
        al = actor_list_at(t, i, ce, words=words)
        if al is None and i != cs:
            al = actor_list_at(t, cs, ce, words=words)
        by = g["set_up_by"].match(t, al.end) if al is not None else None
        if by is not None:  # 省人民政府设立的河湖管理机构负责……: the body set up is the actor
            al = actor_list_at(t, by.end(), ce, words=words) or al
        if al is not None and i > cs and g["sanction"].search(t, cs, i) \
                and any(el.kind == "person" for el in al.elements):
            k += 1  # 责令A局长作出检查: a sanction of a person
            continue
        if al is None and label_role is None and not pending and current is None:
            rel = _RELATIVE_PREFIX.match(t, i, ce)  # 参与应急工作的国务院有关部门，要……: who, by what they do
            if rel is not None:
                found = actor_list_at(t, rel.end(), ce, words=words)
                if found is not None and (g["modal"].match(t, found.end) or _role_at(t, found.end)
                                          or _is_clause_end(t, found.end, ce)):
                    al, i = found, rel.end()
        if al is None and label_role is None and not pending and current is None and not reading.scopes:
            fronted = _fronted_agent(t, s, e, cs, ce, words)
            if fronted is not None and g["anaphor_task"].match(t, fronted.task_start):
                # 此项工作由A负责，B配合: the roles of the task before it (its item, or the sentence before)
                decl_start = cs if decl_start < 0 else decl_start
                pending.extend(fronted.grants)
                declared = fronted.grants[0].role if fronted.grants else None
                k += 1
                continue
            if fronted is not None:  # X由A负责实施: the rest of the sentence may still declare partners
                fronted.task_end = ce
                reading.scopes.append(fronted)
                k += 1
                continue
        if al is None and label_role is None and not pending and current is None and seated is not None:
            # A设在B，负责TASK: the body placed in the clause before is the subject of this one
            pre = g["pre_role"].match(t, cs)
            r = _role_at(t, pre.end() if pre else cs)
            mm = g["modal"].match(t, cs)
            if r and r[0] in (LEAD, RESPONSIBLE) and not _is_clause_end(t, r[1], ce):
                current = Scope(_grants(seated, r[0]), r[1], frame="subject_ellipsis")
                reading.scopes.append(current)
            elif mm and mm.end() > cs:
                found = _directive(t, s, e, seated, clauses, k, mm.end(), words)
                if found is not None:  # the modal's plain 负责 is the role the clause before named, if any
                    grants = [Grant(gr.element, seated_role) if seated_role and gr.role == RESPONSIBLE else gr
                              for gr in found[0]]
                    current = Scope(grants, found[1], frame="subject_ellipsis")
                    reading.scopes.append(current)
            seated = None
            k += 1
            continue
        if al is None and label_role is None and not pending and current is None and reading.scopes:
            # A是……的主管部门，负责TASK: the subject of the closed clause before carries on
            pre = g["pre_role"].match(t, cs)
            r = _role_at(t, pre.end() if pre else cs)
            mm = g["modal"].match(t, cs)
            last = reading.scopes[-1]
            if r and r[0] in (LEAD, RESPONSIBLE) and not _is_clause_end(t, r[1], ce):
                subject = [Grant(gr.element, r[0]) for gr in last.grants]
                current = Scope(subject, r[1], frame="subject_ellipsis")
                reading.scopes.append(current)
                k += 1
                continue
            partner = _joint_partner(t, cs, ce, words)
            if partner is not None and not _is_clause_end(t, partner.end, ce) \
                    and last.frame in ("accountable", "copula", "subject_ellipsis"):
                # A对X负总责，会同B制定Y: A leads Y, B assists
                subject = [Grant(gr.element, LEAD) for gr in last.grants if gr.role != ASSIST]
                current = Scope(subject + _grants(partner, ASSIST), partner.end, frame="subject_ellipsis")
                reading.scopes.append(current)
                k += 1
                continue
            if mm and mm.end() > cs and last.frame == "copula":  # A作为……的牵头单位，要TASK
                owners = [gr.element for gr in last.grants]
                found = _directive(t, s, e, ActorList(tuple(owners), owners[0].start, owners[-1].end, False),
                                   clauses, k, mm.end(), words)
                if found is not None:
                    current = Scope(found[0], found[1], frame="subject_ellipsis")
                    reading.scopes.append(current)
                    k += 1
                    continue
        if al is None and label_role is None and not pending and current is not None:
            conj = g["and_then"].match(t, cs)
            partner = _joint_partner(t, conj.end() if conj else cs, ce, words)
            if partner is not None and not _is_clause_end(t, partner.end, ce):
                # A要简化X，并会同B加大Y: B assists in A's task, which runs on
                held = {(gr.element.start, gr.element.end) for gr in current.grants}
                current.grants.extend(gr for gr in _grants(partner, ASSIST)
                                      if (gr.element.start, gr.element.end) not in held)
                k += 1
                continue
        if al is None and label_role is None and pending and current is None \
                and any(gr.role == LEAD for gr in pending):
            partner = _joint_partner(t, cs, ce, words)
            if partner is None and (lp := g["lead_partner"].match(t, cs)):  # 请A牵头，组织B、C研究……
                partner = actor_list_at(t, lp.end(), ce, words=words)
                partner = partner if partner is not None and not _is_clause_end(t, partner.end, ce) else None
            if partner is not None:  # 请A牵头，会同B，抓紧研究……: B assists in the task that follows
                pending.extend(_grants(partner, ASSIST))
                if not _is_clause_end(t, partner.end, ce):
                    current = Scope(pending, partner.end, frame="declared_before")
                    reading.scopes.append(current)
                    pending = []
                k += 1
                continue
        if al is None and pending and current is None and label_role is None \
                and not g["modal"].match(t, cs) and _declares_next(t, (cs, ce), words):
            k += 1  # ，X为配合单位 with an X no lexicon or shape reads: a declaration still, not a task
            continue
        if al is None:
            if label_role is None and pending and current is None and reading.scopes \
                    and k == len(clauses) - 1 and deadline_only(t[cs:ce]):
                # A要牵头X，B配合，确保年底前完成: the partner shares X, and the last clause is X's deadline
                reading.scopes[-1].grants.extend(pending)
                reading.scopes[-1].deadline_at = (cs, ce)
                pending = []
                k += 1
                continue
            if label_role is None and pending and current is None and not reading.scopes \
                    and k == len(clauses) - 1 and deadline_only(t[cs:ce]):
                # A、B按职责分工负责，年底前完成: nothing but a time follows the declarations, so they are the
                # roles of the item (or of the sentence before), and the time its deadline
                k += 1
                continue
            if label_role is None:
                if pending and current is None:
                    current = Scope(pending, cs, frame="declared_before")
                    reading.scopes.append(current)
                    pending = []
            k += 1
            continue
        j = al.end
        if label_role is None and not pending and current is None and g["seat"].match(t, j):
            seated = al  # 办公室设在区水务局，…: where a body sits closes its clause, not its sentence
            seated_role = None
            k += 1
            continue
        office = g["office"].match(t, j) if label_role is None and not pending and current is None else None
        if office is not None and _is_clause_end(t, office.end(), ce):
            # X下设办公室，负责……: the office is the subject of the next clause
            seated = actor_list_at(t, office.start(1), ce, words=None) or seated
            seated_role = None
            k += 1
            continue
        if label_role is None and declared is not None and _is_clause_end(t, j, ce) and current is None:
            label_role = declared  # a bare list after a declaration continues it
        if label_role is not None and _is_clause_end(t, j, ce):
            decl_start = clauses[k][0] if decl_start < 0 else decl_start
            pending.extend(_grants(al, label_role))
            declared = label_role
            k += 1
            continue
        # Role declaration: A牵头， / 由A负责， / A、B分别负责……
        pre = g["pre_role"].match(t, j)
        r = _role_at(t, pre.end() if pre else j)
        if pre and not (r and _is_clause_end(t, r[1], ce)):
            r = _role_at(t, j) or r  # B具体实施: the role word is whole (具体实施), not 具体 + 实施
        if r and r[0] == RESPONSIBLE and not _is_clause_end(t, r[1], ce):
            lead = _role_at(t, r[1])  # A负责牵头，B配合: A leads
            r = lead if lead and lead[0] == LEAD and _is_clause_end(t, lead[1], ce) else r
        if not (r and _is_clause_end(t, r[1], ce)):
            r = _modal_role_closing(t, j, ce)  # 这项工作，A要负总责，B要积极配合。
        if not (r and _is_clause_end(t, r[1], ce)) and label_role is None:
            joint = _joint_declaration(t, j, ce, words, last=k == len(clauses) - 1)
            if joint is not None:  # （A会同B负责） / 推进X，A会同B负责。: A leads, B assists
                if current is not None:
                    current.task_end = cs
                    current = None
                decl_start = clauses[k][0] if decl_start < 0 else decl_start
                pending.extend(_grants(al, LEAD) + _grants(joint, ASSIST))
                declared = LEAD
                k += 1
                continue
        if not (r and _is_clause_end(t, r[1], ce)) and pending:
            joined = g["joins"].match(t, j)  # 由A牵头，B、C参加: B and C assist
            r = (ASSIST, joined.end()) if joined else r
        if r and _is_clause_end(t, r[1], ce):
            if current is not None:
                current.task_end = cs
                current = None
            decl_start = clauses[k][0] if decl_start < 0 else decl_start
            pending.extend(_grants(al, r[0]))
            declared = r[0]
            k += 1
            continue
        cop = _copula_declaration(t, j, ce) if label_role is None and current is None else None
        if cop is not None and (k == len(clauses) - 1 or _declares_next(t, clauses[k + 1], words)):
            # 明确A为责任单位，B为配合单位 / X，由A作为牵头单位: a declaration by a copula and a role noun
            # (A作为牵头单位，要Y is A's clause before its task: the seat below)
            decl_start = clauses[k][0] if decl_start < 0 else decl_start
            pending.extend(_grants(al, cop))
            declared = cop
            k += 1
            continue
        found = _clause_directive(t, s, e, al, i, clauses, k, words)
        if found is not None:
            grants, task_start, used, task_end, frame = found
            current = _open(reading, current, pending, grants, task_start, cs, frame)
            pending = []
            if task_end is None and frame == "accountable":
                task_end = ce  # A对X负责 closes its clause: what follows is A's next duty, if any
            if task_end is not None:  # a task closed inside the clause (A是……的牵头单位)
                current.task_end = task_end
                current = None
            k += used
            continue
        if label_role is None and not pending and current is None and g["copula"].match(t, j):
            seated = al  # A作为……的主体，要TASK: what A is closes its clause; A is the next one's subject
            seated_role = _copula_role(t, j, ce)
        elif label_role is None and not pending and k > 0 and al.start == cs and i == cs \
                and not _is_clause_end(t, j, ce) and all(el.how != "shape" for el in al.elements):
            # A要加强X，B做好Y: B's clause is not A's task (a name read from its shape alone is not trusted
            # here: 充分认识赋予科研单位 is no body)
            if current is not None:
                current.task_end = cs
                current = None
            reading.unread.append(cs)
        if pending and current is None:
            current = Scope(pending, cs, frame="declared_before")
            reading.scopes.append(current)
            pending = []
        k += 1
    if current is not None and current.task_end < 0:
        current.task_end = e
    for sc in reading.scopes:
        if sc.task_end < 0:
            sc.task_end = e
    if pending and not reading.scopes and decl_start > s:
        # The declarations close the sentence: 推进X工作，由A牵头，B配合。 — the task is the text before them.
        before = t[s:decl_start].strip(_TRIM)
        if len(before) >= 4 and not any(p.match(t, s) for p in g["labels"].values()):
            topic = g["topic"].match(t, s)  # 对于X，A要负总责: the task is X
            reading.scopes.append(Scope(pending, topic.end() if topic else s, decl_start, "trailing_declaration", e))
            pending = []
    if pending and reading.scopes and decl_start >= reading.scopes[-1].task_start:
        # A负责X，B予以配合。: B shares the task before its declaration
        reading.scopes[-1].grants.extend(pending)
        pending = []
    reading.orphan_grants = pending
    _merge_empty_scopes(reading, t)
    _fronted_objects(reading, t, s)
    _topic_tasks(reading, t, s)
    return reading


def _fronted_agent(t: str, s: int, e: int, cs: int, ce: int, words: set[int] | None) -> Scope | None:
    """X由A负责实施 / X由A确定 inside one clause: the fronted object X with its bare verb is A's task."""
    g = _g()
    for m in g["agent_you"].finditer(t, cs + 2, ce):
        al = actor_list_at(t, m.end(), ce, words=words)
        if al is None:
            continue
        verb = t[al.end:ce]
        if g["membership"].match(t, al.end):
            return None  # 成员由A、B组成 / 由A兼任: who a body is made of, not a task
        r = _role_at(t, al.end)
        if r is not None:
            verb = t[r[1]:ce]
        partner = None
        joint = g["joint"].match(t, al.end) if r is None else None
        if joint is not None:  # 城市绿化规划由A会同B编制: A leads, B assists
            partner = actor_list_at(t, joint.end(), ce, words=words)
            if partner is not None:
                r2 = _role_at(t, partner.end)  # 以上任务由A会同B负责督促落实
                verb = t[r2[1] if r2 is not None and r2[0] != ASSIST else partner.end:ce]
            # else 由A和B联合开展: the joint word is the adverb of their verb, both own the task
        if len(verb.strip(_TRIM)) <= MAX_BARE_VERB and (r is not None or verb.strip(_TRIM)):
            start = _after_decided_lead(t, s, m.start())
            if partner is not None:
                return Scope(_grants(al, LEAD) + _grants(partner, ASSIST), start, e, "fronted_object")
            return Scope(_grants(al, r[0] if r else RESPONSIBLE), start, e, "fronted_object")
    return None


def _after_decided_lead(t: str, s: int, k: int) -> int:
    """Where a fronted object that starts at s and runs to k begins once a minutes' lead clause is dropped
    (会议明确，项目由A负责实施: 项目……)."""
    first = clause_spans(t, s, k)[0] if k > s else (s, s)
    return first[1] if _g()["decided_lead"].fullmatch(t, *first) and first[1] < k else s


def _fronted_objects(reading: SentenceReading, t: str, s: int) -> None:
    """TASK，由A确定 / TASK由A负责实施 / TASK，请A在6月底前完成: when 由A or 请A closes the sentence with a
    bare verb, the task is the fronted object before it (the sentence up to the verb)."""
    g = _g()
    for sc in reading.scopes:
        if not sc.grants or sc.frame not in (*DIRECTIVES, "joint"):  # (X，由A会同B编制: joint)
            continue
        k = _actors_start(t, s, sc)
        verb = t[sc.task_start:sc.task_end].strip(_TRIM)
        parts = clause_spans(t, sc.task_start, sc.task_end)
        if len(parts) > 1 and all(g["procedure_clause"].match(t, a) for a, _ in parts[1:]):
            verb = t[parts[0][0]:parts[0][1]].strip(_TRIM)  # X，由A编制，报……批准后实施: the steps name no task
        adv = g["deadline_adverbial"].match(verb)
        if adv:
            verb = verb[adv.end():]
        if k <= s or t[k - 1] not in "由请" or len(verb) > MAX_BARE_VERB or g["membership"].match(verb):
            continue
        before = t[s:k - 1].strip(_TRIM)
        if len(before) >= 2 and not any(o is not sc and o.task_end <= k for o in reading.scopes) \
                and not g["dlead"].fullmatch(before) and not g["lead"].fullmatch(t, s, k):
            sc.task_start = _after_decided_lead(t, s, k - 1)
            sc.frame = "fronted_object"


def _topic_tasks(reading: SentenceReading, t: str, s: int) -> None:
    """X，A、B按职责分工抓好落实: when the actors' predicate only says to carry it out (or to take up the
    responsibility for it, with at most its aim or time after: ……切实担起责任，确保年内开工), their task is
    the topic in the clause before them (the sentence up to the predicate)."""
    g = _g()
    if len(reading.scopes) != 1:
        return
    sc = reading.scopes[0]
    if not sc.grants or sc.frame not in DIRECTIVES:
        return
    parts = clause_spans(t, sc.task_start, sc.task_end)
    if not parts or not g["generic_task"].fullmatch(t[parts[0][0]:parts[0][1]].strip(_TRIM)) \
            or not all(g["outcome_clause"].match(t, a) or deadline_only(t[a:b]) for a, b in parts[1:]):
        return
    k = _actors_start(t, s, sc)
    start = _after_decided_lead(t, s, k - 1) if k > s else s
    topic = t[start:k].rstrip(" \t")
    if topic.endswith((",", "，")) and len(topic.strip(_TRIM)) >= 4 and not g["lead"].fullmatch(t, s, k):
        sc.task_start = start
        sc.frame = "fronted_object"


def _actors_start(t: str, s: int, sc: Scope) -> int:
    """Where the actors of a scope begin, spaces before them included (not before the sentence start s)."""
    k = min(gr.element.start for gr in sc.grants)
    while k > s and t[k - 1] in " \t":
        k -= 1
    return k


def _parenthetical_roles(t: str, s: int, e: int, words: set[int] | None) -> SentenceReading | None:
    """Roles declared in brackets after a task: 推进X（A牵头，B配合） / （牵头单位：A；配合单位：B）."""
    g = _g()
    found = None
    task_from = s
    for m in g["paren"].finditer(t, s, e):
        # A stated convention (排在第一位的部门为牵头部门，下同) closes the declaration it sits in.
        conv = g["convention"].search(t, m.start(1), m.end(1))
        inner_end = conv.start() if conv else m.end(1)
        # A closing time (（A牵头，B配合，长期坚持）, …，2025年6月底前完成）) is the deadline, not a task.
        clauses = clause_spans(t, m.start(1), inner_end)
        while len(clauses) > 1 and deadline_only(t[clauses[-1][0]:clauses[-1][1]]):
            inner_end = clauses[-1][0] - 1
            clauses.pop()
        inner = _bracket_reading(t, m.start(1), inner_end, words) if inner_end > m.start(1) else None
        frame = "parenthetical"
        if not inner:
            opens_item = task_from == s and bool(_ENUM.fullmatch(t[s:m.start()].strip(_TRIM)))
            bare = _bare_bodies(t, m, inner_end, e, words, opens_item)
            if bare is None:
                continue
            inner, frame = SentenceReading(orphan_grants=bare), "bare_parenthetical"
        if any(sc for sc in inner.scopes):
            continue
        found = found or SentenceReading()
        found.convention = found.convention or conv is not None
        before = t[task_from:m.start()].strip(_TRIM)
        nxt = g["paren"].search(t, m.end(), e)
        after_end = nxt.start() if nxt else e
        if before and not (task_from == s and _ENUM.fullmatch(before)):
            found.scopes.append(Scope(inner.orphan_grants, task_from, m.start(), frame, m.end()))
        elif before and len(t[m.end():after_end].strip(_TRIM)) >= 2 and not deadline_only(t[m.end():after_end]):
            # 2.（A牵头）TASK: a bracket that opens an item names the owners of the task after it
            found.scopes.append(Scope(inner.orphan_grants, m.end(), after_end, frame, m.end()))
        else:  # the bracket opens the sentence: its roles belong to the task before it
            found.orphan_grants.extend(inner.orphan_grants)
            found.orphan_end = m.end()
            found.bare = frame == "bare_parenthetical"
        task_from = m.end()
    return found


def standing_owners(t: str, s: int, e: int) -> list[Grant]:
    """The bodies a stated convention in t[s:e] makes owners of every later item (以下均需地方各级人民政府
    落实，不再列出: 地方各级人民政府, 负责), or none."""
    g = _g()
    for m in g["standing_owner_lead"].finditer(t, s, e):
        al = actor_list_at(t, m.end(), e, words=None)
        if al is not None and g["standing_owner_close"].match(t, al.end):
            return _grants(al, RESPONSIBLE)
    return []


def _joint_declaration(t: str, j: int, ce: int, words: set[int] | None, last: bool) -> ActorList | None:
    """The partners of A会同B负责 closing the clause at j, or of A会同B closing the ``last`` clause of its
    sentence: a declaration, with no task of its own (A会同B，TASK is the joint frame's)."""
    g = _g()
    jm = g["joint_strong"].match(t, j)
    partner = actor_list_at(t, jm.end(), ce, words=words) if jm else None
    if partner is None:
        return None
    pre = g["pre_role"].match(t, partner.end)
    r = _role_at(t, pre.end() if pre else partner.end)
    if r is not None and r[0] != ASSIST:
        return partner if _is_clause_end(t, r[1], ce) else None
    return partner if last and _is_clause_end(t, partner.end, ce) else None


def _joint_partner(t: str, cs: int, ce: int, words: set[int] | None) -> ActorList | None:
    """The partners of a clause that opens with 会同/联合 (，会同B，…), or None."""
    jm = _g()["joint_strong"].match(t, cs)
    return actor_list_at(t, jm.end(), ce, words=words) if jm else None


def _bracket_reading(t: str, s: int, e: int, words: set[int] | None) -> SentenceReading | None:
    """The declarations of a bracket, read sentence by sentence: in （A、B按职责分工负责，C负责落实。以下均需C
    落实，不再列出） the sentence after 。 is a note on the items to come, which declares nothing here."""
    out = None
    for ps, pe in split_spans(t, s, e, _FULL_STOP):
        r = read_sentence_parts(t, ps, pe, words)
        if r is None:
            continue
        out = out or SentenceReading()
        out.scopes.extend(r.scopes)
        out.orphan_grants.extend(r.orphan_grants)
    return out


def _bare_bodies(t: str, m: re.Match, inner_end: int, e: int, words: set[int] | None,
                 opens_item: bool = False) -> list[Grant] | None:
    """（A、B、C） closing its sentence, or opening a numbered item (3.（A、B）TASK), with nothing in it but
    bodies: each is 负责 (the first leads under a stated convention, kg.extract.assembly); None for any
    other bracket."""
    if t[m.end():e].strip(_TRIM) and not opens_item:
        return None  # the bracket does not close the sentence: it names what comes before it
    grants: list[Grant] = []
    for ps, pe in (c for a, b in _parts(t, m.start(1), inner_end) for c in clause_spans(t, a, b)):
        # （省发展改革委、省财政厅，各市州人民政府） / （区委宣传部；区融媒体中心）
        al = actor_list_at(t, ps, pe, words=words)
        if al is None or t[al.end:pe].strip(_TRIM) or any(el.kind == "person" for el in al.elements):
            return None
        grants += _grants(al, RESPONSIBLE)
    if len(grants) == 1 and grants[0].element.how not in ("form", "shape") and t[grants[0].element.start] != "各":
        return None  # 各镇（街道）, 发改（价格）: a bracket inside a name, not a list of owners
    return grants or None


def _groups(t: str, s: int, e: int) -> list[tuple[int, int]]:
    """A declaration cut after each role word that a 、 follows: in （A牵头负责、B、C组织落实） the 、
    after 牵头负责 separates two groups of bodies, not two bodies of one list."""
    cuts = [s]
    for role_pat in _g()["roles"].values():
        for m in role_pat.finditer(t, s, e):
            if m.end() < e and t[m.end()] == "、":
                cuts.append(m.end() + 1)
    cuts = sorted(set(cuts))
    return [(a, (b - 1 if b < e else e)) for a, b in zip(cuts, cuts[1:] + [e]) if b > a]


def read_sentence_parts(t: str, s: int, e: int, words: set[int] | None) -> SentenceReading | None:
    """Read a bracketed span that may hold several declarations separated by ；."""
    out = SentenceReading()
    for ps, pe in (x for a, b in _parts(t, s, e) for x in _groups(t, a, b)):
        r = read_sentence(t, ps, pe, words)
        out.scopes.extend(r.scopes)
        out.orphan_grants.extend(r.orphan_grants)
        out.unread.extend(r.unread)
    return out if (out.scopes or out.orphan_grants) else None


def _clause_directive(t: str, s: int, e: int, al: ActorList, i: int, clauses: list[tuple[int, int]], k: int,
                      words: set[int] | None) -> tuple[list[Grant], int, int, int | None, str] | None:
    """What the clause k (whose actors ``al`` start at i) gives them, by the sentence frames of
    kg/data/frames.yaml: (grants, task start, clauses used, task end or None, frame name), or None."""
    found = _matcher(t, s, e, al, i, clauses, k, words).first()
    if found is None:
        return None
    name, out, role_a, role_b = found
    grants = _grants(al, role_a) + (_grants(out.partner, role_b) if role_b and out.partner else [])
    return grants, out.ts, out.c - k + 1, out.te, name


def _directive(t: str, s: int, e: int, al: ActorList, clauses: list[tuple[int, int]], k: int, p: int,
               words: set[int] | None) -> tuple[list[Grant], int] | None:
    """What follows a modal at p (the frames.yaml sub-pattern `directive`): (grants, task start), or None."""
    found = _matcher(t, s, e, al, al.start, clauses, k, words).sub("directive", p)
    if found is None:
        return None
    out, role_a, role_b = found
    return _grants(al, role_a) + (_grants(out.partner, role_b) if role_b and out.partner else []), out.ts


def _matcher(t: str, s: int, e: int, al: ActorList, i: int, clauses: list[tuple[int, int]], k: int,
             words: set[int] | None) -> Matcher:
    return Matcher(t, s, e, al, i, clauses, k, words,
                   {"role_at": _role_at, "clause_end": _is_clause_end, "copula": _copula})


def _open(reading: SentenceReading, current: Scope | None, pending: list[Grant], grants: list[Grant],
          task_start: int, clause_start: int, frame: str) -> Scope:
    if current is not None and current.task_end < 0:
        current.task_end = clause_start
    sc = Scope(pending + grants, task_start, frame=frame if not pending else "declared_before")
    reading.scopes.append(sc)
    return sc


def _copula(t: str, j: int, ce: int) -> tuple[str, int, int] | None:
    """A是TASK的牵头单位: the role and the task span, or None."""
    g = _g()
    m = g["copula"].match(t, j)
    if not m:
        return None
    de = t.rfind("的", m.end(), ce)
    if de < 0 or de - m.end() < 2:
        return None
    for role, pat in g["copula_roles"].items():
        r = pat.match(t, de + 1, ce)
        if r and _is_clause_end(t, r.end(), ce):
            if role == RESPONSIBLE and g["premise_copula"].fullmatch(m.group()):
                return None  # A作为X的主管部门，……: what A is, the premise of the clause after it (its seat)
            return role, m.end(), de
    return None


def _declares_next(t: str, clause: tuple[int, int], words: set[int] | None) -> bool:
    """Whether the clause after a copula declaration goes on declaring: it opens with actors, or closes on
    a copula and a role noun (，县机关事务中心为配合单位, with a body no lexicon or shape reads)."""
    cs, ce = clause
    if actor_list_at(t, cs, ce, words=words) is not None:
        return True
    return any(_copula_declaration(t, m.start(), ce) is not None for m in _g()["copula"].finditer(t, cs + 2, ce))


def _copula_declaration(t: str, j: int, ce: int) -> str | None:
    """The role of A为责任单位 / A作为牵头单位 / A是配合单位 at j: a copula, then a role noun that closes the
    clause (not A为X的牵头单位, whose X is a task: the copula frame); None otherwise."""
    g = _g()
    m = g["copula"].match(t, j)
    if m is None:
        return None
    for role, pat in g["copula_roles"].items():
        r = pat.match(t, m.end(), ce)
        if r and _is_clause_end(t, r.end(), ce):
            return role
    return None


def _copula_role(t: str, j: int, ce: int) -> str | None:
    """The role a clause A作为牵头单位 / A为……的配合单位 closes on (its copula_roles noun), or None."""
    for role, pat in _g()["copula_roles"].items():
        for m in pat.finditer(t, j, ce):
            if _is_clause_end(t, m.end(), ce):
                return role
    return None


def _merge_empty_scopes(reading: SentenceReading, t: str) -> None:
    """A directive with no task of its own (B要积极配合) shares the task of the directive before it."""
    kept: list[Scope] = []
    for sc in reading.scopes:
        if kept and not t[sc.task_start:sc.task_end].strip(_TRIM):
            kept[-1].grants.extend(sc.grants)
        else:
            kept.append(sc)
    reading.scopes = kept


_ENUM = re.compile(r"(?:第[一二三四五六七八九十百零〇0-9]{1,6}条\s*|[-*+>]\s+|[•·▪●○◆■◇□☆★]\s*|[0-9]{1,2}[.、．)）]|[（(][0-9一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是])")


def is_report(task: str) -> bool:
    """A task that opens with something already done (完成了, 汇报了): a report, not an assignment."""
    g = _g()
    return bool(g["report"].match(task) or g["report_task"].match(task))


def task_span(text: str, s: int, e: int) -> tuple[int, int]:
    """The task text's span without surrounding punctuation, space, line breaks, or a leading
    enumeration (1. （一） 一是)."""
    while s < e and (text[s] in _TRIM or text[s].isspace()):
        s += 1
    m = _ENUM.match(text, s, e)
    if m:
        s = m.end()
    m = _g()["task_label"].match(text, s, e)  # 督办事项：X / 工作任务：X — the label is no part of the task
    if m and m.end() < e:
        s = m.end()
    while e > s and (text[e - 1] in _TRIM or text[e - 1].isspace()):
        e -= 1
    return s, e


def shift(reading: SentenceReading, offset: int) -> SentenceReading:
    """The same reading with every offset moved by ``offset`` (sentence-relative to document offsets)."""
    def grant(gr: Grant) -> Grant:
        el = gr.element
        return Grant(el.shifted(offset), gr.role)

    return SentenceReading(
        scopes=[Scope([grant(x) for x in sc.grants], sc.task_start + offset, sc.task_end + offset, sc.frame,
                      sc.decl_end + offset if sc.decl_end >= 0 else -1,
                      deadline_at=(sc.deadline_at[0] + offset, sc.deadline_at[1] + offset) if sc.deadline_at else None)
                for sc in reading.scopes],
        orphan_grants=[grant(x) for x in reading.orphan_grants],
        orphan_end=reading.orphan_end + offset if reading.orphan_end >= 0 else -1,
        convention=reading.convention,
        bare=reading.bare,
        unread=[a + offset for a in reading.unread],
    )


# A clause that names its actors by what they do (参与粮食应急工作的国务院有关部门): a relative clause that
# opens with a verb of taking part or holding (not a noun phrase: 企业个案的问题主责部门), then 的 and the actors.
_RELATIVE_PREFIX = re.compile(r"(?:参与|参加|承担|从事|涉及|开展|实施|使用|经营|生产|销售|持有|列入|纳入|入选|取得|申报|"
                              r"提供|发生|出现|受理|接到|收到|负有|具有)[^，,。；;:：的()]{1,18}的")
