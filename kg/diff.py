"""Comparing two graphs: what changed between last quarter's (or last year's) tasks and this one's.

The two sides are graphs (one document or a whole build each); only the graph
is read. A task is matched to a task of the other side by the meaning of its
text, not by the exact string, because the same task is rarely worded the same
way twice:

- each task text becomes a set of content words: pkuseg tokens of two or more
  Chinese characters (or letters), without the bodies' names (they are compared
  separately), without the deadline phrase (compared separately, so a moved
  deadline does not hide the task), and without the words the assignment
  grammar treats as directive or role cues (加强, 做好, 推进, 牵头, 负责 … from
  kg/data/cues.yaml), which say how a task is given and not what it is;
- similarity is the Dice coefficient of two word sets; pairs at or above
  ``THRESHOLD`` (chosen by the paraphrase tests in tests/test_diff.py) are
  candidates, identical texts always are;
- candidates are found through an inverted index over each set's rarest words
  (prefix filtering: every pair reaching the threshold shares one of them), so
  the cost grows with the number of similar pairs, not with old × new;
- the assignment is one-to-one, greedy by best score, ties broken by how many
  bodies the two tasks share and then by their place in the document.

Matched tasks are then compared for their bodies per role and their deadline;
unmatched ones are added or dropped. Indicator targets (Measure nodes of kind
``target``) are compared per indicator and metric.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import networkx as nx

from kg import schema as S
from kg.errors import InputError

# Dice similarity of content words at or above which two task texts are the same task.
# Chosen by tests/test_diff.py: reworded corpus tasks score 0.5 and above,
# different tasks of the same speech stay below 0.4.
THRESHOLD = 0.5
ROLES: tuple[str, ...] = S.ROLE_TYPES
FORMATS: tuple[str, ...] = ("table", "md", "json")

_CONTENT = re.compile(r"[\u3400-\u9fffA-Za-z]{2,}")
# Redaction placeholders (X, XX, x) stand for a different name each time: they say nothing.
_PLACEHOLDER = re.compile(r"[Xx]+")

Tokenize = Callable[[Sequence[str]], list[list[str]]]


@dataclass(frozen=True)
class TaskView:
    """A task as the comparison sees it: its text, deadline, place and bodies per role."""

    id: str
    doc: str
    text: str
    deadline: str | None
    deadline_norm: str | None
    section: str
    order: int
    bodies: tuple[tuple[str, tuple[str, ...]], ...]

    def role(self, role: str) -> tuple[str, ...]:
        return dict(self.bodies).get(role, ())

    def all_bodies(self) -> frozenset[str]:
        return frozenset(b for _, names in self.bodies for b in names)

    def to_json(self) -> dict:
        return {"doc": self.doc, "text": self.text, "section": self.section, "deadline": self.deadline,
                "deadline_norm": self.deadline_norm, **{r: list(self.role(r)) for r in ROLES}}


@dataclass(frozen=True)
class Match:
    """Task ``old`` of the old side is task ``new`` of the new side, with the text similarity."""

    old: int
    new: int
    score: float


@dataclass(frozen=True)
class TaskChange:
    old: TaskView
    new: TaskView
    score: float

    def to_json(self) -> dict:
        return {"similarity": round(self.score, 3), "old": self.old.to_json(), "new": self.new.to_json()}


@dataclass(frozen=True)
class TargetChange:
    """The targets stated for one indicator and metric on each side (empty: none stated)."""

    indicator: str
    metric: str
    old: tuple[str, ...]
    new: tuple[str, ...]

    def to_json(self) -> dict:
        return {"indicator": self.indicator, "metric": self.metric, "old": list(self.old), "new": list(self.new)}


@dataclass
class GraphDiff:
    """Everything that changed from the old side to the new one."""

    old_name: str
    new_name: str
    threshold: float
    old_tasks: int = 0
    new_tasks: int = 0
    added: list[TaskView] = field(default_factory=list)
    dropped: list[TaskView] = field(default_factory=list)
    bodies_changed: list[TaskChange] = field(default_factory=list)
    deadlines_changed: list[TaskChange] = field(default_factory=list)
    targets_changed: list[TargetChange] = field(default_factory=list)
    matched: int = 0
    reworded: int = 0

    def is_empty(self) -> bool:
        return not (self.added or self.dropped or self.bodies_changed or self.deadlines_changed
                    or self.targets_changed)

    def to_json(self) -> dict:
        return {
            "old": self.old_name, "new": self.new_name, "threshold": self.threshold,
            "summary": {"old_tasks": self.old_tasks, "new_tasks": self.new_tasks, "matched": self.matched,
                        "reworded": self.reworded, "added": len(self.added), "dropped": len(self.dropped),
                        "bodies_changed": len(self.bodies_changed),
                        "deadlines_changed": len(self.deadlines_changed),
                        "targets_changed": len(self.targets_changed)},
            "added": [t.to_json() for t in self.added],
            "dropped": [t.to_json() for t in self.dropped],
            "bodies_changed": [c.to_json() for c in self.bodies_changed],
            "deadlines_changed": [c.to_json() for c in self.deadlines_changed],
            "targets_changed": [c.to_json() for c in self.targets_changed],
        }


# ── reading the graph ────────────────────────────────────────────────────────

def actor_name(g: nx.MultiDiGraph, node: str) -> str:
    """The name an Actor node is shown by: the name its documents write it by (区商务局), level word included."""
    name = g.nodes[node].get("name") if node in g else None
    if name:
        return str(name)
    prefix = S.ACTOR + ":"
    return node[len(prefix):] if node.startswith(prefix) else node


def task_views(g: nx.MultiDiGraph) -> list[TaskView]:
    """Every task of the graph with its bodies per role, in document order."""
    out = []
    for n, d in g.nodes(data=True):
        if d.get("label") != S.TASK:
            continue
        roles: dict[str, set[str]] = defaultdict(set)
        for u, _, key in g.in_edges(n, keys=True):
            if key in ROLES:
                roles[key].add(actor_name(g, u))
        out.append(TaskView(
            id=n, doc=str(d.get("doc") or ""), text=str(d.get("text") or ""), deadline=d.get("deadline"),
            deadline_norm=d.get("deadline_norm"), section=str(d.get("section") or ""),
            order=int(d.get("order") or 0),
            bodies=tuple((r, tuple(sorted(roles[r]))) for r in ROLES if roles.get(r))))
    out.sort(key=lambda t: (t.doc, t.order, t.id))
    return out


def actor_words(g: nx.MultiDiGraph) -> set[str]:
    """The names and written forms of the graph's bodies."""
    words: set[str] = set()
    for n, d in g.nodes(data=True):
        if d.get("label") == S.ACTOR:
            words.add(actor_name(g, n))
            words.add(str(d.get("name") or ""))
            words.update(str(a) for a in d.get("aliases") or [])
    words.discard("")
    return words


def targets(g: nx.MultiDiGraph) -> dict[tuple[str, str], tuple[str, ...]]:
    """The targets stated per (indicator, metric): each value as written with its qualifier and period."""
    found: dict[tuple[str, str], list[tuple[str, int, str]]] = defaultdict(list)
    for _, d in g.nodes(data=True):
        if d.get("label") != S.MEASURE or d.get("kind") != "target":
            continue
        value = f"{d.get('value') or ''}{d.get('qualifier') or ''}"
        period = d.get("period")
        shown = f"{value}（{period}）" if period else value
        found[(str(d.get("indicator") or ""), str(d.get("metric") or ""))].append(
            (str(d.get("doc") or ""), int(d.get("start") or 0), shown))
    return {k: tuple(dict.fromkeys(x[2] for x in sorted(v))) for k, v in found.items()}


def _target_value(shown: str) -> str:
    """A stated target without its period, which moves with the year or quarter of the speech."""
    return shown.split("（", 1)[0]


# ── words and similarity ─────────────────────────────────────────────────────

@lru_cache(maxsize=1)
def cue_words() -> re.Pattern[str]:
    """Directive, modal and role cue words of the assignment grammar (kg/data/cues.yaml)."""
    from kg.lexicon import cues

    c = cues()
    pats = [c.get("directive_adverb"), c.get("modal"), c.get("deadline_labels"), c.get("report_verbs"),
            *(c.get("role_cues") or {}).values(), *(c.get("field_labels") or {}).values()]
    return re.compile("|".join(f"(?:{p})" for p in pats if p))


def content_words(words: Iterable[str], ignore: frozenset[str] | set[str] = frozenset()) -> frozenset[str]:
    """The words of a task that say what it is (see the module docstring)."""
    cues = cue_words()
    return frozenset(w for w in words
                     if _CONTENT.fullmatch(w) and not _PLACEHOLDER.fullmatch(w) and w not in ignore
                     and not cues.fullmatch(w))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two word sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def body_overlap(a: TaskView, b: TaskView) -> float:
    """Jaccard overlap of the bodies named on two tasks (1 when neither names any)."""
    x, y = a.all_bodies(), b.all_bodies()
    if not x and not y:
        return 1.0
    return len(x & y) / len(x | y)


def pkuseg_tokenize(texts: Sequence[str]) -> list[list[str]]:
    """The pkuseg words of each text (the segmenter of kg.extract.nlp, with the lexicon as user dictionary)."""
    from kg.extract.nlp import get_nlp

    tok = get_nlp("pkuseg").tokenizer
    return [[t.text for t in doc] for doc in tok.pipe(texts)]


def _prefix_len(size: int, threshold: float) -> int:
    """How many of a set's rarest words a pair reaching ``threshold`` must share one of.

    Dice >= t implies Jaccard >= j = t / (2 - t), hence an overlap of at least ceil(j * size).
    """
    if threshold <= 0:
        return size
    j = threshold / (2 - threshold)
    return size - math.ceil(j * size - 1e-9) + 1


def match_tasks(old_words: Sequence[frozenset[str]], new_words: Sequence[frozenset[str]],
                threshold: float = THRESHOLD, old_texts: Sequence[str] | None = None,
                new_texts: Sequence[str] | None = None,
                tie: Callable[[int, int], tuple] | None = None) -> list[Match]:
    """One-to-one matches of old to new tasks whose similarity reaches ``threshold``.

    Identical texts (when given) match with score 1. Candidate pairs come from an inverted
    index over each set's rarest words (prefix filtering), so pairs sharing no rare word are
    never scored. The assignment is greedy: best score first, then ``tie(old, new)`` (larger
    first), then input order.
    """
    df: dict[str, int] = defaultdict(int)
    for ws in (*old_words, *new_words):
        for w in ws:
            df[w] += 1

    def prefix(ws: frozenset[str]) -> list[str]:
        ordered = sorted(ws, key=lambda w: (df[w], w))
        return ordered[:_prefix_len(len(ordered), threshold)]

    index: dict[str, list[int]] = defaultdict(list)
    for j, ws in enumerate(new_words):
        for w in prefix(ws):
            index[w].append(j)
    scored: dict[tuple[int, int], float] = {}
    if old_texts is not None and new_texts is not None:
        by_text: dict[str, list[int]] = defaultdict(list)
        for j, t in enumerate(new_texts):
            by_text[t].append(j)
        for i, t in enumerate(old_texts):
            for j in by_text.get(t, ()):
                scored[(i, j)] = 1.0
    for i, ws in enumerate(old_words):
        seen: set[int] = set()
        for w in prefix(ws):
            for j in index.get(w, ()):
                if j in seen or (i, j) in scored:
                    continue
                seen.add(j)
                s = similarity(ws, new_words[j])
                if s >= threshold:
                    scored[(i, j)] = s
    order = sorted(scored.items(), key=lambda kv: (-kv[1], *(-x for x in (tie(*kv[0]) if tie else ())),
                                                   kv[0][0], kv[0][1]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    matches = []
    for (i, j), s in order:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        matches.append(Match(i, j, s))
    matches.sort(key=lambda m: (m.new, m.old))
    return matches


def task_words(tasks: Sequence[TaskView], tokenize: Tokenize, ignore: set[str]) -> list[frozenset[str]]:
    """The content words of each task's text, its deadline phrase taken out."""
    texts = [t.text.replace(t.deadline, "，") if t.deadline else t.text for t in tasks]
    return [content_words(ws, ignore) for ws in tokenize(texts)]


# ── the comparison ───────────────────────────────────────────────────────────

def _deadline_key(t: TaskView) -> str | None:
    return t.deadline_norm or t.deadline or None


def diff_graphs(old: nx.MultiDiGraph, new: nx.MultiDiGraph, threshold: float = THRESHOLD,
                tokenize: Tokenize | None = None, old_name: str = "old", new_name: str = "new") -> GraphDiff:
    """What changed from ``old`` to ``new``: tasks added and dropped, bodies and deadlines of the
    tasks both hold, and indicator targets."""
    tokenize = tokenize or pkuseg_tokenize
    from kg.lexicon import load

    ignore = actor_words(old) | actor_words(new) | set(load().forms)
    a, b = task_views(old), task_views(new)
    wa, wb = task_words(a, tokenize, ignore), task_words(b, tokenize, ignore)
    rank_a = {t.id: k / max(1, len(a)) for k, t in enumerate(a)}
    rank_b = {t.id: k / max(1, len(b)) for k, t in enumerate(b)}

    def tie(i: int, j: int) -> tuple:
        return (body_overlap(a[i], b[j]), -abs(rank_a[a[i].id] - rank_b[b[j].id]))

    matches = match_tasks(wa, wb, threshold, [t.text for t in a], [t.text for t in b], tie)
    d = GraphDiff(old_name=old_name, new_name=new_name, threshold=threshold, old_tasks=len(a), new_tasks=len(b),
                  matched=len(matches))
    matched_old = {m.old for m in matches}
    matched_new = {m.new for m in matches}
    d.dropped = [t for i, t in enumerate(a) if i not in matched_old]
    d.added = [t for j, t in enumerate(b) if j not in matched_new]
    for m in matches:
        o, n = a[m.old], b[m.new]
        change = TaskChange(o, n, m.score)
        if o.text != n.text:
            d.reworded += 1
        if o.bodies != n.bodies:
            d.bodies_changed.append(change)
        if _deadline_key(o) != _deadline_key(n):
            d.deadlines_changed.append(change)
    ta, tb = targets(old), targets(new)
    for key in sorted(set(ta) | set(tb)):
        va, vb = ta.get(key, ()), tb.get(key, ())
        if sorted(map(_target_value, va)) != sorted(map(_target_value, vb)):
            d.targets_changed.append(TargetChange(key[0], key[1], va, vb))
    return d


# ── the two sides ────────────────────────────────────────────────────────────

def read_side(path: str | Path, jobs: int = 1) -> nx.MultiDiGraph:
    """The graph of one side: a saved build (graph.json, the folder holding it, or a ``kg build``
    output folder with out/graph.json), or documents (a .txt/.md/.docx file or a folder of them)."""
    from kg.graph_io import JSON_NAME, load_graph

    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or directory")
    if p.is_file() and p.suffix.lower() == ".json":
        return load_graph(p)
    if p.is_dir():
        for candidate in (p / JSON_NAME, p / "out" / JSON_NAME):
            if candidate.is_file():
                return load_graph(candidate)
    from kg.graph import build_graph
    from kg.pipeline import extract_paths

    errors: list[InputError] = []
    results = list(extract_paths([p], jobs=jobs, on_error=errors.append))
    if errors:
        raise errors[0]
    if not results:
        raise InputError(f"{p}: no documents (.txt, .md, .docx) and no graph.json in this folder")
    return build_graph(results)


# ── Markdown ─────────────────────────────────────────────────────────────────

SECTIONS: tuple[tuple[str, str], ...] = (
    ("added", "新增任务"), ("dropped", "删除任务"), ("bodies_changed", "牵头/责任单位变化"),
    ("deadlines_changed", "时限变化"), ("targets_changed", "指标目标变化"))
METRICS = {"growth": "增速", "amount": "总量"}


def bodies_text(t: TaskView) -> str:
    """牵头：A；负责：B、C；参与：D"""
    return "；".join(f"{r}：{'、'.join(t.role(r))}" for r in ROLES if t.role(r)) or "（未明确）"


def deadline_text(t: TaskView) -> str:
    return t.deadline or "（无）"


def rows(d: GraphDiff, section: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The columns and rows of one section of the report (plain text, not yet escaped)."""
    if section in ("added", "dropped"):
        tasks = d.added if section == "added" else d.dropped
        return ("文件", "任务", "单位", "时限"), [(t.doc, t.text, bodies_text(t), deadline_text(t)) for t in tasks]
    if section == "bodies_changed":
        return ("任务", "原单位", "现单位"), [(c.new.text, bodies_text(c.old), bodies_text(c.new))
                                            for c in d.bodies_changed]
    if section == "deadlines_changed":
        return ("任务", "原时限", "现时限"), [(c.new.text, deadline_text(c.old), deadline_text(c.new))
                                            for c in d.deadlines_changed]
    return ("指标", "原目标", "现目标"), [
        (f"{c.indicator}（{METRICS.get(c.metric, c.metric)}）", "；".join(c.old) or "（无）", "；".join(c.new) or "（无）")
        for c in d.targets_changed]


def render_markdown(d: GraphDiff) -> str:
    """The report as Markdown: a summary line and one table per section, every cell escaped."""
    from kg.export.safe import md_cell

    lines = [f"# 任务对比：{md_cell(d.old_name)} → {md_cell(d.new_name)}", "",
             f"原任务 {d.old_tasks} 项，现任务 {d.new_tasks} 项，对应 {d.matched} 项（其中表述调整 {d.reworded} 项）；"
             f"相似度阈值 {d.threshold:g}。", ""]
    for key, title in SECTIONS:
        columns, body = rows(d, key)
        lines += [f"## {title}（{len(body)}）", ""]
        if not body:
            lines += ["（无）", ""]
            continue
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|" + "---|" * len(columns))
        lines += ["| " + " | ".join(md_cell(v) for v in r) + " |" for r in body]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
