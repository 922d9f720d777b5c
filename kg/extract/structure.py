"""Document structure: headings, paragraphs, sentences and clauses, with offsets.

Headings are the numbered lines of Chinese official writing (一、 （一） 1.
（1）, Markdown #) and the spoken enumerations that open a paragraph (一是,
一要, 第一). Sentences end at 。！？；!?; or a line break. Every span is an
offset into the original text; matching uses ``normalize`` (full-width ASCII
to half-width, one character for one, so offsets carry over unchanged).
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.model import Heading, Sentence

# Full-width ASCII variants (！..～) and the ideographic space map to their half-width forms;
# every other character maps to itself, so the normalised text has the same length.
_FW = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FW[0x3000] = 0x20
# Other spaces (no-break, thin, figure …) are spaces to the grammar: 区商务局\u00a0负责.
_FW.update({c: 0x20 for c in (0x00A0, *range(0x2002, 0x200B), 0x202F, 0x205F)})
_FW_TABLE = str.maketrans({chr(k): chr(v) for k, v in _FW.items()})


def normalize(text: str) -> str:
    """Half-width form of the text for matching; same length as the input. A task list's label in
    lenticular brackets (【责任单位】A) reads as the label it is, on a sentence of its own (;责任单位:A); any
    other lenticular bracket reads as a bracket (1.【区住建局】TASK is 1.(区住建局)TASK)."""
    norm = text.translate(_FW_TABLE)
    if "【" not in norm:
        return norm
    return _bracket_label().sub(r";\1:", norm).translate(_LENTICULAR)


_LENTICULAR = str.maketrans("【】", "()")


@lru_cache(maxsize=1)
def _bracket_label() -> re.Pattern[str]:
    from kg.lexicon import cues  # the grammar's labels (kg.lexicon imports this module: imported here)

    c = cues()
    labels = [*c["field_labels"].values(), c["deadline_labels"], c["person_labels"]]
    return re.compile("【((?:" + "|".join(labels) + "))】")


_CN_NUM = "一二三四五六七八九十百零〇两"
# (level, pattern) on the normalised line start; the first match wins.
_HEADING_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(r"#{1,6}[ \t]+")),
    (1, re.compile(rf"[{_CN_NUM}]{{1,3}}[、.]")),
    (2, re.compile(rf"\([{_CN_NUM}]{{1,3}}\)")),
    (3, re.compile(r"\d{1,2}[、.](?!\d)")),
    (4, re.compile(r"\(\d{1,2}\)")),
    (5, re.compile(rf"(?:[{_CN_NUM}]{{1,3}}[是要]|第[{_CN_NUM}]{{1,3}}[,，、]|首先[,，]|其次[,，]|最后[,，])")),
)
_SENT_END = re.compile(r"[。！？；!?;]+[”’\"')）」』]*|\n+")
MAX_HEADING = 40
# Sentences longer than this are cut at clause marks (or hard) so that no rule ever sees an unbounded span.
MAX_SENTENCE = 2000


def _heading_at(line: str, norm_line: str, offset: int) -> Heading | None:
    """A heading opening this line: its marker and its title (the line, or its first sentence)."""
    stripped = norm_line.lstrip()
    lead = len(norm_line) - len(stripped)
    for level, pat in _HEADING_MARKERS:
        m = pat.match(stripped)
        if not m:
            continue
        body_start = lead + m.end()
        end = _first_sentence_end(norm_line, body_start)
        title = line[body_start:end].strip().rstrip("。；;：:，,")
        if level == 5 and not title:
            return None
        if len(title) > MAX_HEADING:
            title = title[:MAX_HEADING] + "…"
        return Heading(level=level, marker=line[lead:body_start].strip(), text=title,
                       start=offset + lead, end=offset + end)
    return None


def _first_sentence_end(norm_line: str, start: int) -> int:
    m = re.compile(r"[。！？；!?;]").search(norm_line, start)
    return m.start() if m else len(norm_line.rstrip())


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of text[start:end], trimmed of surrounding space."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        if m.group()[0] != "\n" and _inside_brackets(text, pos, m.start(), end):
            continue  # （牵头单位：A；配合单位：B） is one sentence
        _add_span(text, pos, m.end() if m.group()[0] != "\n" else m.start(), spans)
        pos = m.end()
    _add_span(text, pos, end, spans)
    return spans


_OPEN = "（("
_CLOSE = "）)"
_BRACKET_REACH = 300


def _inside_brackets(text: str, s: int, i: int, end: int) -> bool:
    """Whether position i lies in a bracket opened since s that closes soon after i on the same line."""
    depth = 0
    for ch in text[max(s, i - _BRACKET_REACH):i]:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
    if not depth:
        return False
    tail = text[i:min(end, i + _BRACKET_REACH)].split("\n", 1)[0]
    return any(c in tail for c in _CLOSE)


def _add_span(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    while e - s > MAX_SENTENCE:
        cut = s + MAX_SENTENCE
        marks = [text.rfind(c, s + MAX_SENTENCE // 2, cut) for c in "，,：:、"]
        best = max(marks)
        if best > s:
            cut = best + 1
        spans.append((s, cut))
        s = cut
    if e > s:
        spans.append((s, e))


_CLAUSE_END = re.compile(r"[，,：:]")


def split_spans(text: str, start: int, end: int, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """text[start:end] cut at every match of ``separator``, as (start, end) spans without the separators
    (empty pieces included, so that callers that count fields, such as table cells, can)."""
    spans = []
    pos = start
    for m in separator.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return spans


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of text[start:end] (split at ，：), as (start, end) spans without the marks."""
    return [(a, b) for a, b in split_spans(text, start, end, _CLAUSE_END) if b > a]


def parse(doc_id: str, text: str) -> tuple[list[Heading], list[Sentence]]:
    """Headings and sentences of a document, each sentence with its section path."""
    norm = normalize(text)
    headings: list[Heading] = []
    sentences: list[Sentence] = []
    stack: list[Heading] = []
    pos = 0
    paragraph = 0
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        paragraph += 1
        h = _heading_at(body, norm[line_start:line_start + len(body)], line_start)
        if h is not None:
            headings.append(h)
            while stack and stack[-1].level >= h.level:
                stack.pop()
            stack.append(h)
        section = tuple(f"{x.marker}{x.text}" for x in stack)
        for s, e in split_sentences(norm, line_start, line_start + len(body)):
            sentences.append(Sentence(doc=doc_id, index=len(sentences), start=s, end=e,
                                      text=text[s:e], section=section, paragraph=paragraph))
        # A spoken enumeration (一是 …) that runs on into its paragraph scopes only that paragraph;
        # one standing alone on its line heads the paragraphs after it.
        if h is not None and h.level == 5 and len(text[h.end:line_start + len(body)].strip("。；; \t")) > 0:
            stack.pop()
    return headings, sentences
