"""The graph's vocabulary: node labels, relationship types and their properties.

Stores, the HTML graphs and the exports all read the in-memory networkx
MultiDiGraph through these names, so that a label or relationship type is
never taken from document text (it is always one of the constants below).

Graph conventions (see docs/schema.md for the full table):
- node key == node attribute ``id`` == ``"<Label>:<natural key>"``;
  attribute ``label`` is one of LABELS.
- edge key == edge attribute ``type``, one of REL_TYPES.
- property values are str, int, float, bool, None or lists of str.
"""
from __future__ import annotations

DOCUMENT = "Document"
SECTION = "Section"
SENTENCE = "Sentence"
ACTOR = "Actor"
TASK = "Task"
PROJECT = "Project"
INDICATOR = "Indicator"
MEASURE = "Measure"
POLICY = "Policy"

LABELS: tuple[str, ...] = (DOCUMENT, SECTION, SENTENCE, ACTOR, TASK, PROJECT, INDICATOR, MEASURE, POLICY)

# Roles of an actor on a task (actor -> task).
LEAD = "牵头"
RESPONSIBLE = "负责"
ASSIST = "参与"
ROLE_TYPES: tuple[str, ...] = (LEAD, RESPONSIBLE, ASSIST)
# Pushes a project forward (actor or task -> project).
ADVANCES = "推进"
# A task concerns a project, indicator or policy (task -> entity).
CONCERNS = "涉及"
# Lexical layer: document -> section -> sentence; a fact -> the sentence it was read from.
CONTAINS = "CONTAINS"
MENTIONED_IN = "MENTIONED_IN"
# An indicator -> one stated value of it (target or actual).
HAS_MEASURE = "HAS_MEASURE"

# A branch or unit -> the body it belongs to (市公安局刑侦支队 -> 市公安局), actor -> actor.
PART_OF = "PART_OF"

REL_TYPES: tuple[str, ...] = (LEAD, RESPONSIBLE, ASSIST, ADVANCES, CONCERNS, CONTAINS, MENTIONED_IN, HAS_MEASURE,
                              PART_OF)

# Actor kinds.
DEPARTMENT = "department"
COLLECTIVE = "collective"
PERSON = "person"
ACTOR_KINDS: tuple[str, ...] = (DEPARTMENT, COLLECTIVE, PERSON)


def node_id(label: str, key: str) -> str:
    """The id of a node: its label and its natural key, so ids never depend on processing order."""
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return f"{label}:{key}"
