"""kg.build.run_stages: the output stages in order, or two at a time in a forked process."""
from __future__ import annotations

import os

import pytest

from kg.build import BuildReport, run_stages
from kg.errors import InputError, KgError


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
