"""An incremental build's pages: only what changed is written, and the folder equals a full write."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kg import schema as S
from kg.graph import build_graph
from kg.viz import write_all
from kg.viz.incremental import page_inputs

from .samples import Spec, make_result, sample_results

SEC = ("五、民生实事",)


def _third(task: str = "做好老旧小区改造", body: str = "住建局") -> object:
    return make_result("903_sample_c", "在全区民生工作会议上的讲话", [
        (SEC, f"{body}负责{task}，年底前完成。"),
        (SEC, "区委办负责督促各项任务落实。"),
    ], [Spec(0, body, "负责", task, deadline="年底前", deadline_norm="2023-12-31"),
        Spec(1, "区委办", "负责", "督促各项任务落实")], year=2023)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
            and not p.name.startswith(".kg-write")}


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.html")}


CASES = {
    "a document added": (sample_results(), [*sample_results(), _third()], {"903_sample_c"}),
    "a document re-read": ([*sample_results(), _third()], [*sample_results(), _third("做好背街小巷整治")],
                           {"903_sample_c"}),
    "a document removed": ([*sample_results(), _third()], sample_results(), {"903_sample_c"}),
    "a body's only document removed": ([*sample_results(), _third(body="民政局")], sample_results(), {"903_sample_c"}),
}


@pytest.mark.parametrize("case", CASES)
def test_after_a_change_the_pages_equal_a_full_write_and_only_those_that_changed_were_written(
        tmp_path: Path, case: str) -> None:
    old, new, changed = CASES[case]
    g_old, g_new = build_graph(old), build_graph(new)
    site = tmp_path / "site"
    write_all(g_old, site)
    before = _mtimes(site)
    write_all(g_new, site, since=(page_inputs(g_old), changed))
    write_all(g_new, tmp_path / "full")
    assert _files(site) == _files(tmp_path / "full")
    after = _mtimes(site)
    rewritten = {p for p in after if p in before and after[p] != before[p]}
    # the pages of the two documents that did not change were left as they were; so were the pages of
    # bodies without a task in the changed document
    assert "doc/900_sample_a.html" not in rewritten and "doc/901_sample_b.html" not in rewritten
    assert "dept/工商联.html" not in rewritten and "dept/发展和改革委员会.html" not in rewritten
    assert {"index.html", "overview.html", "matrix.html"} <= rewritten


def test_when_nothing_changed_no_page_is_written_again(tmp_path: Path) -> None:
    g = build_graph(sample_results())
    site = tmp_path / "site"
    write_all(g, site)
    before = _mtimes(site)
    write_all(g, site, since=(page_inputs(g), set()))
    assert _mtimes(site) == before  # the overview, the matrix and the index too: they show the same graph
    (site / "matrix.html").unlink()
    write_all(g, site, since=(page_inputs(g), set()))
    write_all(g, tmp_path / "full")
    assert _files(site) == _files(tmp_path / "full")


def test_pages_of_another_graph_are_all_written_again(tmp_path: Path) -> None:
    """A build killed while writing pages leaves them of no one graph: the next writes them all."""
    g_old, g_new = build_graph(sample_results()), build_graph([*sample_results(), _third()])
    site = tmp_path / "site"
    write_all(g_old, site)
    (site / ".kg-pages.json").unlink()  # as a killed build leaves it
    before = _mtimes(site)
    write_all(g_new, site, since=(page_inputs(g_old), {"903_sample_c"}))
    after = _mtimes(site)
    assert all(after[p] != before[p] for p in before if p in after)


def test_a_body_written_differently_by_the_new_document_is_redrawn_on_the_pages_that_show_it(tmp_path: Path) -> None:
    """A body's shown name comes from every document: when a new document writes 区委办 in full, the
    name changes on the pages of the other documents and bodies that show it, and the incremental
    write follows."""
    r = make_result("903_sample_c", "在全区民生工作会议上的讲话", [(SEC, "区委办公室负责督促各项任务落实。")],
                    [Spec(0, "区委办公室", "负责", "督促各项任务落实")], year=2023)
    r.assignments[0] = replace(r.assignments[0], key="区委办")  # the same body as 区委办 of 901_sample_b
    g_old, g_new = build_graph(sample_results()), build_graph([*sample_results(), r])
    shown = {n: d["name"] for n, d in g_new.nodes(data=True) if d.get("label") == S.ACTOR}
    assert shown["Actor:区委办"] != g_old.nodes["Actor:区委办"]["name"]  # the case this test is about
    site = tmp_path / "site"
    write_all(g_old, site)
    before = _mtimes(site)
    write_all(g_new, site, since=(page_inputs(g_old), {"903_sample_c"}))
    write_all(g_new, tmp_path / "full")
    assert _files(site) == _files(tmp_path / "full")
    after = _mtimes(site)
    assert after["doc/901_sample_b.html"] != before["doc/901_sample_b.html"]  # shows 区委办
    assert after["doc/900_sample_a.html"] == before["doc/900_sample_a.html"]  # does not
