"""Every frame of kg/data/frames.yaml, run on its own examples: the assignments it must give, with
exact task spans and the frame's name, and the sentences that must give none of its kind."""
from __future__ import annotations

from importlib import resources

import pytest
import yaml

from kg.extract.assembly import extract_document
from kg.model import Document

FRAMES = yaml.safe_load(resources.files("kg.data").joinpath("frames.yaml").read_text(encoding="utf-8"))["frames"]
POSITIVE = [(f["name"], ex["text"], ex["expect"]) for f in FRAMES for ex in f["positive"]]
NEGATIVE = [(f["name"], text) for f in FRAMES for text in f["negative"]]


def _read(text: str):
    return extract_document(Document(id="frame", text=text)).assignments


def test_every_frame_has_examples_both_ways():
    names = [f["name"] for f in FRAMES]
    assert len(names) == len(set(names))
    for f in FRAMES:
        assert f["positive"] and f["negative"], f["name"]
        assert {"shape", "roles", "task", "cues"} <= set(f), f["name"]


def test_frames_name_cues_that_exist():
    from kg.lexicon import cues

    known = set(cues())
    for f in FRAMES:
        assert set(f["cues"]) <= known | {"strong_adverb"}, (f["name"], set(f["cues"]) - known)


@pytest.mark.parametrize(("frame", "text", "expect"), POSITIVE, ids=[f"{n}:{t[:12]}" for n, t, _ in POSITIVE])
def test_positive_example(frame, text, expect):
    got = _read(text)
    for want in expect:
        hits = [a for a in got if a.mention == want["actor"] and a.role == want["role"]]
        assert hits, f"{want['actor']} {want['role']} not read from {text!r}: {[(a.mention, a.role) for a in got]}"
        a = next((h for h in hits if h.task == want["task"]), hits[0])
        assert a.task == want["task"]
        assert text[a.task_start:a.task_end] == want["task"]  # exact span, not a substring
        assert text[a.mention_start:a.mention_end] == want["actor"]
        assert a.frame == want.get("frame", frame)
        assert a.start <= a.task_start < a.task_end <= a.end  # the evidence holds the task
    assert len(got) == len(expect), [(a.mention, a.role, a.task) for a in got]


@pytest.mark.parametrize(("frame", "text"), NEGATIVE, ids=[f"{n}:{t[:12]}" for n, t in NEGATIVE])
def test_negative_example(frame, text):
    got = _read(text)
    assert not [a for a in got if a.frame == frame], [(a.mention, a.role, a.task, a.frame) for a in got]
