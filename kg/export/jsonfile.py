"""The task lists as JSON for other programs: documents, tasks with bodies by role, gaps, and body lists.

Keys are stable English names; values are the text as read. No timestamp, so the
same graph always gives the same file.
"""
from __future__ import annotations

import json

from kg import __version__
from kg import schema as S
from kg.export.rows import TaskLists, title_of

_ROLE_KEYS = {S.LEAD: "lead", S.RESPONSIBLE: "responsible", S.ASSIST: "assist"}


def to_data(tl: TaskLists) -> dict:
    """A JSON-ready dict of ``tl``."""
    return {
        "tool": f"kg {__version__}",
        "title": title_of(tl),
        "filters": dict(tl.filters),
        "documents": [
            {"id": d.id, "title": d.title, "meeting": d.meeting, "date": d.date, "path": d.path} for d in tl.documents
        ],
        "tasks": [
            {"no": i, "id": t.id, "doc": t.doc, "text": t.text,
             **{_ROLE_KEYS[r]: list(t.bodies(r)) for r in S.ROLE_TYPES},
             "deadline": t.deadline, "section": t.section, "source": t.source, "sentence": t.sentence}
            for i, t in enumerate(tl.tasks, 1)
        ],
        "unassigned": [t.id for t in tl.unassigned],
        "bodies": [
            {"name": b.name, "kind": b.kind, "level": b.level, "aliases": list(b.aliases),
             "tasks": [{"task": r.task.id, "roles": list(r.roles)} for r in tl.lists[b.name]]}
            for b in tl.bodies
        ],
    }


def render_json(tl: TaskLists) -> str:
    return json.dumps(to_data(tl), ensure_ascii=False, indent=2) + "\n"
