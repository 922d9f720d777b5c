"""Assembly: declarations that cover a whole item, the deadline an item states, conventions."""
from __future__ import annotations

import pytest

from kg.extract.assembly import extract_document
from kg.model import Document

PLAN = ("二、重点任务\n"
        "（一）深化一网通办改革。推动高频事项全程网办。\n"
        "责任单位：区政务服务中心\n配合单位：区市场监管局、区税务局\n完成时限：2025年6月底前\n"
        "（二）加强涉企服务。每季度走访企业一次。（区工信局牵头，各街道配合，长期坚持）\n")


def _rows(text: str):
    return [(a.mention, a.role, a.task, a.deadline, a.deadline_norm)
            for a in extract_document(Document(id="plan", text=text)).assignments]


def test_label_lines_cover_the_item_and_its_deadline():
    rows = _rows(PLAN)
    task = "深化一网通办改革。推动高频事项全程网办"
    assert ("区政务服务中心", "负责", task, "2025年6月底前", "2025-06-30") in rows
    assert ("区市场监管局", "参与", task, "2025年6月底前", "2025-06-30") in rows
    assert ("区税务局", "参与", task, "2025年6月底前", "2025-06-30") in rows


def test_a_time_closing_the_bracket_is_the_deadline_not_a_task():
    rows = _rows(PLAN)
    task = "加强涉企服务。每季度走访企业一次"
    assert ("区工信局", "牵头", task, "长期坚持", "ongoing") in rows
    assert ("各街道", "参与", task, "长期坚持", "ongoing") in rows
    assert len(rows) == 5


def test_a_label_inside_the_bracket_ends_at_the_bracket_or_the_next_label():
    text = ("（一）推进医共体建设。（牵头单位：区卫生健康局；配合单位：区医保局；完成时限：2026年8月）\n"
            "（二）开展健康体检。（责任单位：区卫生健康局；完成时限：2026年10月底前；责任领导：分管副区长）\n")
    rows = _rows(text)
    # the value of a 完成时限 label: a month alone is the deadline, due at its end
    assert ("区卫生健康局", "牵头", "推进医共体建设", "2026年8月", "2026-08-31") in rows
    assert ("区医保局", "参与", "推进医共体建设", "2026年8月", "2026-08-31") in rows
    assert ("区卫生健康局", "负责", "开展健康体检", "2026年10月底前", "2026-10-31") in rows


def test_a_declaration_followed_only_by_a_time_covers_its_item_with_that_deadline():
    text = "（二）实施课后服务提质工程。区教育局、区财政局按职责分工负责，2026年9月底前完成。\n"
    rows = _rows(text)
    assert rows == [("区教育局", "负责", "实施课后服务提质工程", "2026年9月底前", "2026-09-30"),
                    ("区财政局", "负责", "实施课后服务提质工程", "2026年9月底前", "2026-09-30")]


def test_bodies_of_a_label_line_may_be_parted_by_commas():
    text = "2.开展老年人免费健康体检。责任单位：区卫生健康局，各街道办事处。\n"
    rows = _rows(text)
    assert rows == [("区卫生健康局", "负责", "开展老年人免费健康体检", None, None),
                    ("各街道办事处", "负责", "开展老年人免费健康体检", None, None)]


def test_a_form_of_label_lines_gives_its_matter_to_each_body_with_its_deadline():
    text = ("督办通知单\n督办事项：解决城南片区居民饮水困难问题\n承办单位：区水务局\n"
            "协办单位：区住房城乡建设局、城南街道办事处\n办理时限：2026年7月15日前\n")
    task = "解决城南片区居民饮水困难问题"
    assert _rows(text) == [("区水务局", "负责", task, "2026年7月15日前", "2026-07-15"),
                           ("区住房城乡建设局", "参与", task, "2026年7月15日前", "2026-07-15"),
                           ("城南街道办事处", "参与", task, "2026年7月15日前", "2026-07-15")]


def test_a_leader_line_of_an_item_is_a_person_and_no_part_of_the_task():
    text = "（一）精准开展产业链招商。绘制招商图谱。\n牵头领导：李副区长\n责任单位：区投资促进局\n"
    task = "精准开展产业链招商。绘制招商图谱"
    assert _rows(text) == [("李副区长", "牵头", task, None, None), ("区投资促进局", "负责", task, None, None)]


def test_second_declaration_covers_only_the_text_since_the_first():
    text = "1.推进A项目。完成选址（区发改局牵头）。完成立项（区财政局负责）。"
    rows = _rows(text)
    assert ("区发改局", "牵头", "推进A项目。完成选址", None, None) in rows
    assert ("区财政局", "负责", "完成立项", None, None) in rows


def test_a_document_without_readable_structure_still_gives_its_sentences():
    text = "\n\n".join(["区商务局要抓好外贸稳增长。", "））（（1.", "区财政局负责资金保障。"])
    rows = _rows(text)
    assert ("区商务局", "负责", "抓好外贸稳增长", None, None) in rows
    assert ("区财政局", "负责", "资金保障", None, None) in rows


def test_the_last_item_of_a_section_covers_only_itself():
    text = ("四、主要任务\n（一）扩大开放\n1.拓展市场。推广试点。（海关总署负责）\n2.推广制度。复制经验。（商务部负责）\n"
            "五、有关要求\n各地区要加强组织领导。\n")
    rows = _rows(text)
    assert ("商务部", "负责", "推广制度。复制经验", None, None) in rows
    assert ("海关总署", "负责", "拓展市场。推广试点", None, None) in rows


@pytest.mark.parametrize("text,expected", [
    ("一、甲\n（一）乙\n1.丙\n2.丁\n（二）戊\n1.己\n二、庚\n", [0, 1, 2, 2, 1, 2, 0]),
    # a list whose first heading the text leaves out: 二、 goes on it, under no 1.
    ("1.甲\n2.乙\n二、保障措施\n", [0, 0, 0]),
    ("一、甲\n1.乙\n2.丙\n（二）丁\n", [0, 1, 1, 1]),
    ("第五条 甲\n（一）乙\n（二）丙\n第六条 丁\n", [0, 1, 1, 0]),
    # a new style that starts at its first number opens a level, whatever its rank
    ("1.甲\n一、乙\n二、丙\n2.丁\n", [0, 1, 1, 0]),
])
def test_outline_depths(text, expected):
    from kg.extract.items import depths, find_items

    assert depths(find_items(text)) == expected


@pytest.mark.parametrize("marker,number", [("二、", 2), ("（十二）", 12), ("3.", 3), ("(4)", 4), ("2.1", 1),
                                           ("⑤", 5), ("第二十一条", 21), ("两、", 2), ("第一百条", None)])
def test_marker_number(marker, number):
    from kg.extract.items import marker_number
    from kg.extract.structure import normalize

    assert marker_number(normalize(marker)) == number


def test_the_last_item_before_a_heading_of_a_list_left_unopened_covers_only_itself():
    text = ("1.开展专项整治。\n牵头单位：区税务局\n责任单位：区财政局\n\n2.落实减税降费政策。\n牵头领导：王某\n"
            "牵头单位：区税务局\n责任单位：区财政局\n\n二、保障措施\n各责任单位要按时报送工作进展。\n")
    rows = _rows(text)
    assert ("区财政局", "负责", "落实减税降费政策", None, None) in rows
    assert ("区财政局", "负责", "开展专项整治", None, None) in rows


def test_a_review_of_past_work_assigns_nothing():
    from kg.model import Document
    from kg.pipeline import extract_document

    text = ("一、肯定成绩，坚定信心\n区商务局牵头举办投资推介会，签约项目12个。\n"
            "二、突出重点，实干争先\n区商务局要牵头举办投资推介会。\n")
    got = [(a.section, a.task) for a in extract_document(Document(id="r", text=text)).assignments]
    assert got == [("二、突出重点，实干争先", "举办投资推介会")]


def test_a_summary_reports_its_work_and_assigns_its_plans():
    from kg.pipeline import extract_document

    text = ("一、上半年工作情况\n区发改局牵头组织重点项目集中开工，新开工项目25个。\n"
            "二、存在的问题\n个别单位要素保障不足，区住建局要加快进度的要求落实不够。\n"
            "三、下半年工作打算\n区发改局将会同区市场监管局开展营商环境评价。\n")
    got = [(a.mention, a.role, a.task) for a in extract_document(Document(id="s", text=text)).assignments]
    assert got == [("区发改局", "牵头", "开展营商环境评价"), ("区市场监管局", "参与", "开展营商环境评价")]


def test_a_line_naming_the_people_of_an_item_is_no_part_of_its_task():
    text = ("二、重点任务\n（一）开展村庄清洁行动。每季度评比一次。\n责任领导：分管副县长\n责任单位：县住建局\n"
            "（二）推进农村改厕。\n包联领导：县委常委\n责任人：李某\n牵头单位：县农业农村局\n")
    rows = _rows(text)
    assert ("县住建局", "负责", "开展村庄清洁行动。每季度评比一次", None, None) in rows
    assert ("县农业农村局", "牵头", "推进农村改厕", None, None) in rows
    assert len(rows) == 2


def test_the_record_lines_of_minutes_give_nothing():
    text = ("县政府常务会议纪要\n一、关于防汛准备工作\n县水利局加强水库巡查。\n"
            "参加会议人员：县政府领导班子成员，县政府办公室、县发改局主要负责同志。\n抄送：县委办公室，县人大常委会办公室。\n")
    rows = _rows(text)
    assert rows == [("县水利局", "负责", "加强水库巡查", None, None)]


def test_a_label_line_after_the_last_of_undeclared_items_covers_the_item_they_stand_under():
    text = ("三、主要任务\n（一）推进城市更新\n1.改造老旧小区20个。\n2.整治背街小巷8条。\n牵头单位：区住建局；配合单位：各街道\n"
            "（二）提升养老服务\n1.新建社区养老服务站3个。\n责任单位：区民政局\n2.培训养老护理员200人。\n责任单位：区人社局\n")
    rows = {(m, r, t) for m, r, t, _, _ in _rows(text)}
    whole = "推进城市更新\n1.改造老旧小区20个。\n2.整治背街小巷8条"
    assert ("区住建局", "牵头", whole) in rows and ("各街道", "参与", whole) in rows
    # where each numbered item declares its own owners, each line is its item's
    assert ("区民政局", "负责", "新建社区养老服务站3个") in rows
    assert ("区人社局", "负责", "培训养老护理员200人") in rows
    assert len(rows) == 4


def test_this_work_by_a_declares_the_roles_of_the_item_it_closes():
    text = ("三、工作措施\n（一）深化政务服务改革。推行一件事一次办。此项工作由区政务服务中心负责，区直各部门配合。\n"
            "（二）推进数字乡村建设。\n")
    rows = _rows(text)
    task = "深化政务服务改革。推行一件事一次办"
    assert ("区政务服务中心", "负责", task, None, None) in rows
    assert ("区直各部门", "参与", task, None, None) in rows
    assert len(rows) == 2


def test_labels_in_lenticular_brackets_read_as_labels():
    text = ("二、重点任务\n1.推进重大项目谋划储备。\n【责任单位】县发改局、县财政局\n"
            "2.加快标准厂房建设。\n【牵头单位】县工信局【配合单位】县住建局【完成时限】2025年底\n")
    rows = _rows(text)
    assert ("县发改局", "负责", "推进重大项目谋划储备", None, None) in rows
    assert ("县财政局", "负责", "推进重大项目谋划储备", None, None) in rows
    assert ("县工信局", "牵头", "加快标准厂房建设", "2025年底", "2025-12-31") in rows
    assert ("县住建局", "参与", "加快标准厂房建设", "2025年底", "2025-12-31") in rows
    assert len(rows) == 4


def test_a_bracket_that_text_follows_ends_what_it_covers():
    """1.TASK1。（责任单位：A）TASK2。（责任单位：B）: A's is TASK1, B's is TASK2 — the text after A's
    bracket, not TASK1 again."""
    text = ("一、加强党的建设\n1.开展主题教育。（责任单位：市教育局机关党委）推进清廉学校建设，每个县区打造3所示范校。"
            "（责任单位：市教育局机关纪委、各县区教育局）\n2.加强意识形态工作。责任单位：市教育局办公室。\n")
    rows = _rows(text)
    assert rows == [("市教育局机关党委", "负责", "开展主题教育", None, None),
                    ("市教育局机关纪委", "负责", "推进清廉学校建设，每个县区打造3所示范校", None, None),
                    ("各县区教育局", "负责", "推进清廉学校建设，每个县区打造3所示范校", None, None),
                    ("市教育局办公室", "负责", "加强意识形态工作", None, None)]


def test_a_block_whose_labelled_task_line_follows_its_declaration():
    """牵头单位：A / 工作任务：TASK / 完成时限：… — the task is the labelled line after the declaration, not
    the block's title before it; the evidence runs from the declaration to the task."""
    text = ("事项一\n工作任务：完成城区雨污分流改造5公里。\n牵头单位：区住建局\n完成时限：2025年9月底\n\n"
            "事项二\n牵头单位：区城管局\n工作任务：新建公厕10座。\n完成时限：2025年12月底\n")
    got = extract_document(Document(id="blocks", text=text)).assignments
    assert [(a.mention, a.role, a.task, a.deadline) for a in got] == [
        ("区住建局", "牵头", "完成城区雨污分流改造5公里", "2025年9月底"),
        ("区城管局", "牵头", "新建公厕10座", "2025年12月底")]
    assert got[1].evidence == "牵头单位：区城管局\n工作任务：新建公厕10座。"
