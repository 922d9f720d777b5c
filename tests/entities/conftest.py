"""Fixtures of the entity tests: the real corpus documents, split by kg.extract.structure, and their entities."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.entities import extract_entities
from kg.extract.structure import parse
from kg.model import Document, Entity, Sentence

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@dataclass
class Read:
    """One corpus document as the entity extractor sees it (no assignments)."""

    doc: Document
    sentences: list[Sentence]
    entities: list[Entity]

    def sentence_with(self, fragment: str) -> Sentence:
        for s in self.sentences:
            if fragment in s.text:
                return s
        raise AssertionError(f"no sentence of {self.doc.id} holds {fragment!r}")

    def of(self, label: str, sentence: Sentence | None = None) -> list[Entity]:
        return [e for e in self.entities if e.label == label
                and (sentence is None or e.sentence_index == sentence.index)]

    def written(self, e: Entity) -> str:
        return self.doc.text[e.start:e.end]


def read_text(doc_id: str, text: str) -> Read:
    _, sentences = parse(doc_id, text)
    doc = Document(id=doc_id, text=text)
    return Read(doc, sentences, extract_entities(doc, sentences, []))


@pytest.fixture(scope="session")
def corpus_read() -> dict[str, Read]:
    """Every corpus document read, keyed by its three-digit prefix (000 … 004)."""
    out = {}
    for path in sorted(CORPUS.glob("*.txt")):
        out[path.stem[:3]] = read_text(path.stem, path.read_text(encoding="utf-8"))
    return out
