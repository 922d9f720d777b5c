"""Why a body was or was not given a task: the span layer of each sentence and the frames that fired.

``add_span_layer`` writes ``doc.spans["kg"]`` on a spaCy Doc of one sentence: the actors the mention
reader finds (BODY, COLLECTIVE, PERSON), the cue words of the grammar (LEAD, RESPONSIBLE, ASSIST,
JOINT, AGENT, MODAL, LABEL, REPORT, PAST) and deadlines (DEADLINE). ``explain`` prints, sentence by
sentence, those spans and the assignments read with the frame of kg/data/frames.yaml that produced
each, or why none was: no actor, or actors with no frame after them, or a report of the past.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from spacy.tokens import Doc

from kg.extract.assembly import extract_document
from kg.extract.deadlines import find_deadline
from kg.extract.frames import _g
from kg.extract.mentions import actor_list_at
from kg.extract.nlp import DEFAULT_SEGMENTER, get_nlp
from kg.extract.structure import normalize
from kg.model import Document
from kg.schema import ASSIST, LEAD, RESPONSIBLE

_KINDS = {"department": "BODY", "collective": "COLLECTIVE", "person": "PERSON"}
_ROLE_LABEL = {LEAD: "LEAD", RESPONSIBLE: "RESPONSIBLE", ASSIST: "ASSIST"}


def _cue_patterns() -> list[tuple[str, re.Pattern[str]]]:
    g = _g()
    cues = [(_ROLE_LABEL[role], pat) for role, pat in g["roles"].items()]
    cues += [("LABEL", pat) for pat in g["labels"].values()]
    cues += [("LABEL", g["deadline_label"]), ("JOINT", g["joint"]), ("AGENT", g["dlead"]),
             ("MODAL", g["modal"]), ("REPORT", g["report"]), ("PAST", g["past"])]
    return cues


def sentence_spans(text: str, start: int, end: int, words: set[int] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) of the actors, cue words and deadline of text[start:end] (normalised text),
    left to right, none overlapping: an actor is read first, then the longest cue at that place. The
    segmenter's word boundaries, when given, constrain names found from their shape, as in the grammar."""
    cues = _cue_patterns()
    out: list[tuple[int, int, str]] = []
    i = start
    while i < end:
        al = actor_list_at(text, i, end, words=words)
        if al is not None:
            out.extend((el.start, el.end, _KINDS.get(el.kind, "BODY")) for el in al.elements)
            i = max(al.end, i + 1)
            continue
        best = None
        for label, pat in cues:
            m = pat.match(text, i, end)
            if m and m.end() > i and (best is None or m.end() > best[1]):
                best = (i, m.end(), label)
        if best:
            out.append(best)
            i = best[1]
        else:
            i += 1
    written, _ = find_deadline(text[start:end], None)
    if written:
        at = text.find(normalize(written), start, end)
        if at >= 0 and not any(s < at + len(written) and at < e for s, e, _ in out):
            out.append((at, at + len(written), "DEADLINE"))
    return sorted(out)


def add_span_layer(doc: Doc) -> list[tuple[int, int, str]]:
    """Write ``doc.spans["kg"]`` with the labels of ``sentence_spans`` (each span widened to whole
    tokens, as spaCy spans are) and return the exact character spans."""
    words = {t.idx for t in doc} | {len(doc.text)}
    exact = sentence_spans(doc.text, 0, len(doc.text), words)
    spans = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in exact]
    doc.spans["kg"] = [sp for sp in spans if sp is not None]
    return exact


def explain(document: Document, segmenter: str | None = None) -> Iterator[str]:
    """Lines that show, for every sentence of the document, its spans and what the frames made of them."""
    result = extract_document(document, segmenter)
    nlp = get_nlp(segmenter or DEFAULT_SEGMENTER)
    norm = normalize(document.text)
    by_sentence = defaultdict(list)
    for a in result.assignments:
        by_sentence[a.sentence_index].append(a)
    yield f"# {document.id}  {result.meta.title or ''}".rstrip()
    for sent in result.sentences:
        exact = add_span_layer(nlp(norm[sent.start:sent.end]))
        spans = " ".join(f"[{label} {document.text[sent.start + s:sent.start + e]}]" for s, e, label in exact)
        yield ""
        yield f"[{sent.index}] {sent.section_path or '-'}"
        yield f"    {sent.text}"
        yield f"    spans: {spans or '(none)'}"
        found = by_sentence.get(sent.index, [])
        for a in found:
            yield f"    → {a.frame}: {a.mention} {a.role} · 任务: {a.task}"
        if not found:
            yield f"    → no assignment: {_why_not([label for _, _, label in exact])}"


def _why_not(labels: list[str]) -> str:
    actors = [lb for lb in labels if lb in ("BODY", "COLLECTIVE", "PERSON")]
    if not actors:
        return "no actor (an exhortation with no body, or a body outside the lexicon and its name shapes)"
    if "REPORT" in labels or "PAST" in labels:
        return "a report of what was done, not a directive"
    return ("actors, but no frame after them (no modal, role word, declaration or directive verb; "
            "or the speaker's own leadership)")
