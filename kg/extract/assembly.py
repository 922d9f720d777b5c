"""Assembly: from a document to its assignments, stage by stage.

structure (sentences, items) → mentions and frames per sentence (the spaCy component of
kg.extract.nlp) → task tables → scopes (item declarations, conventions, duty headings, decided items)
→ assignments with their evidence, deadlines and names. ``extract_document`` is a pure function of a
Document.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg.extract.deadlines import find_deadline
from kg.extract.fallbacks import read_continuation, read_decided_item
from kg.extract.frames import (_TRIM, Grant, SentenceReading, _g, _is_clause_end, _role_at, is_report, read_role_cell,
                               read_sentence, shift, standing_owners, task_span)
from kg.extract.items import Item, ItemIndex, find_items
from kg.extract.mentions import Element, Resolver, actor_list_at, is_speech, jurisdiction
from kg.extract.naming import Namer
from kg.extract.nlp import DEFAULT_SEGMENTER, get_nlp, sentence_doc
from kg.extract.scopes import decides, duty_lists, duty_sections, reviews
from kg.extract.structure import normalize, parse
from kg.extract.tables import Row, find_rows
from kg.meta import read_meta
from kg.model import Assignment, DocResult, Document, Sentence
from kg.schema import ASSIST, LEAD, RESPONSIBLE


def _entities(doc: Document, sentences: list[Sentence], assignments: list[Assignment], year: int | None) -> list:
    from kg.entities import extract_entities

    return extract_entities(doc, sentences, assignments, year=year)


def read_sentences(norm: str, sentences: list[Sentence], segmenter: str | None = None) -> list[SentenceReading]:
    """Each sentence read by the spaCy pipeline (segmenter + assignment grammar), in document offsets.

    Word boundaries only narrow what the grammar reads, so a sentence it reads nothing from without
    them (most of a document: descriptions, exhortations, reports) never reaches the segmenter."""
    segmenter = segmenter or DEFAULT_SEGMENTER
    texts = [norm[s.start:s.end] for s in sentences]
    readings = [_loose_reading(t) for t in texts]
    if segmenter == "char":  # one token per character: the loose reading is the reading
        return [shift(r, s.start) for r, s in zip(readings, sentences)]
    nlp = get_nlp(segmenter)
    need = [k for k, r in enumerate(readings) if r.scopes or r.orphan_grants]
    # the others keep their loose reading: nothing but, at most, a stated convention (read without words)
    # The segmenter reads the sentence as written (pkuseg learnt full-width punctuation); the grammar
    # reads its normalised form, which has the same length, so word boundaries carry over.
    docs = (sentence_doc(nlp, sentences[k].text, texts[k]) for k in need)
    for k, d in zip(need, nlp.pipe(docs, batch_size=256)):
        readings[k] = d.user_data["kg_reading"]
    return [shift(r, s.start) for r, s in zip(readings, sentences)]


def _loose_reading(text: str) -> SentenceReading:
    """The sentence read with a word boundary at every character: the loosest segmentation (real
    boundaries only take readings away), and exactly what the char segmenter gives."""
    return read_sentence(text, 0, len(text), set(range(len(text) + 1)))


_TABLE_LINE = re.compile(r"\t|\|")
_SPACE = re.compile(r"\s*")


def _table_rows(norm: str, sentences: list[Sentence]) -> dict[int, tuple[Row, list[Grant]]]:
    """Task table rows by the index of the sentence where each row starts, with the grants of its cells."""
    out: dict[int, tuple[Row, list[Grant]]] = {}
    starts = [s.start for s in sentences]
    for row in find_rows(norm):
        i = bisect.bisect_right(starts, row.start) - 1
        while i + 1 < len(sentences) and sentences[i].end <= row.start:
            i += 1
        if i < 0 or not (row.start <= sentences[i].start < row.end or sentences[i].start <= row.start < sentences[i].end):
            continue
        grants = [gr for role, a, b in row.roles for gr in read_role_cell(norm, a, b, role)]
        if grants:
            out[i] = (row, grants)
    return out


DECLARED_AFTER = ("parenthetical", "bare_parenthetical")
# Frames whose task is a whole item (or section): they subsume a directive to the same body inside it.
ITEM_FRAMES = ("parenthetical", "item_declaration", "duty_heading", "table_row")
# A heading line this short without a sentence end is a title, not an item's text.
MAX_TITLE = 40


def _first_leads(grants: list[Grant]) -> list[Grant]:
    """Under a stated convention (排在第一位的部门为牵头部门), the first body of a list with no lead leads."""
    if not grants or any(g.role == LEAD for g in grants) or grants[0].role != RESPONSIBLE:
        return grants
    return [Grant(grants[0].element, LEAD)] + grants[1:]


def _substantive(norm: str, s: int, e: int) -> bool:
    """Whether text[s:e] holds more than punctuation and space: a task a declaration can cover."""
    return len(norm[s:e].strip(_TRIM)) >= 2


def _cover_from(norm: str, item, since: int, at: int, own_line: bool = False) -> int:
    """Where a declaration at ``at`` starts covering its item: from the item's body (or the previous
    declaration), except under a heading that is only a title (二、突出抓好重点领域) with several
    paragraphs before the declaration, where it covers its own paragraph (or, standing on a line of
    its own, the paragraph before it)."""
    since = max(since, item.body)
    at = _label_block_start(norm, since, at)
    line_end = norm.find("\n", item.body, item.end)
    title_only = line_end >= 0 and not re.search(r"[。；;！？!?]", norm[item.body:line_end].rstrip("。 \t")) \
        and line_end - item.body <= MAX_TITLE
    para = norm.rfind("\n", since, at) + 1
    if own_line and para > since:
        para = norm.rfind("\n", since, para - 1) + 1
    lines = [ln for ln in norm[since:para].split("\n") if ln.strip()]
    return para if title_only and para > since and len(lines) >= 2 else since


def _is_label_line(norm: str, k: int) -> bool:
    """Whether the line at k opens with a label of a task list's block (责任单位：, 责任领导：, 时限：)."""
    g = _g()
    while k < len(norm) and norm[k] in " \t\u3000;":  # (; of a bracketed label, 【责任单位】)
        k += 1
    return any(p.match(norm, k) for p in g["labels"].values()) or bool(g["deadline_label"].match(norm, k)) \
        or bool(g["person_label"].match(norm, k))


def _label_block_start(norm: str, since: int, at: int) -> int:
    """The start of the run of label lines right before the line at ``at`` (责任领导：李明 / 责任人：王强 above
    责任单位：A), or ``at``: a block of labels is one declaration, not paragraphs of the item."""
    def line_start(k: int) -> int:
        return norm.rfind("\n", since, k) + 1 or since

    line = line_start(at)
    if norm[line:at].strip():
        return at  # the declaration does not open its line
    while line > since:
        prev = line_start(line - 1)
        if not _is_label_line(norm, prev):
            break
        line = prev
    return line


def _before_labels(norm: str, s: int, e: int) -> tuple[int, int]:
    """(s, e) up to the first line in it that opens with a declaration's label (牵头领导：李明 or 责任领导：李明
    above the 责任单位 line, or a 时限 line): the labels of an item are no part of its task."""
    at = s
    while at < e:
        if at > s and _is_label_line(norm, at):
            return s, at
        nl = norm.find("\n", at, e)
        if nl < 0:
            break
        at = nl + 1
    return s, e


def _declared_item(norm: str, items: ItemIndex, item: Item, sent: Sentence, pending: list[_Pending]) -> Item:
    """The item a declaration line covers: the item it stands in, or, when it opens a line after the
    last of several numbered items none of which declared its own owners (（一）X / 1.… / 2.… /
    牵头单位：A), the item they stand under."""
    parent = items.parent(item)
    if parent is None or not _is_label_line(norm, norm.rfind("\n", 0, sent.start) + 1):
        return item  # (牵头单位：A；配合单位：B is one line of labels)
    under = items.under(parent)
    if len(under) < 2 or under[-1] != item:
        return item
    if any(under[0].start <= p.ev_start < item.start for p in pending):
        return item  # a sibling declared its own owners: this line is the last item's
    return parent


def _section_end(norm: str, items: ItemIndex, item, decl_end: int, task_end: int) -> int:
    """Where a declaration closing a heading's own text stops covering: a heading (（一）推进城市更新
    （区住建局牵头）) whose numbered items follow gives its owners the whole section, items included."""
    if norm[decl_end:item.end].strip(_TRIM + "\r\n"):
        return task_end  # the declaration does not close the heading's own text
    under = items.under(item)
    return under[-1].end if under else task_end


def _written_deadline(text: str, s: int, e: int, year: int | None) -> tuple[str | None, str | None] | None:
    written, normed = find_deadline(text[s:e], year)
    return (written, normed) if written else None


_CELL_END = re.compile("[）)】；;]")


def _label_deadline(text: str, s: int, e: int, year: int | None) -> tuple[str, str | None] | None:
    """The deadline a 完成时限 label's value text[s:e] states (as written, normalised), or None when it is
    empty. The value ends at the bracket that closes it (（……；完成时限：2026年8月）) or at the next label
    after a semicolon."""
    cell = _CELL_END.split(text[s:e], 1)[0].strip(" \t，,。；;")
    return (cell, find_deadline(cell, year, cell=True)[1]) if cell else None


def _item_deadlines(text: str, norm: str, items: list, year: int | None) -> dict[int, tuple[str, str | None]]:
    """The deadline each item states on a label line (完成时限：2025年6月底前), by item start."""
    out = {}
    for it in items:
        m = _g()["deadline_label"].search(norm, it.body, it.end)
        if m is None:
            continue
        line_end = norm.find("\n", m.end(), it.end)
        dl = _label_deadline(text, m.end(), it.end if line_end < 0 else line_end, year)
        if dl:
            out[it.start] = dl
    return out


def _line_deadlines(text: str, norm: str, sentences: list[Sentence], year: int | None
                    ) -> dict[int, tuple[str, str | None]]:
    """The deadline of each line that is a 时限 label and its value (办理时限：2026年7月15日前), by paragraph:
    outside numbered items, the deadline of the declaration lines above it."""
    out = {}
    for x in sentences:
        m = _g()["deadline_label"].match(norm, x.start, x.end)
        dl = _label_deadline(text, m.end(), x.end, year) if m else None
        if dl:
            out[x.paragraph] = dl
    return out


def _is_title(doc: Document, meta, sent: Sentence) -> bool:
    """The sentence is the document's title line (县政府第12次常务会议纪要): never a decided item."""
    return bool(meta.title) and doc.text[sent.start:sent.end].strip() == meta.title.strip()


def _group_duties(norm: str, sentences: list[Sentence], sent: Sentence, ts: int, te: int) -> tuple[int, int]:
    """抢险救援组：由A牵头，B、C参加。主要职责：TASK — when the text before the declarations is only a working
    group's name and the next sentence lists its duties, those duties are the task; else (ts, te)."""
    g = _g()
    label = norm[ts:te].strip(_TRIM)
    if not g["group_label"].search(label):
        return ts, te
    nxt = sentences[sent.index + 1] if sent.index + 1 < len(sentences) else None
    if nxt is None or nxt.paragraph - sent.paragraph > 1:
        return ts, te
    m = g["group_duties"].match(norm, nxt.start, nxt.end)
    if m and nxt.end - m.end() >= 4:
        return m.end(), nxt.end
    role = _role_at(norm, nxt.start)  # 负责伤员救治和卫生防疫。: the duties, with no label before them
    if role and role[0] == RESPONSIBLE and nxt.end - role[1] >= 4:
        return nxt.start, nxt.end
    return ts, te


def _labelled_task_after(norm: str, sentences: list[Sentence], sent: Sentence, before: Sentence) -> Sentence | None:
    """牵头单位：A / 工作任务：TASK — a block whose task line, labelled, follows its declaration: that line,
    when the task sentence before is not itself labelled (工作任务：TASK / 牵头单位：A); else None."""
    task_label = _g()["task_label"]
    if task_label.match(norm, _SPACE.match(norm, before.start).end()):
        return None
    for nxt in sentences[sent.index + 1:sent.index + 4]:
        if nxt.paragraph - sent.paragraph > 3:
            break
        at = _SPACE.match(norm, nxt.start).end()
        if task_label.match(norm, at):
            return nxt
        if not _is_label_line(norm, norm.rfind("\n", 0, nxt.start) + 1):
            break
    return None


def _group_members(norm: str, item: Item, sent: Sentence) -> list[Grant]:
    """The bodies of a 成员单位：B、C line in an item that names a working group (（3）后勤保障组), each 参与."""
    g = _g()
    at = _SPACE.match(norm, sent.start).end()
    m = g["member_label"].match(norm, at, sent.end)
    line_end = norm.find("\n", item.body, item.end)
    title = norm[item.body:line_end if line_end >= 0 else item.end].strip(_TRIM)
    if m is None or not g["group_label"].search(title):
        return []
    al = actor_list_at(norm, _SPACE.match(norm, m.end()).end(), sent.end)
    return [Grant(el, ASSIST) for el in al.elements] if al is not None else []


def _item_group_duties(norm: str, sentences: list[Sentence], item: Item, after: Sentence,
                       span: tuple[int, int]) -> tuple[int, int]:
    """（3）后勤保障组 / 牵头单位：A / 成员单位：B / 主要职责：TASK — an item whose text before its labels is
    only a working group's name: its task is the duties line of the item, after the labels; else ``span``."""
    g = _g()
    if not g["group_label"].search(norm[span[0]:span[1]].strip(_TRIM)):
        return span
    for s in sentences[after.index + 1:]:
        if s.start >= item.end:
            break
        m = g["group_duties"].match(norm, _SPACE.match(norm, s.start).end(), s.end)
        if m and s.end - m.end() >= 4:
            return m.end(), s.end
    return span


def extract_document(doc: Document, segmenter: str | None = None) -> DocResult:
    """Everything the product reads from one document."""
    headings, sentences = parse(doc.id, doc.text)
    meta = read_meta(doc, headings, sentences)
    norm = normalize(doc.text)
    readings = list(zip(sentences, read_sentences(norm, sentences, segmenter)))
    rows = _table_rows(norm, sentences)
    resolver = Resolver(norm, jurisdiction(norm), speech=is_speech(norm))
    year = meta.year
    pending: list[_Pending] = []
    seen: set[tuple] = set()
    prev_task_sentence: Sentence | None = None
    last_paragraph = -2  # the paragraph of the task sentence, or of the declaration line after it
    label_deadline = _line_deadlines(doc.text, norm, sentences, year)

    def emit(sent: Sentence, grants: list[Grant], ts: int, te: int, ev_start: int, ev_end: int, frame: str,
             deadline: tuple[str | None, str | None] | None = None) -> None:
        ts, te = task_span(doc.text, ts, te)
        if te - ts < 2 or reviews(sent.section):
            return
        if is_report(norm[ts:te]) or _g()["pointer_task"].fullmatch(norm, ts, te):
            return  # a report of what was done, or a pointer at the list after it (以下职责：)
        written, norm_deadline = deadline or find_deadline(doc.text[ts:te], year)
        for gr in grants:
            el = gr.element
            if resolver.is_self(el):
                continue
            key = (el.start, el.end, gr.role, ts, te)
            if key in seen:
                continue
            seen.add(key)
            pending.append(_Pending(el, gr.role, sent, ts, te, ev_start, ev_end, frame, written, norm_deadline))

    in_rows = {i for row, _ in rows.values() for i in range(len(sentences))
               if row.start <= sentences[i].start < row.end}
    items = ItemIndex(find_items(doc.text))
    item_deadline = _item_deadlines(doc.text, norm, items.items, year)
    cover: dict[int, int] = {}  # item start -> where its next declaration starts covering
    last_task: dict[int, tuple[int, int]] = {}  # item start -> the task its last declaration covered
    first_leads = False  # the document's convention: the first body of an owner list leads (下同)
    standing: list[Grant] = []  # the bodies a stated convention adds to every later item (以下均需A落实，不再列出)
    standing_from = len(norm)

    def with_standing(sent: Sentence, grants: list[Grant], ts: int, te: int, ev_start: int, ev_end: int,
                      frame: str, deadline) -> None:
        """Emit an item's owners, and after a convention of owners the bodies it names (frame standing_owner:
        their mention is where the convention names them)."""
        emit(sent, grants, ts, te, ev_start, ev_end, frame, deadline)
        if standing and ts >= standing_from:
            named = {norm[gr.element.start:gr.element.end] for gr in grants}
            extra = [gr for gr in standing if norm[gr.element.start:gr.element.end] not in named]
            emit(sent, extra, ts, te, ev_start, ev_end, "standing_owner", deadline)
    subject: tuple[int, list[Grant]] | None = None  # (paragraph, actors) a following ；-part may take
    for sent, reading in readings:
        if sent.index in in_rows:
            if sent.index in rows:  # a task table row: its cells say who does what
                row, grants = rows[sent.index]
                dl = None
                if row.deadline and row.deadline[1] > row.deadline[0]:
                    cell = doc.text[row.deadline[0]:row.deadline[1]]
                    dl = (cell, find_deadline(cell, year, cell=True)[1])
                emit(sent, grants, *row.task, row.start, row.end, "table_row", dl)
            continue
        first_leads = first_leads or reading.convention
        stated = standing_owners(norm, sent.start, sent.end)
        if stated:  # from the end of the item (or sentence) that states it
            standing, standing_from = stated, (item_here.end if (item_here := items.at(sent.start)) else sent.end)
        if _g()["record_label"].match(norm, _SPACE.match(norm, norm.rfind("\n", 0, sent.start) + 1).end()):
            continue  # 参加会议人员：…, 抄送：…: the record of the document, whose bodies are given nothing
        item = items.at(sent.start)
        if decides(meta.title, sent.section) and not _is_title(doc, meta, sent):
            if not reading.scopes and not reading.orphan_grants:
                bare = read_decided_item(norm, sent.start, sent.end)
                if bare is not None:
                    reading.scopes.append(bare)
            # A要加强X，B做好Y，C落实Z: in minutes each body's bare clause is a decided item of its own
            # (each to the next clause that opens with actors, read or not)
            opens = reading.unread + [min(gr.element.start for gr in sc.grants) for sc in reading.scopes if sc.grants]
            for cs in reading.unread:
                bare = read_decided_item(norm, cs, min((x for x in opens if x > cs), default=sent.end))
                if bare is not None:
                    reading.scopes.append(bare)
        if not reading.scopes and not reading.orphan_grants and subject is not None \
                and subject[0] == sent.paragraph:
            more = read_continuation(norm, sent.start, sent.end, subject[1])
            if more is not None:
                reading.scopes.append(more)
        # The subject a ；-part without one may carry on: the actors of a sentence of the same paragraph
        # that ends in ； (the normalised text has the half-width ;).
        ends_part = norm[sent.end - 1:sent.end] == ";"
        subject = (sent.paragraph, reading.scopes[-1].grants) if ends_part and reading.scopes else \
            (subject if ends_part and subject is not None and subject[0] == sent.paragraph else None)
        for sc in reading.scopes:
            ts, grants = sc.task_start, sc.grants
            if sc.frame == "bare_parenthetical" and item is None:
                continue  # （A、B） in running text names what comes before it; it is no owner list
            if sc.frame in DECLARED_AFTER:
                grants = _first_leads(grants) if first_leads else grants
                te = sc.task_end
                if item is not None and sc.task_start >= sc.decl_end:  # 2.（A牵头）TASK: the task after it
                    cover[item.start] = sc.task_end
                    last_task[item.start] = (ts, te)
                elif item is not None:  # the declaration covers its item since the one before it
                    ts = min(ts, _cover_from(norm, item, cover.get(item.start, item.body), sent.start))
                    cover[item.start] = sc.decl_end
                    te = _section_end(norm, items, item, sc.decl_end, te)
                    last_task[item.start] = (ts, te)
            else:
                te = sc.task_end
            if sc.frame == "trailing_declaration":
                ts, te = _group_duties(norm, sentences, sent, ts, te)
            dl = None
            if sc.deadline_at is not None:  # …，B配合，确保年底前完成: the closing clause is the deadline
                dl = find_deadline(doc.text[sc.deadline_at[0]:sc.deadline_at[1]], year)
                dl = dl if dl[0] else None
            if sc.frame in DECLARED_AFTER:  # 完成时限：… of the item, or a time closing the bracket
                dl = (item_deadline.get(item.start) if item is not None else None) \
                    or _written_deadline(doc.text, ts, sc.decl_end, year)
            if sc.frame in DECLARED_AFTER and item is not None:  # the evidence is the item it covers
                with_standing(sent, grants, ts, te, min(ts, sent.start), max(sent.end, te), sc.frame, dl)
            else:
                emit(sent, grants, ts, te, sent.start, max(sent.end, te), sc.frame, dl)  # a group's duties: 2 sentences
        if not reading.scopes and not reading.orphan_grants and item is not None:
            members = _group_members(norm, item, sent)
            if members:  # 成员单位：B、C of a working group's block: they assist in its duties
                reading.orphan_grants = members
        if reading.orphan_grants and not reading.scopes and not (reading.bare and item is None):
            grants = _first_leads(reading.orphan_grants) if first_leads else reading.orphan_grants
            span = None
            own = item
            if item is not None:
                item = _declared_item(norm, items, item, sent, pending)
                seg = _before_labels(norm, _cover_from(norm, item, cover.get(item.start, item.body), sent.start,
                                                       own_line=True), sent.start)
                if _substantive(norm, *seg):
                    span = seg
                elif item.start in last_task:  # 牵头单位：A then 配合单位：B, one line each
                    span = last_task[item.start]
                # the next declaration covers from here: the end of the line, or of a bracket that text follows
                cover[item.start] = reading.orphan_end if reading.orphan_end > sent.start else sent.end
            if span is not None and item is own:
                span = (span[0], _section_end(norm, items, item, sent.end, span[1]))
            if span is not None:
                span = _item_group_duties(norm, sentences, item, sent, span)
                last_task[item.start] = span
                dl = item_deadline.get(item.start) or _written_deadline(doc.text, span[0], sent.end, year)
                with_standing(sent, grants, span[0], span[1], min(span[0], sent.start), max(span[1], sent.end),
                              "item_declaration", dl)  # (a group's duties line follows its labels)
            elif prev_task_sentence is not None and sent.paragraph - last_paragraph <= 1:
                # 责任单位：A牵头，B配合 — the roles of the task sentence just before (or of the declaration
                # line before, 承办单位：A / 协办单位：B, one line each), with a 时限 line of the block.
                p = _labelled_task_after(norm, sentences, sent, prev_task_sentence) or prev_task_sentence
                dl = next((label_deadline[k] for k in (sent.paragraph + 1, sent.paragraph + 2)
                           if k in label_deadline), None)
                emit(sent, grants, p.start, p.end, min(p.start, sent.start), max(p.end, sent.end), "declaration_after", dl)
                last_paragraph = sent.paragraph
        if not reading.orphan_grants and not _TABLE_LINE.search(sent.text) and sent.paragraph not in label_deadline:
            prev_task_sentence = sent
            last_paragraph = sent.paragraph
    for owners, under in [*duty_sections(norm, items.items), *duty_lists(norm, sentences, items.items)]:
        # 2.1.1 X职责 / （1）TASK …: each item under the heading with no actor of its own is X's duty.
        for it in under:
            if any(it.start <= p.ts < it.end for p in pending):
                continue
            opens = _SPACE.match(norm, it.body).end()
            if actor_list_at(norm, opens, it.end) is not None:
                continue  # 市政府成立……指挥部，由……任总指挥: the item's text has a subject of its own
            first = next((x for x in sentences if x.end > it.body), None)
            if first is not None and first.start < it.end:
                # （2）协助有关部门做好物资储备: the body assists in a duty that opens with an assist verb
                role = ASSIST if _g()["assist"].match(norm, it.body) else None
                grants = [Grant(gr.element, role) for gr in owners] if role else owners
                opener = _role_at(norm, _SPACE.match(norm, it.body).end())  # 负责X / 配合做好Y: after the role word
                ts = opener[1] if opener and opener[0] != ASSIST and not _is_clause_end(norm, opener[1], it.end) \
                    else it.body
                emit(first, grants, ts, it.end, it.body, it.end, "duty_heading")
    namer = Namer(norm, meta.level, [p.element for p in pending], doc.text, title=meta.title or "")
    assignments = _subsumed_dropped([p.assignment(doc, namer) for p in pending])
    return DocResult(document=doc, meta=meta, headings=headings, sentences=sentences,
                     assignments=assignments, entities=_entities(doc, sentences, assignments, year))


@dataclass(frozen=True)
class _Pending:
    """An assignment read but not yet named: names are given once the whole document is read."""

    element: Element
    role: str
    sentence: Sentence
    ts: int
    te: int
    ev_start: int
    ev_end: int
    frame: str
    deadline: str | None
    deadline_norm: str | None

    def assignment(self, doc: Document, namer: Namer) -> Assignment:
        el, sent = self.element, self.sentence
        n = namer.name(el)
        return Assignment(
            doc=doc.id, org=n.org, mention=doc.text[el.start:el.end], org_kind=n.kind, role=self.role,
            task=doc.text[self.ts:self.te], deadline=self.deadline, deadline_norm=self.deadline_norm,
            evidence=doc.text[self.ev_start:self.ev_end], section=sent.section_path, start=self.ev_start,
            end=self.ev_end, mention_start=el.start, mention_end=el.end, task_start=self.ts, task_end=self.te,
            level=n.level, sentence_index=sent.index, frame=self.frame, place=n.place, key=n.key,
            parent=n.parent, parent_org=n.parent_org)


def _subsumed_dropped(assignments: list[Assignment]) -> list[Assignment]:
    """One line per body and task: a body that an item's declaration gives the whole item keeps that
    line, not a second one for a directive inside the item with the same role (A要X … （A负责）)."""
    covering: dict[tuple[str, str], list[Assignment]] = {}
    for a in assignments:
        if a.frame in ITEM_FRAMES:
            covering.setdefault((a.mention, a.role), []).append(a)
    if not covering:
        return assignments

    def inside(a: Assignment) -> bool:
        return a.frame not in ITEM_FRAMES and any(
            c.task_start <= a.task_start and a.task_end <= c.task_end for c in covering.get((a.mention, a.role), ()))

    return [a for a in assignments if not inside(a)]
