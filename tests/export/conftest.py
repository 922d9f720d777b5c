"""Small real graphs for the export tests, built with kg.graph from hand-made records.

The sentences are those of corpus document 000_4cb1776f1e65bea3 (and a second,
made-up meeting that writes 发改委 as 区发展和改革委员会 and 发改), so the exports
are checked on the same content the corpus tests read.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pytest

from kg import schema as S
from kg.graph import build_graph
from kg.model import Assignment, DocResult, Document, DocumentMeta, Sentence


@dataclass(frozen=True)
class Spec:
    """One assignment sentence: the sentence, (as written, canonical, role) per body, the task, the deadline."""

    sentence: str
    section: tuple[str, ...]
    bodies: tuple[tuple[str, str, str], ...]
    task: str
    deadline: str | None = None


def doc_result(doc_id: str, title: str, specs: list[Spec], meeting: str | None = None) -> DocResult:
    """A DocResult whose text is the title and the spec sentences, with offsets into that text."""
    text = title + "\n" + "\n".join(s.sentence for s in specs) + "\n"
    sentences, assignments = [], []
    for i, spec in enumerate(specs, 1):
        start = text.index(spec.sentence)
        end = start + len(spec.sentence)
        sentences.append(Sentence(doc=doc_id, index=i, start=start, end=end, text=spec.sentence, section=spec.section))
        t0 = text.index(spec.task, start)
        for written, name, role in spec.bodies:
            m0 = text.index(written, start)
            assignments.append(Assignment(
                doc=doc_id, org=name, mention=written, org_kind="department", role=role, task=spec.task,
                deadline=spec.deadline, deadline_norm=None, evidence=spec.sentence, section=" › ".join(spec.section),
                start=start, end=end, mention_start=m0, mention_end=m0 + len(written), task_start=t0,
                task_end=t0 + len(spec.task), level="区", sentence_index=i,
            ))
    return DocResult(document=Document(id=doc_id, text=text, path=f"corpus/{doc_id}.txt"),
                     meta=DocumentMeta(title=title, year=2020, meeting=meeting), headings=[],
                     sentences=sentences, assignments=assignments)


ZSYZ = ("四、抓好二季度，实现稳增长", "（四）招商引资")
XMJS = ("三、突出重点，实干争先", "（一）狠抓项目建设，筑牢经济稳定增长根基")

DOC_000 = [
    Spec("发改委总牵头，工信、服务业、民政、文化等部门负责，组织对辖区资源再次摸排，不断充实项目库。", XMJS,
         (("发改委", "发改委", S.LEAD), ("工信", "工信局", S.RESPONSIBLE), ("服务业", "服务业发展局", S.RESPONSIBLE),
          ("民政", "民政局", S.RESPONSIBLE), ("文化", "文化局", S.RESPONSIBLE)),
         "组织对辖区资源再次摸排，不断充实项目库"),
    Spec("由商务局负责，对有意投资的外商进行梳理，通过请进来实地考察、主动外出推介等形式，争取在X期间引进一批客商、签约一批项目。",
         ZSYZ, (("商务局", "商务局", S.RESPONSIBLE),),
         "对有意投资的外商进行梳理，通过请进来实地考察、主动外出推介等形式，争取在X期间引进一批客商、签约一批项目"),
    Spec("由工商联牵头，商务局、工信局、科技局等部门参与，组织驻区商会、行业协会、外来投资商，举办一次我区产业发展及转型创新推介会。",
         ZSYZ, (("工商联", "工商联", S.LEAD), ("商务局", "商务局", S.ASSIST), ("工信局", "工信局", S.ASSIST),
                ("科技局", "科技局", S.ASSIST)),
         "组织驻区商会、行业协会、外来投资商，举办一次我区产业发展及转型创新推介会", "5月底前"),
]
DOC_900 = [
    Spec("区发展和改革委员会牵头，6月底前完成项目推进、督促、考核工作机制。", ("一、项目引资",),
         (("区发展和改革委员会", "发改委", S.LEAD),), "完成项目推进、督促、考核工作机制", "6月底前"),
    Spec("发改、工信等部门要加强对政策的收集、宣传和争取。", ("一、项目引资",),
         (("发改", "发改委", S.RESPONSIBLE), ("工信", "工信局", S.RESPONSIBLE)), "加强对政策的收集、宣传和争取"),
    Spec("由财政局配合，=HYPERLINK(\"http://x\")+1 @SUM(A1) -2 整理资金台账。", ("二、资金",),
         (("财政局", "财政局", S.ASSIST),), "=HYPERLINK(\"http://x\")+1 @SUM(A1) -2 整理资金台账"),
]
GAP_TEXT = "加快推进事关长远发展的重大项目，确保产业集聚区科技孵化基地等重大项目顺利实施"


def add_gap(g: nx.MultiDiGraph, doc: str = "000_4cb1776f1e65bea3", start: int = 5) -> str:
    """A task no body is named for (as kg.entities adds them), placed at ``start`` in ``doc``."""
    tid = S.node_id(S.TASK, f"{doc}:gap-{start}")
    g.add_node(tid, id=tid, label=S.TASK, doc=doc, docs=[doc], text=GAP_TEXT, deadline=None, deadline_norm=None,
               section=" › ".join(XMJS), sentence=GAP_TEXT + "。", start=start, end=start + len(GAP_TEXT) + 1,
               task_start=start, task_end=start + len(GAP_TEXT), order=99, unassigned=True)
    return tid


@pytest.fixture
def small_graph() -> nx.MultiDiGraph:
    """Two documents: the 000 招商/项目 sentences and a second meeting naming 发改委 differently, plus one gap."""
    g = build_graph([
        doc_result("000_4cb1776f1e65bea3", "坚定信心  保持定力  稳中求进", DOC_000),
        doc_result("900_made_up", "全区项目引资工作推进会讲话", DOC_900, meeting="全区项目引资工作推进会"),
    ])
    add_gap(g)
    return g
