"""The frame interpreter: sentence frames are data, and a new shape needs no Python."""
from __future__ import annotations

import copy

import pytest

from kg.extract import frame_engine
from kg.extract.assembly import extract_document
from kg.model import Document


def _reload(monkeypatch, data):
    for fn in (frame_engine._data, frame_engine.sentence_frames, frame_engine.guard):
        fn.cache_clear()
    monkeypatch.setattr(frame_engine, "_data", lambda: data)


@pytest.fixture
def frames_data(monkeypatch):
    data = copy.deepcopy(frame_engine._data())
    yield data
    monkeypatch.undo()
    for fn in (frame_engine._data, frame_engine.sentence_frames, frame_engine.guard):
        fn.cache_clear()


def test_every_sentence_frame_parses_and_is_ordered():
    frames, subs = frame_engine.sentence_frames()
    names = [f.name for f in frames]
    assert names[0] == "role_verb" and "modal" in names and "directive" in subs
    assert all(f.alternatives for f in frames)


def test_an_unknown_step_is_refused(monkeypatch, frames_data):
    frames_data["frames"][0]["match"][0]["steps"].append("jump somewhere")
    _reload(monkeypatch, frames_data)
    with pytest.raises(ValueError, match="unknown step"):
        frame_engine.sentence_frames()


def test_a_new_sentence_shape_is_data(monkeypatch, frames_data):
    text = "市城投集团担纲东湖中学扩建任务。"
    assert not extract_document(Document(id="new", text=text)).assignments
    frames_data["frames"].append({
        "name": "undertake", "shape": "A + 担纲 + TASK", "roles": {"A": "负责"}, "task": "forward",
        "cues": [], "positive": [], "negative": [],
        "match": [{"steps": ["cue undertake", "open", "task"], "grants": {"A": "负责"}}]})
    frames_data["sentence_order"] = frames_data["sentence_order"] + ["undertake"]
    _reload(monkeypatch, frames_data)
    monkeypatch.setattr(frame_engine, "cue", lambda name, _c=frame_engine.cue: (
        __import__("re").compile("担纲") if name == "undertake" else _c(name)))
    got = extract_document(Document(id="new", text=text)).assignments
    assert [(a.mention, a.role, a.task, a.frame) for a in got] == [("市城投集团", "负责", "东湖中学扩建任务", "undertake")]
