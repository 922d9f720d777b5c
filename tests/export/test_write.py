"""Where the files go, and bad arguments: one clear error, nothing half-written, nothing outside the folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg import schema as S
from kg.errors import InputError
from kg.export import write_tasks
from kg.scratch import temp_path
from kg.graph import build_graph

from .conftest import Spec, doc_result


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "md", "json"])
def test_each_format_into_a_folder(small_graph, tmp_path: Path, fmt):
    paths = write_tasks(small_graph, fmt, tmp_path / "exports")
    assert paths[0] == (tmp_path / "exports" / f"任务分工表.{fmt}").resolve() and paths[0].stat().st_size > 0
    assert not [p for p in (tmp_path / "exports").iterdir() if p.name.startswith(".")]  # no temporary left


def test_format_comes_from_the_suffix(small_graph, tmp_path: Path):
    assert write_tasks(small_graph, None, tmp_path / "a.docx")[0].suffix == ".docx"
    assert write_tasks(small_graph, None, tmp_path / "folder")[0].suffix == ".xlsx"


@pytest.mark.parametrize("fmt, out, message", [
    ("pdf", "x", "unknown format 'pdf'"),
    ("xlsx", "a.csv", "does not end in .xlsx"),
    (None, "a.txt", "cannot tell the format"),
])
def test_bad_format_is_one_clear_error(small_graph, tmp_path: Path, fmt, out, message):
    with pytest.raises(InputError, match=message):
        write_tasks(small_graph, fmt, tmp_path / out)


def test_unknown_dept_names_the_closest_and_writes_nothing(small_graph, tmp_path: Path):
    with pytest.raises(InputError, match="unknown body '发展改革局'; closest known: 发改委"):
        write_tasks(small_graph, "xlsx", tmp_path / "out", dept="发展改革局")
    assert not (tmp_path / "out").exists()


def test_a_refused_export_keeps_the_previous_file(small_graph, tmp_path: Path):
    target = tmp_path / "t.md"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(InputError, match="unknown body"):
        write_tasks(small_graph, "md", target, dept="没有这个单位")
    assert target.read_text(encoding="utf-8") == "previous"


def test_a_folder_where_the_file_should_go_is_a_clear_error(small_graph, tmp_path: Path):
    (tmp_path / "x.md" / "任务分工表.md").mkdir(parents=True)
    with pytest.raises(InputError, match="is a folder"):
        write_tasks(small_graph, "md", tmp_path / "x.md")


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "md"])
def test_a_write_that_fails_midway_keeps_the_previous_file(small_graph, tmp_path: Path, fmt):
    target = tmp_path / f"t.{fmt}"
    target.write_bytes(b"previous")
    temp_path(target).mkdir()  # the writer's temporary file cannot be created
    with pytest.raises(InputError, match="cannot write"):
        write_tasks(small_graph, fmt, target)
    assert target.read_bytes() == b"previous"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_folder_is_a_clear_error_and_keeps_the_file(small_graph, tmp_path: Path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "任务分工表.xlsx").write_bytes(b"previous")
    folder.chmod(0o500)
    try:
        with pytest.raises(InputError, match="cannot write"):
            write_tasks(small_graph, "xlsx", folder)
    finally:
        folder.chmod(0o700)
    assert (folder / "任务分工表.xlsx").read_bytes() == b"previous"


def test_hostile_body_names_stay_inside_the_folder(tmp_path: Path):
    names = ["../../逃逸局", "CON", "a/b\\c", "..", "商务局", "商务局 "]
    specs = [Spec(f"由{n}负责，做好台账整理{i}。", ("一、台账",), ((n, n.strip() or n, S.RESPONSIBLE),), f"做好台账整理{i}")
             for i, n in enumerate(names)]
    g = build_graph([doc_result("888_hostile", "名称测试", specs)])
    folder = tmp_path / "deep" / "out"
    paths = write_tasks(g, "csv", folder)
    assert all(p.parent == folder.resolve() for p in paths)
    assert sorted(p.name for p in (tmp_path).rglob("*") if p.is_file()) == sorted(p.name for p in paths)
    (one,) = write_tasks(g, "docx", folder, dept="../../逃逸局")
    assert one.parent == folder.resolve() and one.name == "____逃逸局任务清单.docx"


@pytest.mark.parametrize("name", ["README", "LICENSE"])
def test_a_file_that_is_not_an_export_of_that_format_is_never_overwritten(small_graph, tmp_path: Path, name):
    mine = tmp_path / name
    mine.write_text("my own notes", encoding="utf-8")
    for fmt in ("xlsx", None):
        with pytest.raises(InputError, match="kg does not overwrite it"):
            write_tasks(small_graph, fmt, mine)
    with pytest.raises(InputError, match="does not end in .xlsx"):
        write_tasks(small_graph, "xlsx", tmp_path / "notes.txt")
    assert mine.read_text(encoding="utf-8") == "my own notes"
    (path,) = write_tasks(small_graph, "xlsx", mine, force=True)  # unless asked to
    assert path == mine and mine.read_bytes()[:2] == b"PK"


def test_an_export_of_that_format_is_replaced(small_graph, tmp_path: Path):
    (first,) = write_tasks(small_graph, "xlsx", tmp_path / "t.xlsx")
    (again,) = write_tasks(small_graph, None, tmp_path / "t.xlsx")
    assert first == again and again.read_bytes()[:2] == b"PK"


def test_a_workbook_of_more_bodies_than_open_files_allowed_is_written(tmp_path: Path):
    """A sheet per body: a large archive has more bodies than a process may hold open files (1024 by
    default on Linux), so each sheet is finished before the next one starts."""
    import resource

    specs = [Spec(f"由第{i}局负责，做好台账整理{i}。", ("一、台账",), ((f"第{i}局", f"第{i}局", S.RESPONSIBLE),),
                  f"做好台账整理{i}") for i in range(120)]
    g = build_graph([doc_result("889_many", "主体很多的文件", specs)])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + 40, hard))
    try:
        (path,) = write_tasks(g, "xlsx", tmp_path / "t.xlsx")
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    from openpyxl import load_workbook
    assert len(load_workbook(path, read_only=True).sheetnames) > 120
