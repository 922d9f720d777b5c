"""The task lists of the real corpus graph, read back from the files a user opens."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from kg import schema as S
from kg.export import write_default, write_tasks
from kg.export.rows import read_tasks
from kg.graph import actor_named

DOC = "000_4cb1776f1e65bea3"
BUILT = datetime(2020, 4, 28, tzinfo=timezone.utc)


def records(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


@pytest.fixture(scope="module")
def corpus_book(corpus_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus_exports")
    paths = write_default(corpus_graph, out, built=BUILT)
    return load_workbook(paths[0]), paths[1].read_text(encoding="utf-8")


def find(rows: list[dict], text: str) -> dict:
    return next(r for r in rows if r["工作任务"] and text in r["工作任务"])


def test_shangwuju_sheet_lists_its_tasks_with_roles(corpus_book):
    wb, _ = corpus_book
    rows = records(wb["区商务局"])
    assert find(rows, "对有意投资的外商进行梳理")["本单位职责"] == S.RESPONSIBLE
    fair = find(rows, "推介会")
    assert fair["本单位职责"] == S.ASSIST and fair["牵头单位"] == "区工商联"
    assert "区工信局" in fair["配合单位"] and "区科技局" in fair["配合单位"]


def test_fagaiwei_sheet_lists_the_resource_survey_as_lead(corpus_book):
    wb, _ = corpus_book
    assert find(records(wb["区发改委"]), "组织对辖区资源再次摸排")["本单位职责"] == S.LEAD


def test_total_sheet_has_every_task_of_the_graph_in_document_order(corpus_book, corpus_graph):
    wb, md = corpus_book
    rows = records(wb["总表"])
    tasks = [d for _, d in corpus_graph.nodes(data=True) if d.get("label") == S.TASK]
    assert len(rows) == len(tasks) > 0
    sources = [r["来源"] for r in rows]
    fair = find(rows, "推介会")
    evidence = {r["序号"]: r for r in records(wb["原文"])}
    assert fair["牵头单位"] == "区工商联" and evidence[fair["序号"]]["原文"].startswith("由工商联牵头")
    assert evidence[fair["序号"]]["工作任务"] == fair["工作任务"]
    assert sources.index(fair["来源"]) > sources.index(find(rows, "组织对辖区资源再次摸排")["来源"])
    assert "推介会" in md and "### 区商务局" in md


def test_every_body_has_one_sheet_with_each_of_its_tasks(corpus_book, corpus_graph):
    wb, _ = corpus_book
    tl = read_tasks(corpus_graph)
    meta = {r[0]: r[1] for r in wb["元数据"].iter_rows(values_only=True) if r and r[0]}
    for b in tl.bodies:
        sheet = meta[b.name]
        tasks = {v for _, v, k in corpus_graph.out_edges(actor_named(corpus_graph, b.name), keys=True) if k in S.ROLE_TYPES}
        rows = records(wb[sheet])
        if b.kind in (S.COLLECTIVE, S.PERSON):  # one sheet for all collectives, one for all persons
            assert sheet == {S.COLLECTIVE: "集体", S.PERSON: "个人"}[b.kind]
            rows = [r for r in rows if r["主体"] == b.name]
        assert len(rows) == len(tasks), b.name


def test_sheets_are_bodies_only_and_no_row_is_junk(corpus_book, corpus_graph):
    wb, _ = corpus_book
    tl = read_tasks(corpus_graph)
    body_sheets = set(wb.sheetnames) - {"总表", "无责任单位", "集体", "个人", "原文", "元数据"}
    assert body_sheets and not any(n.startswith(("各", "全")) or n.endswith(("同志", "领导")) for n in body_sheets)
    groups = records(wb["集体"]) + (records(wb["个人"]) if "个人" in wb.sheetnames else [])
    assert {"各办事处", "区领导"} <= {r["主体"] for r in groups}
    # every row of the 总表 has a body, or is in 无责任单位 with its reason
    gaps = {r["工作任务"]: r["说明"] for r in records(wb["无责任单位"])}
    for r in records(wb["总表"]):
        if not (r["牵头单位"] or r["责任单位"]):
            assert gaps[r["工作任务"]] in ("原文未写明责任单位", "只写明配合单位，未写明牵头或责任单位"), r
    # nothing from the review of last year's work (一、肯定成绩，坚定信心) and no bare adverbial
    assert not any("肯定成绩" in (r["来源"] or "") for r in records(wb["总表"]))
    assert not any(t.text.startswith(("借助", "依托", "围绕")) for t in tl.tasks if not t.all_bodies)


def test_docx_of_one_document_holds_the_known_assignments(corpus_graph, tmp_path: Path):
    (path,) = write_tasks(corpus_graph, "docx", tmp_path, doc=DOC[:3])
    rows = [[c.text for c in row.cells] for row in Document(path).tables[0].rows]
    fair = next(r for r in rows if "推介会" in r[1])
    assert fair[2] == "区工商联" and "区商务局" in fair[4]
    assert next(r for r in rows if "对有意投资的外商进行梳理" in r[1])[3] == "区商务局"
    assert next(r for r in rows if "组织对辖区资源再次摸排" in r[1])[2] == "区发改委"


@pytest.mark.parametrize("dept, role, text", [
    ("区商务局", S.RESPONSIBLE, "对有意投资的外商进行梳理"),
    ("区商务局", S.ASSIST, "推介会"),
    ("区工商联", S.LEAD, "推介会"),
    ("区发改委", S.LEAD, "组织对辖区资源再次摸排"),
])
def test_dept_and_role_filters_on_the_corpus(corpus_graph, tmp_path: Path, dept, role, text):
    (path,) = write_tasks(corpus_graph, "csv", tmp_path, dept=dept, role=role, doc=DOC)
    content = path.read_text(encoding="utf-8-sig")
    assert text in content and path.name == f"{dept}任务清单.csv"


def test_the_build_summary_counts_what_the_gap_sheet_holds(corpus_book, corpus_graph):
    from kg.build import graph_counts

    wb, _ = corpus_book
    assert graph_counts(corpus_graph)["tasks without an owner (无责任单位)"] == len(records(wb["无责任单位"])) > 0
