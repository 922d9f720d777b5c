"""kg.scratch: the temporaries of a killed run, files and scratch folders, go with the next run; a live
process's never do."""
from __future__ import annotations

import os

import pytest

from kg.scratch import clean_dead_temps, scratch_dir

DEAD = 999_999  # above the kernel's default pid_max: no process has it


@pytest.mark.parametrize("name,folder", [
    (f".graph.json.kg{DEAD}.abc.tmp", False),         # a page or file moved into place when complete
    (f".任务分工表.kg{DEAD}.tmp.xlsx", False),         # a writer that checks the suffix
    (f".xlsx.kg{DEAD}.k3j_x9.tmp", True),             # the workbook's scratch folder, with its sheets
])
def test_a_dead_runs_temporary_goes_and_a_live_ones_stays(tmp_path, name, folder):
    dead = tmp_path / name
    live = tmp_path / name.replace(f"kg{DEAD}", f"kg{os.getpid()}")
    for p in (dead, live):
        if folder:
            p.mkdir()
            (p / "tmpsheet1").write_text("<row/>", encoding="utf-8")
        else:
            p.write_text("partial", encoding="utf-8")
    assert clean_dead_temps(tmp_path) == [dead]
    assert not dead.exists() and live.exists()


def test_a_users_file_and_a_link_to_a_folder_stay(tmp_path):
    mine = tmp_path / "notes.tmp"
    mine.write_text("mine", encoding="utf-8")
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep.txt").write_text("keep", encoding="utf-8")
    link = tmp_path / f".xlsx.kg{DEAD}.abc.tmp"
    link.symlink_to(target, target_is_directory=True)
    assert clean_dead_temps(tmp_path) == []
    assert mine.exists() and (target / "keep.txt").exists()


def test_the_scratch_folder_sits_in_the_folder_named_for_this_process_and_goes_after_use(tmp_path):
    with scratch_dir(tmp_path, "xlsx") as scratch:
        name = os.path.basename(scratch)
        assert os.path.dirname(scratch) == str(tmp_path)
        assert name.startswith(f".xlsx.kg{os.getpid()}.") and name.endswith(".tmp")
        assert clean_dead_temps(tmp_path) == []  # this process is alive
    assert list(tmp_path.iterdir()) == []


def test_an_export_removes_what_a_killed_export_left_in_its_folder(tmp_path):
    """kg export into a folder removes a dead run's temporaries there, file and scratch folder alike."""
    from kg.export import write_tasks
    from kg.graph import build_graph
    from tests.graph_samples import doc_a

    stray_file = tmp_path / f".任务分工表.kg{DEAD}.tmp.xlsx"
    stray_file.write_text("partial", encoding="utf-8")
    stray_dir = tmp_path / f".xlsx.kg{DEAD}.x1y2.tmp"
    stray_dir.mkdir()
    (stray_dir / "tmpsheet").write_text("<row/>", encoding="utf-8")
    written = write_tasks(build_graph([doc_a()]), "xlsx", tmp_path)
    assert [p.name for p in written] == ["任务分工表.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["任务分工表.xlsx"]
