"""kg.build: the extraction results kept aside while the model reads; run_stages: the output stages in order,
or two at a time in a forked process."""
from __future__ import annotations

import os

import pytest

from kg.build import BuildReport, _after_extraction, run_stages
from kg.errors import InputError, KgError


def test_results_come_back_whole_and_in_order_once_the_model_is_released(corpus_results) -> None:
    from kg.extract.nlp import get_nlp

    read: list[str] = []

    def extracting():
        for r in corpus_results:
            get_nlp("char")  # the reader holds a pipeline while it reads
            read.append(r.document.id)
            yield r

    back = _after_extraction(extracting())
    first = next(back)
    assert read == [r.document.id for r in corpus_results]  # every document was read before the first came back
    assert get_nlp.cache_info().currsize == 0  # and the model was dropped
    assert [first, *back] == corpus_results


def test_the_results_wait_in_the_folder_given_and_leave_nothing_there(corpus_results, tmp_path) -> None:
    back = _after_extraction(iter(corpus_results), tmp_path)
    assert next(back) == corpus_results[0]
    assert list(tmp_path.iterdir()) == []  # an unnamed file: nothing to clean after a killed build
    assert len(list(back)) == len(corpus_results) - 1


def test_no_room_for_the_results_is_a_one_line_error(corpus_results, tmp_path) -> None:
    with pytest.raises(KgError, match=r"^cannot keep the extraction results in .*gone \(.*\): free some space there$"):
        list(_after_extraction(iter(corpus_results), tmp_path / "gone"))


def _stages(log: list[str]) -> list:
    def stage(name: str):
        def run() -> tuple[str, int]:
            log.append(name)
            return name, os.getpid()
        return name, run
    return [stage("graph"), stage("visualizations"), stage("task lists")]


def test_one_after_another_in_order_in_this_process() -> None:
    log: list[str] = []
    report = BuildReport()
    out = run_stages(report, _stages(log), parallel=False, here={"graph"})
    assert log == ["graph", "visualizations", "task lists"]
    assert {name: pid for name, (_, pid) in out.items()} == dict.fromkeys(log, os.getpid())
    assert set(report.timings) == set(log)


def test_in_parallel_the_others_run_in_one_forked_process_and_report_back() -> None:
    log: list[str] = []
    report = BuildReport()
    out = run_stages(report, _stages(log), parallel=True, here={"graph", "visualizations"})
    assert log == ["graph", "visualizations"]  # task lists ran in the child, whose log is its own
    assert out["graph"][1] == out["visualizations"][1] == os.getpid()
    assert out["task lists"][0] == "task lists" and out["task lists"][1] != os.getpid()
    assert set(report.timings) == {"graph", "visualizations", "task lists"}


@pytest.mark.parametrize("parallel", [False, True])
def test_an_error_of_a_stage_is_raised_as_it_is(parallel: bool) -> None:
    def bad() -> None:
        raise InputError("cannot write exports/任务分工表.xlsx: No space left on device")

    stages = [("graph", lambda: "g"), ("visualizations", lambda: "v"), ("task lists", bad)]
    with pytest.raises(InputError, match="No space left on device"):
        run_stages(BuildReport(), stages, parallel=parallel, here={"graph", "visualizations"})


def test_a_bug_in_the_forked_stage_is_an_internal_error_and_a_dead_one_is_reported() -> None:
    def bug() -> None:
        raise ZeroDivisionError("division by zero")

    with pytest.raises(KgError, match="internal error while writing the task lists: ZeroDivisionError"):
        run_stages(BuildReport(), [("graph", lambda: 1), ("task lists", bug)], parallel=True, here={"graph"})
    with pytest.raises(KgError, match="writing the task lists stopped: its process ended with code 3"):
        run_stages(BuildReport(), [("graph", lambda: 1), ("task lists", lambda: os._exit(3))], parallel=True,
                   here={"graph"})
