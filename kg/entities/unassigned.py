"""Tasks with no responsible body: a clause that pushes a project forward and names no actor.

"加快推进X等新项目建设投产" assigns work to nobody; users need the list of such
tasks. A project mention outside every assignment's task span becomes one, when
its clause puts a verb of pushing forward (kg/data/projects.yaml advance_verbs)
before it and reads as a task, not as a report of work done (建成, 正在 …). A
framing verb (重点围绕A、B等领域，抓好…建设) takes the next clause in. Several
projects in one clause share one Task.
"""
from __future__ import annotations

from kg.entities.projects import PROJECT, clause_span, lexicon
from kg.extract.scopes import reviews
from kg.extract.structure import normalize
from kg.model import Assignment, Document, Entity, Sentence

TASK = "Task"
# A framing verb opens its clause: at most this many characters of adverb before it (有针对性地围绕).
FRAMING_AT = 5


def extract_unassigned(doc: Document, sentences: list[Sentence], projects: list[Entity],
                       assignments: list[Assignment], reported: set[int] | frozenset[int] = frozenset()) -> list[Entity]:
    """Unassigned Task entities (attrs ``unassigned`` True) for projects no assignment covers.

    ``reported``: indexes of sentences that state what was achieved (an actual value: 一季度，X个项目完成
    投资X亿元，X个项目开工建设): they report, they set no task. Neither do sentences in a review of past
    work (kg.extract.scopes.reviews), the speaker's own statements (今年我们初步确定实施X个项目), nor a
    clause that only frames the next one (借助…的契机, 依托…平台, 围绕“x”项目) when the next sets no task.
    """
    lex = lexicon()
    by_index = {s.index: s for s in sentences}
    covered = [(a.task_start, a.task_end) for a in assignments if a.doc == doc.id]
    tasks: dict[tuple[int, int], Sentence] = {}
    for p in projects:
        if p.label != PROJECT or any(a <= p.start and p.end <= b for a, b in covered):
            continue
        s = by_index.get(p.sentence_index)
        if s is None or s.index in reported or reviews(s.section) or lex.period_report.match(normalize(s.text)):
            continue
        norm = normalize(s.text)
        rel = p.start - s.start
        a, b = clause_span(norm, rel)
        lead = norm[a:rel]
        if any(w in norm[a:b] for w in lex.report):
            continue
        if any(w in lead for w in lex.speaker) and not any(m in lead for m in lex.modal):
            continue
        if any(0 <= lead.find(v) <= FRAMING_AT for v in lex.framing):  # 重点围绕…, 有针对性地围绕…
            b2 = clause_span(norm, b + 1)[1] if b < len(norm) else b
            if not any(v in norm[b + 1:b2] for v in lex.advance):
                continue  # 围绕“x”项目 / 借助…的契机 with nothing to do after it frames nothing
            b = b2
        elif not any(v in lead for v in lex.advance):
            continue
        while a < b and norm[a].isspace():
            a += 1
        if any(x <= s.start + a and s.start + b <= y for x, y in covered):
            continue
        tasks.setdefault((s.start + a, s.start + b), s)
    out = []
    for (start, end), s in sorted(tasks.items()):
        text = doc.text[start:end]
        out.append(Entity(label=TASK, key=f"{doc.id}:{start}-{end}", name=text, doc=doc.id,
                          sentence_index=s.index, start=start, end=end,
                          attrs=(("text", text), ("unassigned", True), ("section", s.section_path),
                                 ("sentence", s.text), ("sentence_start", s.start), ("sentence_end", s.end),
                                 ("deadline", None), ("deadline_norm", None))))
    return out
