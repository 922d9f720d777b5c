"""Small real graphs for the viz tests, built with kg.graph from hand-made DocResults, and a hostile
graph whose names, titles and sentences try to inject HTML or script; plus helpers that read pages back."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg import schema as S
from kg.graph import build_graph
from kg.model import Assignment, DocResult, Document, DocumentMeta, Entity, Sentence

OUT = Path(__file__).resolve().parents[1] / ".out"
SCREENSHOTS = OUT / "screenshots"
_DATA = re.compile(r'<script id="kg-data" type="application/json">(.*?)</script>', re.S)

# A script that marks the page if it ever runs (the test asserts window.__pwned stays undefined).
PWN = "window.__pwned=1"
XSS_TASK = f'<img src=x onerror="{PWN}"><script>alert(1)</script>清理违规广告牌'
XSS_BODY = f'" onmouseover="{PWN}" x="局'
XSS_TITLE = f"</script><script>{PWN}</script>关于环境整治的讲话"


@dataclass(frozen=True)
class Spec:
    """One assignment: in sentence ``sent``, ``org`` (kind) takes ``task`` in ``role``."""

    sent: int
    org: str
    role: str
    task: str
    kind: str = "department"
    deadline: str | None = None
    deadline_norm: str | None = None
    mention: str | None = None


def make_result(doc_id: str, title: str, sentences: list[tuple[tuple[str, ...], str]], specs: list[Spec],
                entities: list[tuple[str, str, int, dict]] = (), year: int = 2021) -> DocResult:
    """A DocResult whose offsets are real: ``doc.text[start:end]`` is the evidence as written."""
    text = "\n".join(s for _, s in sentences)
    sents, pos = [], 0
    for i, (section, s) in enumerate(sentences):
        sents.append(Sentence(doc=doc_id, index=i, start=pos, end=pos + len(s), text=s, section=section))
        pos += len(s) + 1
    assignments = []
    for sp in specs:
        s = sents[sp.sent]
        mention = sp.mention or sp.org
        m = s.text.index(mention)
        t = s.text.index(sp.task)
        assignments.append(Assignment(
            doc=doc_id, org=sp.org, mention=mention, org_kind=sp.kind, role=sp.role, task=sp.task,
            deadline=sp.deadline, deadline_norm=sp.deadline_norm, evidence=s.text, section=s.section_path,
            start=s.start, end=s.end, mention_start=s.start + m, mention_end=s.start + m + len(mention),
            task_start=s.start + t, task_end=s.start + t + len(sp.task), sentence_index=s.index))
    ents = []
    for label, name, sent, attrs in entities:
        s = sents[sent]
        i = s.text.index(name)
        ents.append(Entity(label=label, key=name if label != S.TASK else f"{doc_id}:{s.start + i}-{s.start + i + len(name)}",
                           name=name, doc=doc_id, sentence_index=sent, start=s.start + i, end=s.start + i + len(name),
                           attrs=tuple(sorted(attrs.items()))))
    return DocResult(document=Document(id=doc_id, text=text, path=f"corpus/{doc_id}.txt"),
                     meta=DocumentMeta(title=title, year=year, date=f"{year}-03-01", meeting="全区经济工作会议"),
                     headings=[], sentences=sents, assignments=assignments, entities=ents)


SEC = ("三、突出重点，推动产业转型", "（四）招商引资")
SEC2 = ("四、改善营商环境",)
EXPO = "举办一次我区产业发展及转型创新推介会"
FOREIGN = "对有意投资的外商进行梳理"
SURVEY = "组织对辖区资源再次摸排"
PARK = "加快推进新能源汽车产业园项目建设"
APPROVAL = "全面推行企业开办“一网通办”，企业开办时间压缩至1个工作日"


def sample_results() -> list[DocResult]:
    """Two speeches in the shape of the corpus (000_4cb1776f1e65bea3's 招商引资 section)."""
    a = make_result("900_sample_a", "在全区经济工作会议上的讲话", [
        (SEC, f"由工商联牵头，商务局、工信局、科技局等部门参与，{EXPO}，年内完成。"),
        (SEC, f"商务局负责{FOREIGN}，建立重点外资项目库。"),
        (SEC, f"发改委牵头{SURVEY}，10月底前形成报告。"),
        (SEC, f"要{PARK}，力争年底前主体完工。"),
        (SEC2, f"政务服务局负责{APPROVAL}。"),
    ], [
        Spec(0, "工商联", "牵头", EXPO, kind="collective", deadline="年内", deadline_norm="2021-12-31"),
        Spec(0, "商务局", "参与", EXPO, deadline="年内", deadline_norm="2021-12-31"),
        Spec(0, "工信局", "参与", EXPO, deadline="年内", deadline_norm="2021-12-31"),
        Spec(0, "科技局", "参与", EXPO, deadline="年内", deadline_norm="2021-12-31"),
        Spec(1, "商务局", "负责", FOREIGN),
        Spec(2, "发展和改革委员会", "牵头", SURVEY, mention="发改委", deadline="10月底前", deadline_norm="2021-10-31"),
        Spec(4, "政务服务局", "负责", APPROVAL),
    ], entities=[
        (S.PROJECT, "新能源汽车产业园", 3, {}),
        (S.TASK, PARK, 3, {"text": PARK, "unassigned": True, "section": " › ".join(SEC),
                           "sentence": f"要{PARK}，力争年底前主体完工。", "deadline": "年底前"}),
        (S.INDICATOR, "企业开办时间", 4, {"value": "1个工作日"}),
    ])
    b = make_result("901_sample_b", "在全区招商引资推进会上的讲话", [
        (("一、抓好项目落地",), f"商务局牵头，工信局参与，做好新能源汽车产业园招商工作。"),
        (("一、抓好项目落地",), "区委办负责督促各项任务落实。"),
    ], [
        Spec(0, "商务局", "牵头", "做好新能源汽车产业园招商工作"),
        Spec(0, "工信局", "参与", "做好新能源汽车产业园招商工作"),
        Spec(1, "区委办", "负责", "督促各项任务落实"),
    ], entities=[(S.PROJECT, "新能源汽车产业园", 0, {})], year=2022)
    return [a, b]


def sample_graph() -> nx.MultiDiGraph:
    return build_graph(sample_results())


def hostile_results() -> list[DocResult]:
    """A document whose title, body name, task and section try to inject script."""
    sec = (f"</script><script>{PWN}</script>一、整治",)
    r = make_result("902_hostile", XSS_TITLE, [
        (sec, f"由城管局牵头，{XSS_BODY}参与，{XSS_TASK}。"),
        (sec, "../../etc/passwd 负责清理楼道杂物。"),
        (sec, "a/b:c*?<>|局负责整治占道经营。"),
        (sec, "A局负责巡查。"),
        (sec, "a局负责复查。"),
        (sec, "CON负责登记。"),
    ], [
        Spec(0, "城管局", "牵头", XSS_TASK),
        Spec(0, XSS_BODY, "参与", XSS_TASK),
        Spec(1, "../../etc/passwd", "负责", "清理楼道杂物"),
        Spec(2, "a/b:c*?<>|局", "负责", "整治占道经营"),
        Spec(3, "A局", "负责", "巡查"),
        Spec(4, "a局", "负责", "复查"),
        Spec(5, "CON", "负责", "登记"),
    ])
    return [r]


def hostile_graph() -> nx.MultiDiGraph:
    return build_graph(hostile_results())


def page_data(path: Path) -> dict:
    """The nodes, edges and options a graph page draws, read back from the written file."""
    m = _DATA.search(path.read_text(encoding="utf-8"))
    assert m, f"{path} has no data block"
    return json.loads(m.group(1))


def large_graph(n_docs: int = 8, per_doc: int = 300, n_bodies: int = 120) -> nx.MultiDiGraph:
    """A graph above the aggregation limit: every task led by one body with two others taking part."""
    import random

    rng = random.Random(5)
    bodies = [f"第{i}局" for i in range(n_bodies)]
    results = []
    for d in range(n_docs):
        sents, specs = [], []
        for i in range(per_doc):
            lead, a, b = rng.sample(bodies, 3)
            task = f"完成第{d}-{i}项重点工作"
            sents.append((("一、总体要求",), f"{lead}牵头，{a}、{b}参与，{task}。"))
            specs += [Spec(i, lead, "牵头", task), Spec(i, a, "参与", task), Spec(i, b, "参与", task)]
        results.append(make_result(f"{d:03d}_large", f"讲话{d}", sents, specs))
    return build_graph(results)
