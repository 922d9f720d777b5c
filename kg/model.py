"""Plain records that carry text through the pipeline.

Every stage is a pure function from one of these to the next:
text -> Document -> Sentence -> Mention -> Assignment -> graph.
All offsets are character offsets into ``Document.text`` (the original text,
never a normalised copy), end exclusive, so ``doc.text[start:end]`` is the
evidence as written.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from kg.schema import ROLE_TYPES

Role = Literal["牵头", "负责", "参与"]
ActorKind = Literal["department", "collective", "person"]
ROLES: tuple[str, ...] = ROLE_TYPES  # 牵头, 负责, 参与 (kg.schema)


@dataclass(frozen=True)
class Document:
    """One source file as read: its id (the file stem), where it came from and its text."""

    id: str
    text: str
    path: str = ""
    format: str = "txt"


@dataclass(frozen=True)
class Heading:
    """A heading line or spoken enumeration that opens a section (一、 （一） 1. （1） 一是 …)."""

    level: int
    marker: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence (ended by 。！？； or a line break) with its place in the document."""

    doc: str
    index: int
    start: int
    end: int
    text: str
    section: tuple[str, ...] = ()
    paragraph: int = 0

    @property
    def section_path(self) -> str:
        return " › ".join(self.section)


@dataclass(frozen=True)
class Mention:
    """An actor as written in a sentence, resolved to a canonical identity."""

    start: int
    end: int
    text: str
    name: str
    kind: ActorKind
    level: str = ""

    @property
    def key(self) -> str:
        return f"{self.level}{self.name}"


@dataclass(frozen=True)
class Assignment:
    """One actor given one task in one role, with the evidence it was read from.

    ``to_json`` gives the output contract of ``kg extract --format jsonl``.
    """

    doc: str
    org: str
    mention: str
    org_kind: ActorKind
    role: Role
    task: str
    deadline: str | None
    deadline_norm: str | None
    evidence: str
    section: str
    start: int
    end: int
    mention_start: int
    mention_end: int
    task_start: int
    task_end: int
    level: str = ""
    sentence_index: int = 0
    frame: str = ""  # the grammar frame that produced it (kg/data/frames.yaml)
    place: str = ""  # a named place written before the body (四川省), else ''
    key: str = ""  # who the actor is: body and jurisdiction (kg.extract.naming); '' in old JSONL: org
    parent: str = ""  # key of the body it is part of (市公安局 of 市公安局刑侦支队), else ''
    parent_org: str = ""  # that body's name as the document writes it

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class DocumentMeta:
    """What a document says about itself: title, date/year, meeting, level of government."""

    title: str = ""
    year: int | None = None
    date: str | None = None
    meeting: str | None = None
    level: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Entity:
    """A project, indicator value, or policy read from a sentence (see kg.entities).

    ``label`` is a schema label (Project, Indicator, Policy); ``key`` its identity
    (the same key in two documents is one node); ``attrs`` what the text says of it.
    """

    label: str
    key: str
    name: str
    doc: str
    sentence_index: int
    start: int
    end: int
    attrs: tuple[tuple[str, object], ...] = ()


@dataclass
class DocResult:
    """Everything read from one document; the input of the graph builder."""

    document: Document
    meta: DocumentMeta
    headings: list[Heading]
    sentences: list[Sentence]
    assignments: list[Assignment]
    entities: list[Entity] = field(default_factory=list)
