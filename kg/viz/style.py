"""How graph pages draw node kinds and relationship types, read from templates/style.yaml.

The colours, shapes and dashes are data (so a designer can change them without
touching code); this module only loads and checks them once.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.data import load_yaml

TEMPLATES = Path(__file__).resolve().parent / "templates"

# The aggregated "works with" edge between two bodies; a view-only type, never stored.
COWORK = "协作"
# Node kinds that are not actor kinds.
TASK = "task"
UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class Style:
    """Legend and drawing rules: ``kinds`` and ``roles`` map a key to its label/colour/shape or dashes."""

    kinds: dict[str, dict]
    roles: dict[str, dict]
    task_label_chars: int
    max_nodes: int
    cowork_top: int
    fields: dict[str, str]
    measure_kinds: dict[str, str]

    def kind(self, key: str) -> dict:
        return self.kinds.get(key, self.kinds[TASK])

    def role(self, key: str) -> dict:
        return self.roles.get(key, self.roles[COWORK])


@lru_cache(maxsize=1)
def load_style() -> Style:
    """The style of every page (cached: the file is part of the package and never changes at run time)."""
    raw = load_yaml((TEMPLATES / "style.yaml").read_text(encoding="utf-8"))
    return Style(
        kinds={str(k): dict(v) for k, v in raw["kinds"].items()},
        roles={str(k): dict(v) for k, v in raw["roles"].items()},
        task_label_chars=int(raw["task_label_chars"]),
        max_nodes=int(raw["max_nodes"]),
        cowork_top=int(raw["cowork_top"]),
        fields={str(k): str(v) for k, v in raw["fields"].items()},
        measure_kinds={str(k): str(v) for k, v in raw["measure_kinds"].items()},
    )
