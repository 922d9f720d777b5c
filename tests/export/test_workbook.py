"""The xlsx workbook, opened again with openpyxl and read cell by cell."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kg import schema as S
from kg.export import write_default, write_tasks
from kg.export.rows import BODY_COLUMNS, TASK_COLUMNS
from kg.graph import build_graph

from .conftest import DOC_000, GAP_TEXT, Spec, doc_result

BUILT = datetime(2020, 4, 28, 9, 30, tzinfo=timezone.utc)
FORMULA = '=HYPERLINK("http://x")+1 @SUM(A1) -2 整理资金台账'


def records(ws) -> list[dict]:
    """The rows of a sheet as dicts keyed by its header row."""
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


@pytest.fixture
def workbook(small_graph, tmp_path: Path):
    (path,) = write_tasks(small_graph, "xlsx", tmp_path, built=BUILT)
    assert path == tmp_path / "任务分工表.xlsx"
    return load_workbook(path)


def test_sheets_are_the_table_the_gaps_each_body_and_metadata(workbook):
    assert workbook.sheetnames == [
        "总表", "无责任单位", "发改委", "工信局", "服务业发展局", "民政局", "文化局", "商务局", "工商联", "科技局", "财政局",
        "原文", "元数据",
    ]


def test_total_sheet_lists_every_task_in_order(workbook):
    ws = workbook["总表"]
    assert [c.value for c in ws[1]] == list(TASK_COLUMNS)
    rows = records(ws)
    assert [r["序号"] for r in rows] == list(range(1, 8))
    fair = next(r for r in rows if "推介会" in r["工作任务"])
    assert (fair["牵头单位"], fair["责任单位"], fair["配合单位"], fair["完成时限"]) == ("工商联", None, "商务局、工信局、科技局", "5月底前")
    assert fair["来源"] == "《坚定信心  保持定力  稳中求进》（四）招商引资"


def test_body_sheets_hold_role_and_other_bodies(workbook):
    ws = workbook["商务局"]
    assert [c.value for c in ws[1]] == list(BODY_COLUMNS)
    rows = records(ws)
    assert rows[0]["工作任务"].startswith("对有意投资的外商进行梳理") and rows[0]["本单位职责"] == S.RESPONSIBLE
    assert "推介会" in rows[1]["工作任务"] and rows[1]["本单位职责"] == S.ASSIST and rows[1]["牵头单位"] == "工商联"
    fgw = records(workbook["发改委"])
    assert [r["本单位职责"] for r in fgw] == [S.LEAD, S.LEAD, S.RESPONSIBLE]
    assert fgw[0]["工作任务"] == "组织对辖区资源再次摸排，不断充实项目库" and fgw[0]["本单位职责"] == S.LEAD
    assert fgw[0]["责任单位"] == "工信局、服务业发展局、民政局、文化局"


def test_gap_sheet_holds_tasks_nobody_leads_or_owns(workbook):
    assert [r["工作任务"] for r in records(workbook["无责任单位"])] == [GAP_TEXT, FORMULA]


def test_formula_like_text_is_stored_as_text(workbook):
    for name in ("总表", "财政局"):
        cell = next(c for row in workbook[name].iter_rows() for c in row if c.value == FORMULA)
        assert cell.data_type == "s" and cell.quotePrefix


def test_formula_like_text_is_text_in_the_file_itself(small_graph, tmp_path: Path):
    import zipfile

    (path,) = write_tasks(small_graph, "xlsx", tmp_path / "t.xlsx", built=BUILT)
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s or "<f " in s for s in sheets)


def test_header_is_frozen_filtered_wrapped_and_columns_fit_chinese(workbook):
    for name in workbook.sheetnames[:-1]:
        ws = workbook[name]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:") and ws.auto_filter.ref.endswith(str(ws.max_row))
        assert all(c.font.bold for c in ws[1])
    ws = workbook["总表"]
    widths = {ws.cell(1, i).value: ws.column_dimensions[chr(64 + i)].width for i in range(1, len(TASK_COLUMNS) + 1)}
    assert widths["序号"] < widths["牵头单位"] < widths["工作任务"] == max(widths.values())
    assert ws["B2"].alignment.wrap_text
    # a row is as high as its most wrapped cell needs: full-width characters count double
    fair = next(r for r in range(2, ws.max_row + 1) if "推介会" in ws.cell(r, 2).value)
    lines = -(-len("商务局、工信局、科技局") * 2 // int(widths["配合单位"] - 1.5))
    assert ws.row_dimensions[fair].height >= 15 * lines


def test_metadata_sheet_records_documents_build_time_version_and_aliases(workbook):
    rows = list(workbook["元数据"].iter_rows(values_only=True))
    first = {r[0]: r[1] for r in rows if r and r[0]}
    assert first["工具"].startswith("kg ")
    assert first["生成时间"] == "2020-04-28T09:30:00+00:00"
    assert first["任务数"] == 7 and first["无责任单位任务数"] == 2
    assert ("000_4cb1776f1e65bea3", "坚定信心  保持定力  稳中求进") in {(r[0], r[1]) for r in rows}
    bodies = {r[0]: r for r in rows if r and r[0] in ("发改委", "商务局")}
    assert bodies["发改委"][4] == "区发展和改革委员会、发改"
    assert bodies["发改委"][5:8] == (2, 1, 0)
    assert bodies["商务局"][5:8] == (0, 1, 1)


def test_dept_filter_keeps_that_body_sheet_only(small_graph, tmp_path: Path):
    (path,) = write_tasks(small_graph, None, tmp_path / "fgw.xlsx", dept="发改")
    wb = load_workbook(path)
    assert wb.sheetnames == ["总表", "无责任单位", "发改委", "原文", "元数据"]
    assert len(records(wb["总表"])) == 3


def test_body_names_become_valid_unique_sheet_names(tmp_path: Path):
    long_name = "区发展和改革委员会重大项目建设推进工作领导小组办公室综合协调督查组"
    specs = [Spec(f"由{n}负责，做好项目台账整理{i}。", ("一、项目",), ((n, n, S.RESPONSIBLE),), f"做好项目台账整理{i}")
             for i, n in enumerate([long_name, long_name + "二", "规划/建设[局]", "总表"])]
    g = build_graph([doc_result("777_names", "名称测试", specs)])
    (path,) = write_tasks(g, "xlsx", tmp_path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["总表", "无责任单位", long_name[:31], long_name[:28] + "(2)", "规划_建设_局_", "总表(2)", "原文",
                             "元数据"]
    meta = {r[0]: r[1] for r in wb["元数据"].iter_rows(values_only=True) if r and r[0]}
    assert meta[long_name + "二"] == long_name[:28] + "(2)"
    assert [r["工作任务"] for r in records(wb["总表(2)"])] == ["做好项目台账整理3"]


def test_write_default_gives_xlsx_and_md(small_graph, tmp_path: Path):
    paths = write_default(small_graph, tmp_path / "exports", built=BUILT)
    assert [p.name for p in paths] == ["任务分工表.xlsx", "任务分工表.md"]
    assert load_workbook(paths[0]).sheetnames[0] == "总表"
    assert "| 序号 | 工作任务 |" in paths[1].read_text(encoding="utf-8")


def test_same_graph_same_cells(small_graph, tmp_path: Path):
    a = load_workbook(write_tasks(small_graph, "xlsx", tmp_path / "a.xlsx", built=BUILT)[0])
    b = load_workbook(write_tasks(small_graph.copy(), "xlsx", tmp_path / "b.xlsx")[0])
    for name in a.sheetnames[:-1]:
        assert list(a[name].values) == list(b[name].values)


def test_doc_000_alone(tmp_path: Path):
    g = build_graph([doc_result("000_4cb1776f1e65bea3", "坚定信心  保持定力  稳中求进", DOC_000)])
    wb = load_workbook(write_tasks(g, "xlsx", tmp_path)[0])
    assert wb.properties.title == "坚定信心  保持定力  稳中求进任务分工表"
