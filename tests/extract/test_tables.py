"""Task tables (.docx tables, tab-, |- or space-parted lines) read by their header."""
from __future__ import annotations

from kg.extract.assembly import extract_document
from kg.model import Document

TABLE = """2021年重点工作任务分工方案
序号\t工作任务\t牵头单位\t责任单位\t完成时限
1\t建立重点项目联席会议制度，定期协调解决项目推进中的问题。\t区发改委\t区财政局、区自然资源局\t2021年6月底前
2\t开展营商环境专项整治行动\t区营商办\t区市场监管局（牵头）、区税务局\t年底前
"""


def _rows(text: str):
    return {(a.mention, a.role, a.task, a.deadline) for a in extract_document(Document("t", text)).assignments}


def test_tab_table_columns_give_roles_task_and_deadline():
    got = _rows(TABLE)
    task1 = "建立重点项目联席会议制度，定期协调解决项目推进中的问题"
    assert ("区发改委", "牵头", task1, "2021年6月底前") in got
    assert ("区财政局", "负责", task1, "2021年6月底前") in got
    assert ("区自然资源局", "负责", task1, "2021年6月底前") in got
    # A marker in the cell overrides the column: 区市场监管局（牵头）
    assert ("区市场监管局", "牵头", "开展营商环境专项整治行动", "年底前") in got
    assert ("区税务局", "负责", "开展营商环境专项整治行动", "年底前") in got


def test_markdown_table_with_cues_inside_a_cell():
    text = "| 序号 | 重点任务 | 责任单位 |\n|---|---|---|\n| 1 | 推进老旧小区改造 | 区住建局牵头，各街道办事处配合 |\n"
    got = {(m, r, t) for m, r, t, _ in _rows(text)}
    assert got == {("区住建局", "牵头", "推进老旧小区改造"), ("各街道办事处", "参与", "推进老旧小区改造")}


def test_a_measure_column_after_the_task_column_is_the_rows_task_and_merged_cells_carry_down():
    """重点任务 merged over its measures (empty below), 具体措施 the row's own task; an empty 牵头单位 cell
    under a merged one takes the row above's bodies."""
    text = ("| 序号 | 重点任务 | 具体措施 | 牵头单位 | 责任单位 |\n|---|---|---|---|---|\n"
            "| 1 | 完善公共服务 | 新建社区卫生服务站4个 | 区卫生健康局 | 各街道 |\n"
            "| 2 |  | 新增普惠托育位200个 |  | 区教育局 |\n")
    got = {(m, r, t) for m, r, t, _ in _rows(text)}
    assert got == {("区卫生健康局", "牵头", "新建社区卫生服务站4个"), ("各街道", "负责", "新建社区卫生服务站4个"),
                   ("区卫生健康局", "牵头", "新增普惠托育位200个"), ("区教育局", "负责", "新增普惠托育位200个")}


def test_a_column_that_only_begins_like_a_task_label_is_not_the_task():
    text = ("| 序号 | 工作任务 | 责任单位 | 任务来源 |\n|---|---|---|---|\n"
            "| 1 | 开展河道清淤 | 区水务局 | 区政府常务会议 |\n")
    assert {(m, r, t) for m, r, t, _ in _rows(text)} == {("区水务局", "负责", "开展河道清淤")}


def test_docx_table_round_trip(tmp_path):
    import docx

    from kg.documents import read_document

    d = docx.Document()
    d.add_paragraph("任务分工")
    t = d.add_table(rows=2, cols=3)
    for i, h in enumerate(("工作任务", "牵头单位", "配合单位")):
        t.cell(0, i).text = h
    for i, v in enumerate(("完善河长制考核办法", "区水利局", "区生态环境局、各镇人民政府")):
        t.cell(1, i).text = v
    p = tmp_path / "分工.docx"
    d.save(p)
    r = extract_document(read_document(p))
    got = {(a.mention, a.role) for a in r.assignments}
    assert ("区水利局", "牵头") in got and ("区生态环境局", "参与") in got
    assert all(a.task == "完善河长制考核办法" for a in r.assignments)


def test_role_marker_in_a_responsibility_line():
    text = "加快建设全省一体化政务服务平台。\n责任单位：省发展改革委（牵头）、省财政厅、省商务厅。"
    got = {(m, r) for m, r, _, _ in _rows(text)}
    assert {("省发展改革委", "牵头"), ("省财政厅", "负责"), ("省商务厅", "负责")} <= got


def test_rows_under_a_merged_cell_inherit_its_bodies():
    # A lead cell merged over two rows: the second row has one cell fewer; an empty role cell repeats the one above.
    text = ("序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
            "1\t建成社区食堂十个\t区民政局\t各街道\t2025年底前\n"
            "2\t新增养老床位五百张\t区卫健委\t2025年6月底前\n"
            "3\t开展适老化改造\t\t区住建局\t长期坚持\n")
    r = extract_document(Document(id="merged", text=text))
    got = {(a.task, a.mention, a.role, a.deadline) for a in r.assignments}
    assert got == {
        ("建成社区食堂十个", "区民政局", "牵头", "2025年底前"), ("建成社区食堂十个", "各街道", "参与", "2025年底前"),
        ("新增养老床位五百张", "区民政局", "牵头", "2025年6月底前"), ("新增养老床位五百张", "区卫健委", "参与", "2025年6月底前"),
        ("开展适老化改造", "区民政局", "牵头", "长期坚持"), ("开展适老化改造", "区住建局", "参与", "长期坚持"),
    }


def test_a_table_whose_columns_are_parted_by_spaces():
    # text copied from a PDF: columns parted by runs of spaces (full-width ones too)
    text = ("某县重点民生实事任务分解表\n"
            "序号  工作任务  牵头单位  配合单位  完成时限\n"
            "1  新建城乡公交站亭50个  县交通运输局  各乡镇人民政府  2026年10月底前\n"
            "2　　改造农村危房300户　　县住房城乡建设局　　县民政局、县财政局　　2026年11月底前\n"
            "各乡镇要加强配合。\n")
    assert _rows(text) == {
        ("县交通运输局", "牵头", "新建城乡公交站亭50个", "2026年10月底前"),
        ("各乡镇人民政府", "参与", "新建城乡公交站亭50个", "2026年10月底前"),
        ("县住房城乡建设局", "牵头", "改造农村危房300户", "2026年11月底前"),
        ("县民政局", "参与", "改造农村危房300户", "2026年11月底前"),
        ("县财政局", "参与", "改造农村危房300户", "2026年11月底前"),
        ("各乡镇", "负责", "加强配合", None),
    }
