"""Entities beyond the actors: projects, indicators and their values, policies, unassigned tasks.

``extract_entities`` is the one entry point the pipeline calls per document; it is
pure (text in, records out) and every rule lives in a data file of kg/data.
``entities_to_json`` is the record of ``kg extract --entities`` (one JSON object
per line: label, key, name, attributes and the evidence sentence with its span).
"""
from __future__ import annotations

from kg.entities.indicators import INDICATOR, MEASURE, extract_indicators
from kg.entities.policies import POLICY, extract_policies
from kg.entities.projects import PROJECT, advances, extract_projects
from kg.entities.unassigned import TASK, extract_unassigned
from kg.model import Assignment, Document, Entity, Sentence

__all__ = ["extract_entities", "entities_to_json", "advances", "PROJECT", "INDICATOR", "MEASURE", "POLICY", "TASK"]


def extract_entities(doc: Document, sentences: list[Sentence], assignments: list[Assignment],
                     year: int | None = None) -> list[Entity]:
    """Every entity of one document, in order of place in the text (then label).

    ``year`` is the document's own year (kg.meta); when not given it is read from the text,
    and dates indicator values whose sentence and paragraph state none.
    """
    if year is None:
        from kg.meta import stated_year

        year = stated_year(doc.text)
    projects = extract_projects(doc, sentences)
    policies = [p for p in extract_policies(doc, sentences) if not _inside_any(p, projects)]
    indicators = extract_indicators(doc, sentences, year)
    reported = {e.sentence_index for e in indicators if e.label == MEASURE and dict(e.attrs).get("kind") == "actual"}
    out = [*projects, *indicators, *policies,
           *extract_unassigned(doc, sentences, projects, assignments, reported)]
    out.sort(key=lambda e: (e.start, e.end, e.label, e.key))
    return out


def _inside_any(e: Entity, others: list[Entity]) -> bool:
    """A policy reading that overlaps a project (x等校园工程) is the project's."""
    return any(o.sentence_index == e.sentence_index and o.start < e.end and e.start < o.end for o in others)


def entities_to_json(entity: Entity, sentences: dict[int, Sentence] | None = None) -> dict:
    """One line of ``kg extract --entities``: what the entity is and the evidence it was read from.

    ``sentences`` (index -> Sentence of the entity's document) adds the evidence sentence and
    its section path; without it those fields are None.
    """
    s = sentences.get(entity.sentence_index) if sentences else None
    record = {
        "doc": entity.doc,
        "label": entity.label,
        "key": entity.key,
        "name": entity.name,
        "start": entity.start,
        "end": entity.end,
        "sentence_index": entity.sentence_index,
        "evidence": s.text if s else None,
        "section": s.section_path if s else None,
        "attrs": {k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in entity.attrs},
    }
    return record
