"""The cypher/ library: parameterised queries, one per file, each with a header saying what it answers.

A file opens with ``//`` comment lines: the first ones say what the query
answers, and ``// param NAME: EXAMPLE`` lines name each parameter with an
example value, so ``kg query FILE`` with no ``--param`` runs the file as it is.
A value given with ``--param name=value`` takes the type of the example
(``// param limit: 20`` makes ``--param limit=5`` an integer; ``null`` is null
whatever the type, and the queries read a null filter as "any"); a parameter
with no example is read as JSON when it parses (numbers, true, null, lists),
else as text.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError

_PARAM = re.compile(r"^//\s*param\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*?)\s*$")
_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$")


def library_dir() -> Path:
    """Where the query library lives: cypher/ next to the package (a source tree) or inside it (installed)."""
    here = Path(__file__).resolve().parent.parent  # kg/
    for candidate in (here.parent / "cypher", here / "cypher"):
        if candidate.is_dir():
            return candidate
    return here.parent / "cypher"


@dataclass(frozen=True)
class Query:
    """One query: its text, what it answers, and its parameters with example values."""

    name: str
    text: str
    description: str = ""
    examples: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def declared(self) -> list[str]:
        """The parameters the query takes: those its header gives examples of and those its text uses."""
        used = re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", _without_comments(self.text))
        return sorted(set(self.examples) | set(used))

    def params(self, given: dict[str, str] | None = None) -> dict[str, Any]:
        """The examples, overridden by ``--param`` strings converted to each example's type.

        A ``--param`` the query does not take (a misspelt name) is an InputError naming those it takes,
        never a silent run with the example values."""
        out = dict(self.examples)
        declared = self.declared
        for key, raw in (given or {}).items():
            if key not in declared:
                takes = ", ".join(declared) if declared else "none"
                raise InputError(f"{self.name} has no parameter {key!r}; it takes: {takes}")
            out[key] = convert(raw, self.examples.get(key, _NO_EXAMPLE))
        return out


_NO_EXAMPLE = object()


_NAME = re.compile(r"\s*(`[^`]*`|[^\W\d]\w*)")


def _schema_names(text: str) -> tuple[set[str], set[str]]:
    """The labels (after : inside a node pattern) and relationship types (after : or | inside [ ]) a
    query names, read by one pass over its brackets (map literals {k: v} and strings are skipped)."""
    labels: set[str] = set()
    types: set[str] = set()
    stack: list[str] = []
    closing = {")": "(", "]": "[", "}": "{"}
    for i, ch in enumerate(text):
        if ch in "([{":
            stack.append(ch)
        elif ch in closing:
            if stack and stack[-1] == closing[ch]:
                stack.pop()
        elif ch in ":|" and stack and stack[-1] in "([":
            if ch == "|" and stack[-1] == "(":
                continue
            m = _NAME.match(text, i + 1)
            if m:
                (labels if stack[-1] == "(" else types).add(m.group(1).strip("`"))
    return labels, types


def schema_hint(text: str) -> str | None:
    """A one-line hint when the query names labels or relationship types the graph schema does not have
    (docs/schema.md): a typo such as Actr returns 0 rows with no error from the server."""
    from kg import schema as S

    labels, types = _schema_names(_without_comments(text))
    unknown_labels = sorted(lb for lb in labels if lb and lb not in S.LABELS)
    unknown_types = sorted(t for t in types if t and t not in S.REL_TYPES)
    parts = []
    if unknown_labels:
        parts.append(f"no label {', '.join(unknown_labels)} (labels: {', '.join(S.LABELS)})")
    if unknown_types:
        parts.append(f"no relationship type {', '.join(unknown_types)} (types: {', '.join(S.REL_TYPES)})")
    return "the graph schema (docs/schema.md) has " + "; ".join(parts) if parts else None


# Statements that change the schema, the server or its users, or call a procedure that may write: a read
# only session cannot be trusted to refuse them (ArcadeDB applies CREATE INDEX and DROP CONSTRAINT in one),
# so without --write they never reach the server. Read-only procedures (db.labels …) stay allowed.
_ADMIN = re.compile(
    r"\b(?:CREATE|DROP|ALTER|RENAME)\s+(?:OR\s+REPLACE\s+)?(?:(?:RANGE|TEXT|POINT|LOOKUP|FULLTEXT|VECTOR|BTREE|UNIQUE)\s+)?"
    r"(?:INDEX|CONSTRAINT|DATABASE|COMPOSITE|ALIAS|USER|ROLE|SERVER)\b"
    r"|\b(?:GRANT|REVOKE|DENY|START\s+DATABASE|STOP\s+DATABASE|LOAD\s+CSV|TERMINATE\s+TRANSACTIONS?)\b"
    r"|\bCALL\s+(?!\{|\(|db\.(?:labels|relationshipTypes|propertyKeys|schema\.\w+|indexes|constraints)\b)",
    re.IGNORECASE)


def admin_statement(text: str) -> str | None:
    """The schema or admin statement a query holds (CREATE INDEX, DROP CONSTRAINT, CALL of a procedure that
    may write …), outside its strings and comments; None when it holds none."""
    m = _ADMIN.search(_without_comments(text))
    return " ".join(m.group(0).split()) if m else None


def _without_comments(text: str) -> str:
    """Cypher text without its // comments and string literals (a $ there is no parameter)."""
    text = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", text)
    return "\n".join(line.split("//", 1)[0] for line in text.splitlines())


def parse_value(raw: str) -> Any:
    """A header example or untyped --param value: null/true/false, numbers, JSON lists/maps/strings, else text."""
    text = raw.strip()
    if text == "null":
        return None
    if text in ("true", "false"):
        return text == "true"
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if text[:1] in '["{':
        try:
            return json.loads(text)
        except ValueError:
            pass
    return raw


def convert(raw: str, example: Any = _NO_EXAMPLE) -> Any:
    """A --param value with the type of the parameter's example (text stays text)."""
    if example is _NO_EXAMPLE or example is None:
        return parse_value(raw)
    if raw.strip() == "null":  # any parameter can be null: the library's queries read it as "any"
        return None
    if isinstance(example, str):
        return raw
    value = parse_value(raw)
    if isinstance(example, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(example, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(example, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif isinstance(example, list):
        if isinstance(value, list):
            return value
        return [x.strip() for x in raw.split(",") if x.strip()]
    else:
        return value
    kind = type(example).__name__
    raise InputError(f"--param value {raw!r} is not a {kind} (the example is {json.dumps(example, ensure_ascii=False)})")


def parse(text: str, name: str = "query", path: Path | None = None) -> Query:
    """A query from its text: the leading comment lines give its description and parameter examples."""
    description: list[str] = []
    examples: dict[str, Any] = {}
    for line in text.lstrip("\ufeff").splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break
        m = _PARAM.match(stripped)
        if m:
            examples[m.group(1)] = parse_value(m.group(2))
        else:
            body = stripped[2:].strip()
            if body:
                description.append(body)
    return Query(name=name, text=text, description=" ".join(description), examples=examples, path=path)


def load_file(path: Path) -> Query:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read query file ({getattr(exc, 'strerror', None) or exc})") from None
    return parse(text, name=path.stem, path=path)


def library(directory: Path | None = None) -> list[Query]:
    """Every query of the library, by file name."""
    d = directory or library_dir()
    return [load_file(p) for p in sorted(d.glob("*.cypher"))] if d.is_dir() else []


def resolve(file_or_text: str, directory: Path | None = None) -> Query:
    """A query file path, a library query name (with or without .cypher), or Cypher text."""
    arg = file_or_text
    if not arg.strip():
        raise InputError("empty query")
    if "\n" not in arg and len(arg) < 4096:
        p = Path(arg)
        if p.is_file():
            return load_file(p)
        d = directory or library_dir()
        stem = arg[:-len(".cypher")] if arg.endswith(".cypher") else arg
        if re.fullmatch(r"[\w.-]+", stem) and (d / f"{stem}.cypher").is_file():
            return load_file(d / f"{stem}.cypher")
        if re.fullmatch(r"[\w./-]+", arg) and (arg.endswith(".cypher") or "/" in arg):
            raise InputError(f"{arg}: no such query file (library queries: {', '.join(names(d)) or 'none'})")
        if re.fullmatch(r"\w+", arg):
            raise InputError(f"{arg!r} is neither a query file, a library query nor Cypher "
                             f"(library queries: {', '.join(names(d)) or 'none'})")
    return parse(arg, name="query")


def names(directory: Path | None = None) -> list[str]:
    d = directory or library_dir()
    return [p.stem for p in sorted(d.glob("*.cypher"))] if d.is_dir() else []


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``k=v`` strings from the command line (the value may contain '=')."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise InputError(f"--param {pair!r}: expected name=value")
        out[key] = value
    return out
