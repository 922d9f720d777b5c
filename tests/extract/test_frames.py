"""The assignment grammar on real sentences of corpus/ and on the shapes of other document kinds."""
from __future__ import annotations

import pytest

from kg.extract.assembly import extract_document
from kg.model import Document


def _read(text: str, doc_id: str = "t") -> list[tuple[str, str, str, str]]:
    r = extract_document(Document(id=doc_id, text=text))
    return [(a.org, a.role, a.task, a.mention) for a in r.assignments]


def _has(rows, org: str, role: str, key: str) -> bool:
    """An assignment of ``org`` (canonical name or as written) in ``role`` whose task contains ``key``."""
    return any(org in (o, m) and ro == role and key in t for o, ro, t, m in rows)


# (sentence from corpus/, expected (org, role, key) triples)
CORPUS_SENTENCES = [
    ("发改委总牵头，工信、服务业、民政、文化等部门负责，组织对辖区资源再次摸排，不断充实项目库。",
     [("发改委", "牵头", "组织对辖区资源再次摸排"), ("工信局", "负责", "组织对辖区资源再次摸排"),
      ("民政局", "负责", "不断充实项目库"), ("服务业", "负责", "组织对辖区资源再次摸排"), ("文化", "负责", "组织")]),
    ("由工商联牵头，商务局、工信局、科技局等部门参与，组织驻区商会、行业协会、外来投资商，举办一次我区产业发展及转型创新推介会。",
     [("工商联", "牵头", "举办一次我区产业发展及转型创新推介会"), ("商务局", "参与", "推介会"),
      ("工信局", "参与", "推介会"), ("科技局", "参与", "推介会")]),
    ("由商务局负责，对有意投资的外商进行梳理，通过请进来实地考察、主动外出推介等形式，争取引进一批客商。",
     [("商务局", "负责", "对有意投资的外商进行梳理")]),
    ("根据今天会议确定的年度主要指标增长计划，发改、工信、服务业、财政等部门尽快将任务分解落实到各单位。",
     [("发改委", "负责", "将任务分解落实到各单位"), ("财政局", "负责", "将任务分解落实到各单位")]),
    ("要完善经济运行协调机制，由X同志负责，召集主要经济部门，总结剖析去年经济运行协调中的经验和不足。",
     [("X同志", "负责", "召集主要经济部门")]),
    ("商务局要抢抓重要节庆窗口和假日休假旅游季节，谋划好促进消费系列活动，组织开展各类打折让利活动。",
     [("商务局", "负责", "谋划好促进消费系列活动")]),
    ("民政、人社、残联等部门，要充分贯彻落实好上级的各项惠民政策。",
     [("民政局", "负责", "上级的各项惠民政策"), ("残联", "负责", "上级的各项惠民政策")]),
    ("要加强对市场产品的安全监测监管，特别是食安、工商、质监、卫生等部门要加强对食品的安全监管，决不能出现任何事故。",
     [("工商局", "负责", "加强对食品的安全监管")]),
    ("政府各位领导要切实抓好分管领域内的项目工作，各办事处及项目指挥部要发挥项目主体作用，区直各职能部门要切实做好业务指导和服务工作，发改委要牵头完善项目推进、督促、考核的工作机制。",
     [("政府各位领导", "负责", "抓好分管领域内的项目工作"), ("各办事处", "负责", "发挥项目主体作用"),
      ("项目指挥部", "负责", "发挥项目主体作用"), ("区直各职能部门", "负责", "做好业务指导和服务工作"),
      ("发改委", "牵头", "完善项目推进、督促、考核的工作机制")]),
    ("承担任务的各级各部门要站在发展为民的高度，切实抓好民生实事的办理。",
     [("承担任务的各级各部门", "负责", "抓好民生实事的办理")]),
    ("这些我都同意，各镇街、园区、区直相关部门要认真对照全年目标任务、季度工作要求，集中精力突破重点。",
     [("各镇街", "负责", "认真对照全年目标任务"), ("园区", "负责", "认真对照全年目标任务"),
      ("区直相关部门", "负责", "认真对照全年目标任务")]),
]


@pytest.mark.parametrize("sentence,expected", CORPUS_SENTENCES, ids=[s[:12] for s, _ in CORPUS_SENTENCES])
def test_corpus_sentence(sentence, expected):
    rows = _read(sentence)
    for org, role, key in expected:
        assert _has(rows, org, role, key), (org, role, key, rows)


def test_several_directives_in_one_sentence_keep_their_own_scope():
    rows = _read("政府各位领导要切实抓好分管领域内的项目工作，各办事处及项目指挥部要发挥项目主体作用。")
    lead = [t for o, _, t, _ in rows if o == "政府各位领导"]
    assert lead == ["切实抓好分管领域内的项目工作"]


NOT_ASSIGNMENTS = [
    "刚才，发改委通报了一季度经济运行情况、部署了重点指标任务，这些指标任务都是经过区委区政府研究决定的，要抓好落实。",
    "刚才，区发改、统计、工信、商务、财政、农业农村、住建等部门结合实际，汇报了第一季度经济各项工作推进情况。",
    "一要坚定项目为王，扩大有效投资。",
    "召开辖区大企业、科研院所负责人座谈会。",
    "我们要认真学习，深刻领会，抓好落实。",
    "领导干部要带头遵守廉政要求，守好底线。",
    "加强人才、土地、资金等要素保障，为项目落地开工创造优质营商环境。",
    # written here: reports and look-alikes of other places
    "由于县财政局资金不到位，项目推进缓慢。",
    "今年以来，县发改局牵头完成了项目库建设。",
    "县发改局负责同志介绍了全县项目建设情况。",
    "财政局局长张三在会上作了发言。",
    "各乡镇已完成年度目标任务。",
    "县商务局被评为全省先进单位。",
    "各地都在强力招引项目、加快建设项目。",
]


@pytest.mark.parametrize("sentence", NOT_ASSIGNMENTS, ids=[s[:10] for s in NOT_ASSIGNMENTS])
def test_not_an_assignment(sentence):
    assert _read("同志们：\n" + sentence) == []


def test_speaker_own_leadership_is_not_assigned_in_a_speech():
    assert _read("同志们：\n全区上下要团结一心。区委区政府要全力服务企业，会同企业共同渡难关。全区经济向好。") == []


# Shapes of other document kinds (task lists, State Council letters, regulations); written here, not from corpus/.
def test_task_list_responsibility_line_gives_roles_to_the_task_before():
    text = ("一、提升政务服务效能\n1.全面推行证明事项告知承诺制，年底前实现高频事项全覆盖。\n"
            "责任单位：省司法厅牵头，省政务服务中心等按职责分工负责。")
    r = extract_document(Document(id="list", text=text))
    got = {(a.org, a.role) for a in r.assignments}
    assert ("省司法厅", "牵头") in got and ("省政务服务中心", "负责") in got
    assert all(a.task.startswith("全面推行证明事项告知承诺制") for a in r.assignments)
    assert all(a.deadline == "年底前" for a in r.assignments)


@pytest.mark.parametrize("text,expected", [
    ("推进企业开办全程网上办理，6月底前将开办时间压缩至1个工作日以内（省市场监管局牵头，省公安厅、省税务局配合）。",
     {("省市场监管局", "牵头"), ("省公安厅", "参与"), ("省税务局", "参与")}),
    ("建立营商环境投诉举报平台。（牵头单位：省发展改革委；配合单位：省信访局）",
     {("省发展改革委", "牵头"), ("省信访局", "参与")}),
    ("推进河湖长制落实，由水利局牵头，生态环境局、自然资源局配合。",
     {("水利局", "牵头"), ("生态环境局", "参与"), ("自然资源局", "参与")}),
])
def test_bracketed_and_trailing_roles(text, expected):
    r = extract_document(Document(id="x", text=text))
    got = {(a.org, a.role) for a in r.assignments}
    assert expected <= got, got


def test_a_huitong_b_gives_lead_and_assist():
    rows = _read("商务部会同财政部、海关总署，研究完善跨境电商零售进口管理制度。")
    assert _has(rows, "商务部", "牵头", "研究完善跨境电商零售进口管理制度")
    assert _has(rows, "财政部", "参与", "研究完善")
    assert _has(rows, "海关总署", "参与", "研究完善")


def test_regulation_shall_and_responsible():
    text = ("某市安全生产条例\n第五条 市人民政府应当加强对全市安全生产工作的领导。\n"
            "第六条 市应急管理局负责全市安全生产综合监督管理工作。")
    r = extract_document(Document(id="reg", text=text))
    got = {(a.mention, a.role) for a in r.assignments}
    assert ("市人民政府", "负责") in got and ("市应急管理局", "负责") in got


def test_levels_stay_part_of_identity():
    r = extract_document(Document(id="lv", text="省发改委要加强指导。区发改委要抓好落实。全区要形成合力，全区上下一起干。"))
    orgs = [a.org for a in r.assignments]
    assert orgs[0] != orgs[1] and orgs[0].startswith("省")


def test_offsets_point_into_the_original_text():
    text = "（一）招商引资\n由工商联牵头，商务局等部门参与，举办推介会。"
    r = extract_document(Document(id="o", text=text))
    for a in r.assignments:
        assert text[a.mention_start:a.mention_end] == a.mention
        assert text[a.task_start:a.task_end] == a.task
        assert text[a.start:a.end] == a.evidence
        assert a.section == "（一）招商引资"


def test_branch_of_a_body_is_one_actor():
    rows = _read("市生态环境局高新分局要加强园区企业排污监管。")
    assert any(m == "市生态环境局高新分局" and r == "负责" for _, r, _, m in rows), rows


# More shapes of county/city documents (written here, not taken from corpus/).
@pytest.mark.parametrize("sentence,expected", [
    ("请县纪委监委对落实情况进行跟踪督查。", [("县纪委监委", "负责", "对落实情况进行跟踪督查")]),
    ("对于问题整改不力的，由县纪委监委严肃追责问责。", [("县纪委监委", "负责", "严肃追责问责")]),
    ("县税务局、县市场监管局按照职责分工，做好相关工作。", [("县税务局", "负责", "做好相关工作")]),
    ("区商务局牵头组织实施。", [("区商务局", "牵头", "组织实施")]),
    ("市住建局：负责城市更新项目的规划审批。", [("市住建局", "负责", "城市更新项目的规划审批")]),
    ("县政府办公室要牵头做好督查工作，县直各部门要积极配合。",
     [("县政府办公室", "牵头", "做好督查工作"), ("县直各部门", "参与", "做好督查工作")]),
    ("县教育局、县卫健局分别负责校园和医疗机构的疫情防控工作。", [("县卫健局", "负责", "疫情防控工作")]),
    ("团县委、县妇联、县残联等群团组织要发挥桥梁纽带作用。", [("县妇联", "负责", "发挥桥梁纽带作用")]),
    ("县农业农村局是全县农村人居环境整治的牵头单位。", [("县农业农村局", "牵头", "全县农村人居环境整治")]),
    ("县公安局要严厉打击电信网络诈骗犯罪，县法院、县检察院要依法从严从快审理。",
     [("县公安局", "负责", "严厉打击电信网络诈骗犯罪"), ("县检察院", "负责", "依法从严从快审理")]),
])
def test_other_places_shapes(sentence, expected):
    rows = _read("县政府工作会议\n" + sentence)
    for org, role, key in expected:
        assert _has(rows, org, role, key), (org, role, key, rows)


# Shapes of regulations (written here, not taken from corpus/).
@pytest.mark.parametrize("sentence,expected", [
    ("县级以上人民政府应当将安全生产工作纳入国民经济和社会发展规划。",
     [("县级以上人民政府", "负责", "将安全生产工作纳入国民经济和社会发展规划")]),
    ("乡镇人民政府和街道办事处应当协助做好本辖区内的物业管理相关工作。",
     [("乡镇人民政府", "参与", "物业管理相关工作"), ("街道办事处", "参与", "物业管理相关工作")]),
    ("市人民政府住房和城乡建设主管部门负责本市物业管理活动的监督管理工作。",
     [("市人民政府住房和城乡建设主管部门", "负责", "本市物业管理活动的监督管理工作")]),
    ("发展改革、财政、自然资源等有关部门应当按照各自职责，做好相关工作。", [("财政", "负责", "做好相关工作")]),
    ("公安机关交通管理部门负责机动车排气污染的路检工作。", [("公安机关交通管理部门", "负责", "路检工作")]),
    ("县（市、区）人民政府负责组织实施本行政区域内的农村公路建设。",
     [("县（市、区）人民政府", "负责", "组织实施本行政区域内的农村公路建设")]),
])
def test_regulation_shapes(sentence, expected):
    rows = _read("某市物业管理条例\n" + sentence)
    for org, role, key in expected:
        assert _has(rows, org, role, key), (org, role, key, rows)


def test_past_time_makes_a_report():
    assert _read("同志们：\n刚才，政府各位领导对分管领域内的工作进行详细安排部署。") == []


@pytest.mark.parametrize("sentence,expected", [
    ("各专案组在加快案件侦破的同时，要积极做好案情通报，取得群众的理解和信任。",
     [("各专案组", "负责", "积极做好案情通报")]),
    ("县税务局在优化纳税服务方面要进一步压缩办税时间。", [("县税务局", "负责", "进一步压缩办税时间")]),
])
def test_adverbial_between_actor_and_modal(sentence, expected):
    rows = _read("同志们：\n" + sentence)
    for org, role, key in expected:
        assert _has(rows, org, role, key), (org, role, key, rows)
