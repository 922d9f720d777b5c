"""Small graphs built with kg.graph from hand-made records of realistic sentences."""
from __future__ import annotations

from kg.graph import build_graph
from kg.model import Assignment, DocResult, Document, DocumentMeta, Sentence

SECTION = ("三、突出重点", "（四）招商引资")
EXPO = "举办一次我区产业发展及转型创新推介会"
SURVEY = "对有意投资的外商进行梳理"
RESOURCES = "组织对辖区资源再次摸排"


def speech(doc: str, expo: str = EXPO, survey: str = SURVEY, resources: str | None = RESOURCES,
           year: int = 2020) -> DocResult:
    """A speech with the corpus's kind of sentences: a 牵头/参与 task, a 负责 task with a deadline, and more."""
    s1 = f"由工商联牵头，商务局、工信局、科技局等部门参与，{expo}。"
    s2 = f"商务局负责{survey}，年底前完成。"
    s3 = f"由发改委牵头，{resources}。" if resources else "要进一步优化营商环境。"
    text = "三、突出重点\n（四）招商引资\n" + s1 + "\n" + s2 + "\n" + s3 + "\n"
    sents = []
    for i, s in enumerate((s1, s2, s3)):
        start = text.index(s)
        sents.append(Sentence(doc, i, start, start + len(s), s, SECTION, paragraph=i))

    def grant(org: str, role: str, sent: Sentence, task: str, deadline=None, norm=None) -> Assignment:
        m = sent.start + sent.text.index(org)
        ts = sent.start + sent.text.index(task)
        return Assignment(doc=doc, org=org, mention=org, org_kind="department", role=role, task=task,
                          deadline=deadline, deadline_norm=norm, evidence=sent.text,
                          section=" › ".join(SECTION), start=sent.start, end=sent.end, mention_start=m,
                          mention_end=m + len(org), task_start=ts, task_end=ts + len(task),
                          sentence_index=sent.index)

    asg = [grant("工商联", "牵头", sents[0], expo), grant("商务局", "参与", sents[0], expo),
           grant("工信局", "参与", sents[0], expo), grant("科技局", "参与", sents[0], expo),
           grant("商务局", "负责", sents[1], survey, "年底前", f"{year}-12-31")]
    if resources:
        asg.append(grant("发改委", "牵头", sents[2], resources))
    return DocResult(Document(doc, text, f"corpus/{doc}.txt"), DocumentMeta(title="全区经济工作会议讲话", year=year),
                     [], sents, asg)


def graph(*results: DocResult):
    return build_graph(results)
