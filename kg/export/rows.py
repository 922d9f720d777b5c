"""The 任务分工表 and each body's task list as plain rows, read from the graph only.

Every writer (xlsx, docx, csv, md, json) formats the same rows, so the formats
never disagree. Nothing here writes files; ``read_tasks`` is a pure function of
the graph and ``select`` a pure function of its result.

A task's bodies come from the Actor -[牵头|负责|参与]-> Task edges; a body's
list holds every task it has one of those roles on, with the *other* bodies of
the task. Bodies are their canonical Actor nodes, so a body written in several
ways (发改、发改委、区发展和改革委员会) has one list, and the ways it was written
(the node's ``aliases``) are kept for the metadata sheet and for ``--dept``.
"""
from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import networkx as nx

from kg import schema as S
from kg.errors import InputError

# How offices join several bodies in one cell.
SEP = "、"

# The printed tables. 原文 (the evidence) is not among them: it goes to a table of its own keyed by the
# 总表's 序号 (EVIDENCE_COLUMNS), so the table a clerk prints stays readable.
TASK_COLUMNS: tuple[str, ...] = ("序号", "工作任务", "牵头单位", "责任单位", "配合单位", "完成时限", "来源")
BODY_COLUMNS: tuple[str, ...] = ("序号", "工作任务", "本单位职责", "牵头单位", "责任单位", "配合单位", "完成时限", "来源")
# Collectives (各乡镇, 各部门) and persons (X同志) share one table each, with the actor in its own column.
GROUP_COLUMNS: tuple[str, ...] = ("序号", "主体", *BODY_COLUMNS[1:])
# The tasks no body leads or is responsible for, with why they are there.
GAP_COLUMNS: tuple[str, ...] = (*TASK_COLUMNS, "说明")
EVIDENCE_COLUMNS: tuple[str, ...] = ("序号", "工作任务", "原文", "来源")
# Why a task is in the 无责任单位 list.
NO_BODY = "原文未写明责任单位"
ONLY_ASSIST = "只写明配合单位，未写明牵头或责任单位"
# The cell columns that hold bodies, by role.
ROLE_COLUMNS: dict[str, str] = {S.LEAD: "牵头单位", S.RESPONSIBLE: "责任单位", S.ASSIST: "配合单位"}

Cell = str | int


@dataclass(frozen=True)
class DocInfo:
    """A source document as the exports cite it."""

    id: str
    title: str = ""
    meeting: str = ""
    date: str = ""
    path: str = ""

    @property
    def label(self) -> str:
        """What a reader calls the document: its title, else its id."""
        return self.title or self.id


@dataclass(frozen=True)
class TaskRow:
    """One task of the 任务分工表 with its bodies by role, in the order the sentence names them."""

    id: str
    doc: str
    text: str
    lead: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    assist: tuple[str, ...] = ()
    deadline: str = ""
    section: str = ""
    source: str = ""
    sentence: str = ""

    def bodies(self, role: str) -> tuple[str, ...]:
        return {S.LEAD: self.lead, S.RESPONSIBLE: self.responsible, S.ASSIST: self.assist}[role]

    def roles_of(self, body: str) -> tuple[str, ...]:
        return tuple(r for r in S.ROLE_TYPES if body in self.bodies(r))

    @property
    def all_bodies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.lead + self.responsible + self.assist))

    @property
    def has_owner(self) -> bool:
        """True when some body leads or is responsible (else it is a gap for the 督查室)."""
        return bool(self.lead or self.responsible)


@dataclass(frozen=True)
class Body:
    """A body with a task list: its canonical name and the names it was written as."""

    name: str
    kind: str = ""
    level: str = ""
    aliases: tuple[str, ...] = ()
    place: str = ""


@dataclass(frozen=True)
class BodyTask:
    """One row of a body's list: the task, the body's roles on it, and the other bodies."""

    body: str
    roles: tuple[str, ...]
    task: TaskRow

    def others(self, role: str) -> tuple[str, ...]:
        return tuple(n for n in self.task.bodies(role) if n != self.body)


@dataclass(frozen=True)
class TaskLists:
    """Everything the exports print: documents, the 任务分工表, and each body's list."""

    documents: tuple[DocInfo, ...]
    tasks: tuple[TaskRow, ...]
    bodies: tuple[Body, ...]
    lists: dict[str, tuple[BodyTask, ...]] = field(default_factory=dict)
    filters: tuple[tuple[str, str], ...] = ()

    @property
    def unassigned(self) -> tuple[TaskRow, ...]:
        """Tasks no body leads or is responsible for."""
        return tuple(t for t in self.tasks if not t.has_owner)

    def body(self, name: str) -> Body:
        return next(b for b in self.bodies if b.name == name)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _documents(g: nx.MultiDiGraph) -> dict[str, DocInfo]:
    docs = {}
    for _, d in g.nodes(data=True):
        if d.get("label") == S.DOCUMENT:
            name = _text(d.get("name")) or _text(d.get("id")).removeprefix(f"{S.DOCUMENT}:")
            docs[name] = DocInfo(id=name, title=_text(d.get("title")).strip(), meeting=_text(d.get("meeting")),
                                 date=_text(d.get("date")), path=_text(d.get("path")))
    return docs


def _source(doc: DocInfo, section: str) -> str:
    """Document and section, as the 来源 column cites them: the title and the innermost heading (the whole
    path stays in the task's ``section``), so the printed column stays short."""
    head = f"《{doc.label}》" if doc.title else doc.id
    inner = section.rsplit(" › ", 1)[-1]
    return f"{head}{inner}" if inner else head


def _task_key(data: dict) -> tuple:
    """Document order: by document id, then by where the task stands in its document."""
    def num(key: str) -> int:
        value = data.get(key)
        return value if isinstance(value, int) else 0
    return (_text(data.get("doc")), num("start"), num("task_start"), num("order"), _text(data.get("id")))


def _roles_on(g: nx.MultiDiGraph, tid: str) -> dict[str, tuple[str, ...]]:
    """The bodies of a task by role, each in the order the sentence names them."""
    found: dict[str, list[tuple[int, str]]] = {r: [] for r in S.ROLE_TYPES}
    for src, _, key, e in g.in_edges(tid, keys=True, data=True):
        rel = e.get("type") or key
        if rel not in found or g.nodes[src].get("label") != S.ACTOR:
            continue
        name = _text(g.nodes[src].get("name")) or src.removeprefix(f"{S.ACTOR}:")
        pos = e.get("mention_start")
        pos = pos if isinstance(pos, int) else 1 << 62
        start = e.get("start")
        if isinstance(start, int) and pos < start:  # named by a convention before the item (以下均需A落实): last
            pos += 1 << 61
        found[rel].append((pos, name))
    return {r: tuple(dict.fromkeys(n for _, n in sorted(v))) for r, v in found.items()}


def read_tasks(g: nx.MultiDiGraph) -> TaskLists:
    """The 任务分工表 and every body's list from the graph, in the order tasks appear in the documents."""
    docs = _documents(g)
    tasks = sorted((d for _, d in g.nodes(data=True) if d.get("label") == S.TASK), key=_task_key)
    rows: list[TaskRow] = []
    for d in tasks:
        tid = _text(d.get("id"))
        doc = _text(d.get("doc"))
        info = docs.get(doc, DocInfo(id=doc))
        roles = _roles_on(g, tid)
        section = _text(d.get("section"))
        rows.append(TaskRow(
            id=tid, doc=doc, text=_text(d.get("text")).strip(), lead=roles[S.LEAD],
            responsible=roles[S.RESPONSIBLE], assist=roles[S.ASSIST],
            deadline=_text(d.get("deadline") or d.get("deadline_norm")), section=section,
            source=_source(info, section), sentence=_text(d.get("sentence")).strip(),
        ))
    bodies = []
    by_name = {_text(d.get("name")): d for _, d in g.nodes(data=True) if d.get("label") == S.ACTOR}
    for name in dict.fromkeys(n for t in rows for n in t.all_bodies):
        a = by_name.get(name) or g.nodes.get(S.node_id(S.ACTOR, name), {})
        aliases = sorted({_text(x) for x in a.get("aliases") or () if x and x != name})
        bodies.append(Body(name=name, kind=_text(a.get("kind")), level=_text(a.get("level")), aliases=tuple(aliases),
                           place=_text(a.get("place"))))
    ordered_docs = tuple(docs[k] for k in sorted(docs))
    return _with_lists(TaskLists(documents=ordered_docs, tasks=tuple(rows), bodies=tuple(bodies)))


def _with_lists(tl: TaskLists, role: str | None = None) -> TaskLists:
    lists: dict[str, list[BodyTask]] = {b.name: [] for b in tl.bodies}
    for t in tl.tasks:
        for name in t.all_bodies:
            roles = t.roles_of(name)
            if name in lists and (role is None or role in roles):
                lists[name].append(BodyTask(body=name, roles=roles, task=t))
    return replace(tl, lists={k: tuple(v) for k, v in lists.items()})


def _closest(query: str, names: dict[str, str], n: int = 5) -> list[str]:
    """The canonical names whose name or alias reads most like ``query``."""
    scored: dict[str, float] = {}
    for written, canonical in names.items():
        ratio = difflib.SequenceMatcher(None, query, written).ratio()
        if query and (query in written or written in query):
            ratio += 0.5
        scored[canonical] = max(scored.get(canonical, 0.0), ratio)
    return [k for k, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _written_forms(b: Body) -> set[str]:
    """Every way a body can be asked for: its name and written forms, with and without its level word."""
    out: set[str] = set()
    for w in (b.name, *b.aliases):
        out.add(w)
        bare = w
        for lv in (b.place, b.level):
            if lv and w.startswith(lv) and len(w) - len(lv) >= 2:
                bare = w[len(lv):]
                break
        out.add(bare)
        out.update(lv + bare for lv in (b.place, b.level) if lv and not bare.startswith(lv))
    return out


def resolve_body(tl: TaskLists, query: str) -> str:
    """The body with a task list that ``query`` means (see resolve_body_name)."""
    return resolve_body_name(tl.bodies, query)


def resolve_body_name(bodies: Sequence[Body], query: str) -> str:
    """The body ``query`` means: its name or any written form, with or without its level word
    (区商务局, 商务局), or a unique prefix of one.

    An unknown name raises InputError listing the closest known names; one that several bodies
    answer to (商务局 of 区商务局 and 市商务局) raises InputError naming them.
    """
    q = query.strip()
    if not bodies:
        raise InputError(f"unknown body {query!r}: the graph names no bodies with tasks")
    names: dict[str, set[str]] = {}
    for b in bodies:
        for w in _written_forms(b):
            names.setdefault(w, set()).add(b.name)
    if q in {b.name for b in bodies}:
        return q
    exact = names.get(q) or {c for w, cs in names.items() if w.casefold() == q.casefold() for c in cs}
    if len(exact) == 1:
        return next(iter(exact))
    if len(exact) > 1:
        raise InputError(f"body {query!r} is ambiguous: it could be {SEP.join(sorted(exact)[:8])}")
    prefixed = sorted({c for w, cs in names.items() if q and w.startswith(q) for c in cs})
    if len(prefixed) == 1:
        return prefixed[0]
    if len(prefixed) > 1:
        raise InputError(f"body {query!r} is ambiguous: it could be {SEP.join(prefixed[:8])}")
    close = {w: next(iter(sorted(cs))) for w, cs in names.items()}
    raise InputError(f"unknown body {query!r}; closest known: {SEP.join(_closest(q, close))}")


def resolve_doc(tl: TaskLists, query: str) -> str:
    """The document id ``query`` means (an id or a unique prefix of one); else InputError with the closest ids."""
    q = query.strip()
    ids = [d.id for d in tl.documents] or sorted({t.doc for t in tl.tasks})
    if q in ids:
        return q
    prefixed = [i for i in ids if q and i.startswith(q)]
    if len(prefixed) == 1:
        return prefixed[0]
    if not ids:
        raise InputError(f"unknown document {query!r}: the graph holds no documents")
    close = difflib.get_close_matches(q, ids, n=5, cutoff=0.0)
    raise InputError(f"unknown document {query!r}; closest known: {', '.join(close)}")


def select(tl: TaskLists, dept: str | None = None, role: str | None = None, doc: str | None = None) -> TaskLists:
    """Only the tasks of one body, one role and/or one document (names resolved, else InputError).

    ``role`` keeps tasks where some body (or ``dept``) holds that role, and body
    lists keep only those rows; ``dept`` keeps that body's tasks and its list only.
    """
    if role is not None and role not in S.ROLE_TYPES:
        raise InputError(f"unknown role {role!r}; use one of {'|'.join(S.ROLE_TYPES)}")
    filters: list[tuple[str, str]] = []
    tasks = tl.tasks
    bodies = tl.bodies
    if doc is not None:
        doc = resolve_doc(tl, doc)
        tasks = tuple(t for t in tasks if t.doc == doc)
        filters.append(("文档", doc))
    if dept is not None:
        name = resolve_body(tl, dept)
        tasks = tuple(t for t in tasks if (role in t.roles_of(name) if role else name in t.all_bodies))
        bodies = (tl.body(name),)
        filters.append(("单位", name))
    elif role is not None:
        tasks = tuple(t for t in tasks if t.bodies(role))
    if role is not None:
        filters.append(("职责", role))
    if dept is None:
        present = {n for t in tasks for n in (t.bodies(role) if role else t.all_bodies)}
        bodies = tuple(b for b in bodies if b.name in present)
    docs = tuple(d for d in tl.documents if doc is None or d.id == doc)
    out = TaskLists(documents=docs, tasks=tasks, bodies=bodies, filters=tuple(filters))
    return _with_lists(out, role)


def _join(names: tuple[str, ...]) -> str:
    return SEP.join(names)


def task_table(tasks: tuple[TaskRow, ...]) -> list[list[Cell]]:
    """Rows of the 任务分工表 under TASK_COLUMNS, numbered from 1."""
    return [
        [i, t.text, _join(t.lead), _join(t.responsible), _join(t.assist), t.deadline, t.source]
        for i, t in enumerate(tasks, 1)
    ]


def gap_reason(t: TaskRow) -> str:
    """Why a task is in the 无责任单位 list."""
    return ONLY_ASSIST if t.assist else NO_BODY


def gap_table(tasks: tuple[TaskRow, ...]) -> list[list[Cell]]:
    """Rows of the 无责任单位 list under GAP_COLUMNS: the task row and why it has no owner."""
    return [[*row, gap_reason(t)] for row, t in zip(task_table(tasks), tasks)]


def evidence_table(tasks: tuple[TaskRow, ...]) -> list[list[Cell]]:
    """The sentence each task was read from, under EVIDENCE_COLUMNS, by the 序号 of task_table."""
    return [[i, t.text, t.sentence, t.source] for i, t in enumerate(tasks, 1)]


def _body_row(r: BodyTask) -> list[Cell]:
    return [r.task.text, _join(r.roles), _join(r.others(S.LEAD)), _join(r.others(S.RESPONSIBLE)),
            _join(r.others(S.ASSIST)), r.task.deadline, r.task.source]


def body_table(rows: tuple[BodyTask, ...]) -> list[list[Cell]]:
    """Rows of one body's list under BODY_COLUMNS: its roles and the other bodies of each task."""
    return [[i, *_body_row(r)] for i, r in enumerate(rows, 1)]


def group_table(tl: TaskLists, kind: str) -> list[list[Cell]]:
    """One table (GROUP_COLUMNS) of the lists of every actor of one kind (collective or person)."""
    rows = [r for b in tl.bodies if b.kind == kind for r in tl.lists[b.name]]
    return [[i, r.body, *_body_row(r)] for i, r in enumerate(rows, 1)]


def departments(tl: TaskLists) -> tuple[Body, ...]:
    """The bodies that get a list of their own: departments and named units, not collectives or persons."""
    return tuple(b for b in tl.bodies if b.kind not in (S.COLLECTIVE, S.PERSON))


def sources_of(tl: TaskLists, body: str | None = None) -> tuple[DocInfo, ...]:
    """The documents a list draws on: those of its tasks (of ``body``'s tasks when given)."""
    docs = {r.task.doc for r in tl.lists.get(body, ())} if body is not None else {t.doc for t in tl.tasks}
    return tuple(d for d in tl.documents if d.id in docs)


def title_of(tl: TaskLists) -> str:
    """The heading of a printed list: the meeting, else the document title, when there is one source."""
    if len(tl.documents) == 1:
        d = tl.documents[0]
        return d.meeting or d.title or d.id
    meetings = {d.meeting for d in tl.documents if d.meeting}
    return meetings.pop() if len(meetings) == 1 and all(d.meeting for d in tl.documents) else ""
