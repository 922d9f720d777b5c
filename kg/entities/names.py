"""Cutting names out of running text: the shared grammar of project and policy names.

Chinese official prose writes a name as a run of modifiers before a head word
(X科技园二期, 首席服务官制度), with no spaces; the name starts after the verb or
function word that governs it (加快推进|X科技园, 深化|“放管服”改革). So a name is
read leftwards from its head until a boundary word or punctuation mark
(kg/data/entity_names.yaml). Whether a name is specific enough to be an entity,
rather than a common noun (重大项目, 工作机制), is decided by stripping generic
modifiers. Redaction placeholders (X, XX, x) count as name characters: they
stand for a real name.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from kg.data import read
from kg.errors import KgError

DATA = Path(__file__).resolve().parent.parent / "data"


def load_data(name: str) -> dict:
    """A YAML data file of kg/data as a dict; a broken file is a clear error, not a traceback."""
    path = DATA / name
    try:
        data = read(name)
    except (OSError, yaml.YAMLError) as exc:
        raise KgError(f"cannot read data file {path}: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise KgError(f"data file {path} is not a mapping")
    return data


class NameGrammar:
    """Boundary words, generic modifiers and placeholder characters, loaded once."""

    def __init__(self, data: dict) -> None:
        self.boundaries = frozenset(data.get("boundaries") or ())
        self.generic = sorted(set(data.get("generic") or ()), key=len, reverse=True)
        self.placeholders = str(data.get("placeholders") or "Xx")
        self.max_boundary = max((len(w) for w in self.boundaries), default=1)

    def is_name_char(self, ch: str) -> bool:
        """CJK ideographs, ASCII letters/digits and placeholders make up names."""
        return ("\u4e00" <= ch <= "\u9fff") or ch.isascii() and ch.isalnum() or ch in self.placeholders

    def extend_left(self, text: str, head_start: int, limit: int, floor: int = 0) -> int:
        """Where a name ending in the head at ``head_start`` begins: the first boundary to its left.

        Reads at most ``limit`` characters leftwards and never before ``floor`` (the sentence start).
        """
        start = head_start
        lowest = max(floor, head_start - limit)
        while start > lowest:
            if self._boundary_ends_at(text, start, floor):
                break
            if not self.is_name_char(text[start - 1]):
                break
            start -= 1
        return start

    def _boundary_ends_at(self, text: str, pos: int, floor: int) -> bool:
        for n in range(1, self.max_boundary + 1):
            if pos - n < floor:
                break
            if text[pos - n:pos] in self.boundaries:
                return True
        return False

    def specific(self, modifier: str) -> bool:
        """True when a modifier says which one (a name); false when it is generic words only.

        The modifier is generic when it can be read, left to right, as a chain of generic
        words (高科技|企业|孵化 基地); one non-generic character (新|钢 产业园) makes it a name.
        """
        if not modifier:
            return False
        if any(ch in self.placeholders for ch in modifier) or any(ch.isdigit() for ch in modifier):
            return True
        pos = 0
        while pos < len(modifier):
            for word in self.generic:  # longest first
                if modifier.startswith(word, pos):
                    pos += len(word)
                    break
            else:
                return True
        return False

    def only_placeholder(self, name: str) -> bool:
        """A name that is nothing but a placeholder (X, XX) names nothing by itself."""
        core = name.strip()
        return bool(core) and all(ch in self.placeholders for ch in core)


@lru_cache(maxsize=1)
def grammar() -> NameGrammar:
    return NameGrammar(load_data("entity_names.yaml"))


_QUOTES = str.maketrans({'"': "”", "「": "“", "」": "”", "『": "“", "』": "”"})


def canonical(name: str) -> str:
    """The identity form of a name: no spaces, curly quotes, full-width brackets as half-width."""
    out = "".join(name.split())
    # straight quotes alternate open/close
    if '"' in out:
        parts = out.split('"')
        out = "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]
    return out.translate(_QUOTES).replace("（", "(").replace("）", ")")
