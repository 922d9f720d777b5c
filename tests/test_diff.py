"""``kg diff``: tasks matched by meaning, and every kind of change between two speeches reported.

The threshold is tested on real paraphrases: corpus task texts reworded the way a
later speech rewords them must match, and different tasks of the corpus must not.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import diff as D
from kg.errors import InputError
from kg.graph import build_graph
from kg.graph_io import save_graph
from kg.lexicon import load
from kg.model import Document
from kg.pipeline import extract_document, extract_paths

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "corpus" / "000_4cb1776f1e65bea3.txt"

# Corpus task texts (left) and the same task as a later speech might word it (right).
SAME_TASK = [
    ("对有意投资的外商进行梳理，通过请进来实地考察、主动外出推介等形式，争取在X期间引进一批客商、签约一批项目",
     "对有投资意向的外商开展梳理，采取请进来考察、走出去推介等方式，力争引进一批客商、签约一批项目"),
    ("组织驻区商会、行业协会、外来投资商，举办一次我区产业发展及转型创新推介会，系统地宣传区委区政府的发展思路、"
     "我区的产业优势、我区的重点规划、投资环境、相关优惠政策等等，让大家充分了解",
     "组织驻区商会、行业协会和外来投资商，举办我区产业发展转型创新推介会，宣传我区产业优势、重点规划和投资环境"),
    ("组织对辖区资源再次摸排，不断充实项目库，确保今年的项目在数量、质量及投资额度上都有新的提升，"
     "确保更多重大项目进入全省、全市大盘子",
     "对辖区项目资源开展再摸排，持续充实项目库，力争更多重大项目进入全省、全市大盘子"),
    ("加强对政策的收集、宣传和争取，定期汇集，服务好项目招商", "做好政策的收集、宣传和争取工作，定期汇总，服务项目招商"),
    ("主动与省、市对接，了解相应的扶持政策，帮助辖区企业申报扶持资金", "积极对接省、市有关部门，掌握扶持政策，帮助辖区企业争取扶持资金"),
    ("召开重点服务业企业座谈会，就如何提升我区服务业发展水平、加快新兴现代服务业发展进行探讨",
     "召开重点服务业企业座谈会，探讨提升我区服务业发展水平、加快发展新兴现代服务业"),
    ("加强对食品的安全监管，决不能出现任何事故", "强化食品安全监管，坚决杜绝出现事故"),
    ("定期与辖区大企业沟通，收集需要解决的问题，建立台账，跟踪落实", "定期同辖区大企业沟通，收集企业需要解决的问题并建立台账，跟踪落实"),
    ("加强非法集资类隐患的排查，发现问题及时上报，避免工作被动", "做好非法集资隐患排查，发现问题及时上报"),
    ("完善项目推进、督促、考核的工作机制", "健全项目推进、督促和考核工作机制"),
    ("建立辖区规模以上企业、重点企业联系制度，定期到企业了解生产经营情况，收集存在的问题，会同行业主管部门及时解决",
     "建立规模以上企业和重点企业联系制度，定期深入企业了解生产经营情况，及时协调解决存在的问题"),
]

# Different tasks of the corpus, most of them on the same subject (座谈会, 政策, 企业问题, 项目).
DIFFERENT_TASKS = [
    ("召开辖区大企业、科研院所负责人座谈会，了解企业今年的发展思路、具体项目、发展措施，判断全年发展形势，"
     "制定服务大企业、科研院所的具体措施",
     "召开规模以上工业企业、重点民营企业负责人座谈会，听取民营企业家关于科技创新、破解融资难、融入“互联网+”"
     "及信息技术等方面的意见建议，制定符合我区实际的支持企业创新转型、抱团解决融资"),
    ("召开重点服务业企业座谈会，就如何提升我区服务业发展水平、加快新兴现代服务业发展进行探讨",
     "召开辖区大企业、科研院所负责人座谈会，了解企业今年的发展思路、具体项目、发展措施，判断全年发展形势，"
     "制定服务大企业、科研院所的具体措施"),
    ("加强对政策的收集、宣传和争取，定期汇集，服务好项目招商", "主动与省、市对接，了解相应的扶持政策，帮助辖区企业申报扶持资金"),
    ("定期与辖区大企业沟通，收集需要解决的问题，建立台账，跟踪落实", "经常深入所属企业，收集解决存在问题"),
    ("加强重点人员排查，做好思想疏通工作，坚决避免群体性事件发生", "加强非法集资类隐患的排查，发现问题及时上报，避免工作被动"),
    ("切实抓好分管领域内的项目工作", "发挥项目主体作用"),
    ("切实抓好分管领域内的项目工作", "完善项目推进、督促、考核的工作机制"),
    ("认真学习政策，第一时间落实各项惠企政策，抓好这些暖企惠企政策的落实，特别是要增强扶持政策的精度和效能",
     "贯彻落实好国家的各项扶农助农政策，加大财政扶持力度，发展壮大农村经济，实现农民增收"),
    ("充分贯彻落实好上级的各项惠民政策，特别是对于帮扶贫困群众的政策一定要落实到位，要结合区情实际，"
     "利用假期开展各种形式的扶贫助困活动",
     "贯彻落实好国家的各项扶农助农政策，加大财政扶持力度，发展壮大农村经济，实现农民增收"),
    ("对有意投资的外商进行梳理，通过请进来实地考察、主动外出推介等形式，争取在X期间引进一批客商、签约一批项目",
     "分别与市十大产业招商牵头单位对接，了解今年招商动向，特别是牡丹文化节邀商情况，做好跟踪对接，"
     "将其引进的项目和客商向我区推介，做到借力招商"),
    ("加强对企业反映问题办理情况的跟踪问效", "经常深入所属企业，收集解决存在问题"),
    ("主动服务企业建立工程技术中心、企业研发中心、重点实验室",
     "召开重点服务业企业座谈会，就如何提升我区服务业发展水平、加快新兴现代服务业发展进行探讨"),
]

Q1 = """在全区一季度经济运行调度会上的讲话
（2020年4月10日）

一、明确全年目标
2020年全区经济社会发展的主要预期目标是：地区生产总值增长7%，规模以上工业增加值增长8%，社会消费品零售总额增长9%。

二、抓好重点工作
（一）项目建设
由发改委牵头，组织对辖区资源再次摸排，不断充实项目库，确保更多重大项目进入全省、全市大盘子。
（二）招商引资
商务局负责对有意投资的外商进行梳理，通过请进来实地考察、主动外出推介等形式，争取引进一批客商、签约一批项目。
由工商联牵头，商务局、工信局、科技局等部门参与，举办一次我区产业发展及转型创新推介会。
（三）企业服务
工信局要建立辖区规模以上企业、重点企业联系制度，定期到企业了解生产经营情况，6月底前完成。
市场监管局要加强对食品的安全监管，决不能出现任何事故。
（四）民生保障
民政局要结合区情实际，利用假期开展各种形式的扶贫助困活动。
"""

# The 二季度 meeting: one task reworded (商务局), one added (财政局), one dropped (民政局),
# one lead changed (推介会: 商务局 instead of 工商联), one deadline moved (6月底前 -> 9月底前),
# one indicator target changed (地区生产总值 7% -> 6.5%).
Q2 = """在全区二季度经济运行调度会上的讲话
（2020年7月8日）

一、明确全年目标
2020年全区经济社会发展的主要预期目标调整为：地区生产总值增长6.5%，规模以上工业增加值增长8%，社会消费品零售总额增长9%。

二、抓好重点工作
（一）项目建设
由发改委牵头，组织对辖区资源再次摸排，不断充实项目库，确保更多重大项目进入全省、全市大盘子。
财政局负责加快资金拨付进度，保障重点项目资金需求。
（二）招商引资
商务局要对有投资意向的外商开展梳理，采取请进来考察、走出去推介等方式，力争引进一批客商、签约一批项目。
由商务局牵头，工商联、工信局、科技局等部门参与，举办一次我区产业发展及转型创新推介会。
（三）企业服务
工信局要建立辖区规模以上企业、重点企业联系制度，定期到企业了解生产经营情况，9月底前完成。
市场监管局要加强对食品的安全监管，决不能出现任何事故。
"""


def words(text: str) -> frozenset[str]:
    return D.content_words(D.pkuseg_tokenize([text])[0], set(load().forms))


def score(a: str, b: str) -> float:
    return D.similarity(words(a), words(b))


def kg(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "300"}  # table rows on one line each
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, env=env)


@pytest.fixture(scope="module")
def speeches(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("speeches")
    (folder / "2020q1.txt").write_text(Q1, encoding="utf-8")
    (folder / "2020q2.txt").write_text(Q2, encoding="utf-8")
    return folder / "2020q1.txt", folder / "2020q2.txt"


@pytest.fixture(scope="module")
def quarter_diff(speeches) -> D.GraphDiff:
    return D.diff_graphs(D.read_side(speeches[0]), D.read_side(speeches[1]))


# ── the threshold ───────────────────────────────────────────────────────────

@pytest.mark.parametrize("old,new", SAME_TASK, ids=[a[:12] for a, _ in SAME_TASK])
def test_a_reworded_task_reaches_the_threshold(old, new):
    assert score(old, new) >= D.THRESHOLD


@pytest.mark.parametrize("a,b", DIFFERENT_TASKS, ids=[f"{a[:8]}-{b[:8]}" for a, b in DIFFERENT_TASKS])
def test_different_tasks_stay_below_the_threshold(a, b):
    assert score(a, b) < D.THRESHOLD


def test_the_threshold_sits_between_paraphrases_and_different_tasks():
    """Not at an edge: a small change of wording does not flip a decision."""
    same = min(score(a, b) for a, b in SAME_TASK)
    different = max(score(a, b) for a, b in DIFFERENT_TASKS)
    assert different + 0.02 < D.THRESHOLD < same - 0.05


def test_bodies_deadlines_placeholders_and_cue_words_are_not_content():
    w = words("由商务局牵头，工信局配合，尽快对X等项目进行梳理，6月底前完成")
    assert not w & {"商务局", "工信局", "牵头", "配合", "尽快", "X", "6月底"}
    assert {"项目", "梳理"} <= w


# ── matching ────────────────────────────────────────────────────────────────

def _brute_force(old, new, threshold):
    pairs = sorted(((-D.similarity(a, b), i, j) for i, a in enumerate(old) for j, b in enumerate(new)
                    if D.similarity(a, b) >= threshold))
    used_a, used_b, out = set(), set(), []
    for s, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append(D.Match(i, j, -s))
    return sorted(out, key=lambda m: (m.new, m.old))


_sets = st.lists(st.frozensets(st.sampled_from("甲乙丙丁戊己庚辛壬癸子丑寅卯"), max_size=7), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_sets, _sets, st.sampled_from([0.3, 0.5, 0.7, 1.0]))
def test_the_inverted_index_finds_every_pair_all_pairs_would(old, new, threshold):
    assert D.match_tasks(old, new, threshold) == _brute_force(old, new, threshold)


def test_matching_is_one_to_one_and_best_first():
    a = [frozenset("甲乙丙丁"), frozenset("甲乙丙戊")]
    b = [frozenset("甲乙丙戊")]
    assert D.match_tasks(a, b, 0.5) == [D.Match(1, 0, 1.0)]


def test_identical_texts_match_even_without_content_words():
    assert D.match_tasks([frozenset()], [frozenset()], 0.5, ["做好工作"], ["做好工作"]) == [D.Match(0, 0, 1.0)]


def test_a_tie_goes_to_the_task_with_the_same_bodies():
    ws = [frozenset("甲乙丙")] * 2
    tie = {(0, 0): (0.0,), (0, 1): (1.0,), (1, 0): (1.0,), (1, 1): (0.0,)}
    m = D.match_tasks(ws, ws, 0.5, tie=lambda i, j: tie[(i, j)])
    assert {(x.old, x.new) for x in m} == {(0, 1), (1, 0)}


# ── two quarters ────────────────────────────────────────────────────────────

def test_a_reworded_task_is_the_same_task(quarter_diff):
    d = quarter_diff
    assert (d.old_tasks, d.new_tasks, d.matched) == (6, 6, 5)
    assert d.reworded == 2  # the 商务局 task, and the 工信局 one whose deadline moved
    assert not any("外商" in t.text for t in d.added + d.dropped)


def test_added_and_dropped(quarter_diff):
    assert [(t.text, t.role("负责")) for t in quarter_diff.added] == [("加快资金拨付进度，保障重点项目资金需求", ("区财政局",))]
    assert [(t.text, t.role("负责")) for t in quarter_diff.dropped] == [
        ("结合区情实际，利用假期开展各种形式的扶贫助困活动", ("区民政局",))]


def test_lead_changed(quarter_diff):
    [c] = quarter_diff.bodies_changed
    assert "推介会" in c.new.text
    assert (c.old.role("牵头"), c.new.role("牵头")) == (("区工商联",), ("区商务局",))
    assert "区工商联" in c.new.role("参与") and "区商务局" in c.old.role("参与")


def test_deadline_moved(quarter_diff):
    [c] = quarter_diff.deadlines_changed
    assert (c.old.deadline, c.new.deadline) == ("6月底前", "9月底前")
    assert (c.old.deadline_norm, c.new.deadline_norm) == ("2020-06-30", "2020-09-30")
    assert c.old.bodies == c.new.bodies


def test_indicator_target_changed(quarter_diff):
    [c] = quarter_diff.targets_changed
    assert (c.indicator, c.metric) == ("地区生产总值", "growth")
    assert c.old[0].startswith("增长7%") and c.new[0].startswith("增长6.5%")


def test_markdown_has_every_section(quarter_diff):
    md = D.render_markdown(quarter_diff)
    for _, title in D.SECTIONS:
        assert f"## {title}（1）" in md
    assert "| 举办一次我区产业发展及转型创新推介会 | 牵头：区工商联；参与：区商务局、区工信局、区科技局 |" in md


# ── the command ─────────────────────────────────────────────────────────────

def test_cli_json(speeches):
    out = kg("diff", str(speeches[0]), str(speeches[1]), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["summary"] == {"old_tasks": 6, "new_tasks": 6, "matched": 5, "reworded": 2, "added": 1,
                               "dropped": 1, "bodies_changed": 1, "deadlines_changed": 1, "targets_changed": 1}
    assert data["bodies_changed"][0]["new"]["牵头"] == ["区商务局"]
    assert data["deadlines_changed"][0]["new"]["deadline_norm"] == "2020-09-30"


def test_cli_table_and_markdown(speeches):
    out = kg("diff", str(speeches[0]), str(speeches[1]))
    assert out.returncode == 0, out.stderr
    for _, title in D.SECTIONS:
        assert title in out.stdout
    out = kg("diff", str(speeches[0]), str(speeches[1]), "-f", "md", "--threshold", "0.9")
    assert out.returncode == 0, out.stderr
    assert "相似度阈值 0.9" in out.stdout and "## 新增任务（2）" in out.stdout  # the reworded task no longer matches


def test_cli_prints_markup_in_a_document_as_text(tmp_path):
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text("商务局负责对有意投资的外商进行梳理。\n", encoding="utf-8")
    new.write_text("商务局负责对有意投资的外商进行梳理。\n科技局负责做好[bold red]科技[/bold red]企业培育工作。\n", encoding="utf-8")
    out = kg("diff", str(old), str(new))
    assert out.returncode == 0, out.stderr
    assert "做好[bold red]科技[/bold red]企业培育工作" in out.stdout
    md = kg("diff", str(old), str(new), "-f", "md").stdout
    assert r"\[bold red\]科技\[/bold red\]" in md


@pytest.mark.parametrize("args,message", [
    (("no-such.txt", "corpus/000_4cb1776f1e65bea3.txt"), "no-such.txt: no such file or directory"),
    (("corpus/000_4cb1776f1e65bea3.txt", "corpus/000_4cb1776f1e65bea3.txt", "-f", "xml"), "unknown format 'xml'"),
    (("corpus/000_4cb1776f1e65bea3.txt", "corpus/000_4cb1776f1e65bea3.txt", "-t", "0"), "--threshold"),
    (("corpus/000_4cb1776f1e65bea3.txt", "corpus/000_4cb1776f1e65bea3.txt", "-t", "1.5"), "--threshold"),
])
def test_bad_input_is_one_line(args, message):
    out = kg("diff", *args)
    assert out.returncode == 2
    assert out.stderr.startswith("kg: error: ") and message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_bad_inputs_of_read_side(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no documents"):
        D.read_side(tmp_path / "empty")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        D.read_side(tmp_path / "bad.json")
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        D.read_side(tmp_path / "empty.txt")


# ── the corpus ──────────────────────────────────────────────────────────────

@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "corpus").glob("*.txt")))
def test_a_corpus_document_against_itself_has_no_change(name):
    g = build_graph(extract_paths([ROOT / "corpus" / name]))
    d = D.diff_graphs(g, g)
    assert d.is_empty() and d.matched == d.old_tasks == d.new_tasks > 0 and d.reworded == 0


def test_a_document_against_its_saved_build(tmp_path, corpus_graph):
    save_graph(corpus_graph, tmp_path / "out")
    for side in (tmp_path, tmp_path / "out", tmp_path / "out" / "graph.json"):
        d = D.diff_graphs(D.read_side(ROOT / "corpus"), D.read_side(side))
        assert d.is_empty() and d.matched == d.old_tasks


def test_a_corpus_speech_with_its_bodies_changed(tmp_path):
    """The corpus's own sentences, one task given to another body and one lead swapped."""
    text = DOC.read_text(encoding="utf-8")
    changed = (text.replace("由商务局负责，对有意投资的外商进行梳理", "由招商局负责，对有投资意向的外商开展梳理")
               .replace("由工商联牵头，商务局、工信局、科技局等部门参与", "由商务局牵头，工商联、工信局、科技局等部门参与"))
    assert changed.count("招商局负责") == 1 and changed != text
    new = tmp_path / DOC.name
    new.write_text(changed, encoding="utf-8")
    d = D.diff_graphs(D.read_side(DOC), D.read_side(new))
    assert not (d.added or d.dropped or d.deadlines_changed or d.targets_changed)
    got = {(c.old.role("负责"), c.new.role("负责"), c.old.role("牵头"), c.new.role("牵头")) for c in d.bodies_changed}
    assert got == {(("区商务局",), ("区招商局",), (), ()), ((), (), ("区工商联",), ("区商务局",))}
    assert d.reworded == 1


def test_a_reassignment_names_both_bodies_as_written():
    head = "在2024年全区经济工作会议上的讲话\n同志们：\n全区上下要团结一致，全区要抓好落实。\n"
    old = build_graph([extract_document(Document(id="old", text=head + "由商务局负责外贸促进工作。\n"))])
    new = build_graph([extract_document(Document(id="new", text=head + "由投资促进中心负责外贸促进工作。\n"))])
    [c] = D.diff_graphs(old, new).bodies_changed
    assert (c.old.role("负责"), c.new.role("负责")) == (("区商务局",), ("区投资促进中心",))
