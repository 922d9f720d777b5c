"""Small real DocResults built from hand-made records (kg.extract.structure splits the text, kg.entities reads it)."""
from __future__ import annotations

from kg.entities import extract_entities
from kg.extract.structure import parse
from kg.meta import read_meta
from kg.model import Assignment, DocResult, Document


def assignment(doc: str, text: str, sentence_index: int, start: int, end: int, org: str, mention: str,
               role: str, task: str) -> Assignment:
    ms = text.index(mention, start)
    ts = text.index(task, start)
    return Assignment(doc=doc, org=org, mention=mention, org_kind="department", role=role, task=task,
                      deadline=None, deadline_norm=None, evidence=text[start:end], section="", start=start,
                      end=end, mention_start=ms, mention_end=ms + len(mention), task_start=ts,
                      task_end=ts + len(task), sentence_index=sentence_index)


def result(doc_id: str, text: str, grants: list[tuple[str, str, str, str]]) -> DocResult:
    """A DocResult of ``text``; grants are (sentence fragment, body, role, task) read from its sentences."""
    headings, sentences = parse(doc_id, text)
    doc = Document(id=doc_id, text=text, path=f"{doc_id}.txt")
    assignments = []
    for fragment, org, role, task in grants:
        s = next(s for s in sentences if fragment in s.text)
        assignments.append(assignment(doc_id, text, s.index, s.start, s.end, org, org, role, task))
    return DocResult(document=doc, meta=read_meta(doc, headings, sentences), headings=headings,
                     sentences=sentences, assignments=assignments,
                     entities=extract_entities(doc, sentences, assignments))


TEXT_A = """在2020年全区经济工作会议上的讲话
同志们：
一、招商引资
由工商联牵头，商务局、工信局、科技局等部门参与，举办一次我区产业发展及转型创新推介会。
由发改委负责，加快推进城东污水处理厂扩建工程建设。
持续深化“放管服”改革，全面落实首席服务官制度。
二、项目建设
加快推进浩吉铁路、新钢产业园等项目建设。
2020年经济社会发展的主要预期目标是：地区生产总值增长6.5%左右，规上工业增加值增长X%。
"""

TEXT_B = """在全区项目推进会上的讲话
同志们：
由商务局负责，推进浩吉铁路建设。
深化“放管服”改革。
"""


def doc_a(doc_id: str = "doc_a") -> DocResult:
    return result(doc_id, TEXT_A, [
        ("举办一次", "工商联", "牵头", "举办一次我区产业发展及转型创新推介会"),
        ("举办一次", "商务局", "参与", "举办一次我区产业发展及转型创新推介会"),
        ("举办一次", "工信局", "参与", "举办一次我区产业发展及转型创新推介会"),
        ("举办一次", "科技局", "参与", "举办一次我区产业发展及转型创新推介会"),
        ("城东污水处理厂", "发改委", "负责", "加快推进城东污水处理厂扩建工程建设"),
    ])


def doc_b(doc_id: str = "doc_b") -> DocResult:
    return result(doc_id, TEXT_B, [("推进浩吉铁路", "商务局", "负责", "推进浩吉铁路建设")])
