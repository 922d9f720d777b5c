"""CSV, Markdown and JSON task lists, read back as Excel/WPS, a Markdown renderer and a program would."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from kg import schema as S
from kg.export import write_tasks
from kg.export.rows import BODY_COLUMNS, TASK_COLUMNS

from .conftest import GAP_TEXT

FORMULA = '=HYPERLINK("http://x")+1 @SUM(A1) -2 整理资金台账'


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel and WPS read it as UTF-8
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_table_has_bom_header_rows_and_guarded_formulas(small_graph, tmp_path: Path):
    (path,) = write_tasks(small_graph, "csv", tmp_path / "表.csv")
    rows = read_csv(path)
    assert rows[0] == list(TASK_COLUMNS)
    assert rows[1][1] == GAP_TEXT
    assert ["'" + FORMULA] == [r[1] for r in rows if FORMULA in r[1]]
    fair = next(r for r in rows if "推介会" in r[1])
    assert fair[2:6] == ["工商联", "", "商务局、工信局、科技局", "5月底前"]
    assert b"\r\n" in path.read_bytes()


def test_csv_into_a_folder_writes_the_table_the_gaps_and_each_body(small_graph, tmp_path: Path):
    paths = write_tasks(small_graph, "csv", tmp_path / "csv")
    names = [p.name for p in paths]
    assert names[:2] == ["任务分工表.csv", "无责任单位.csv"] and "商务局.csv" in names and "发改委.csv" in names
    assert all(p.parent == (tmp_path / "csv").resolve() for p in paths)
    sw = read_csv(tmp_path / "csv" / "商务局.csv")
    assert sw[0] == list(BODY_COLUMNS) and [r[2] for r in sw[1:]] == [S.RESPONSIBLE, S.ASSIST]


def test_markdown_renders_tables_with_each_body(small_graph, tmp_path: Path):
    (path,) = write_tasks(small_graph, "md", tmp_path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 任务分工表\n")
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert table[0] == "| " + " | ".join(TASK_COLUMNS) + " |"
    assert all(line.count(" | ") == len(TASK_COLUMNS) - 1 for line in table[:9])
    assert "### 发改委" in text and "文中写法：区发展和改革委员会、发改" in text
    assert "## 无责任单位的任务" in text


def test_markdown_for_one_body(small_graph, tmp_path: Path):
    (path,) = write_tasks(small_graph, "md", tmp_path, dept="区发展和改革委员会", role=S.LEAD)
    assert path.name == "发改委任务清单.md"
    text = path.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ")][2:]
    assert text.startswith("# 发改委任务清单") and len(rows) == 2 and all("| 牵头 |" in r for r in rows)


def test_json_holds_tasks_bodies_aliases_and_gaps(small_graph, tmp_path: Path):
    (path,) = write_tasks(small_graph, "json", tmp_path / "t.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    fair = next(t for t in data["tasks"] if "推介会" in t["text"])
    assert (fair["lead"], fair["assist"], fair["deadline"]) == (["工商联"], ["商务局", "工信局", "科技局"], "5月底前")
    fgw = next(b for b in data["bodies"] if b["name"] == "发改委")
    assert fgw["aliases"] == ["区发展和改革委员会", "发改"]
    assert [t["roles"] for t in fgw["tasks"]] == [["牵头"], ["牵头"], ["负责"]]
    assert len(data["unassigned"]) == 2
    assert write_tasks(small_graph, "json", tmp_path / "u.json")[0].read_bytes() == path.read_bytes()
