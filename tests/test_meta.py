"""Document metadata read from the real corpus speeches and from title shapes of the same kind."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.structure import parse
from kg.meta import government_level, read_meta, stated_year
from kg.model import Document

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def meta_of(doc_id: str, text: str):
    headings, sentences = parse(doc_id, text)
    return read_meta(Document(id=doc_id, text=text), headings, sentences)


@pytest.mark.parametrize("prefix,title,year,meeting", [
    ("000", "坚定信心  保持定力  稳中求进 全力完成经济社会发展工作既定目标任务", 2020, None),
    ("001", "在2020年经济工作部署会上的讲话提纲", 2020, "2020年经济工作部署会"),
    ("002", "2024年经济工作推进会讲话", 2024, "2024年经济工作推进会"),
    ("004", "深化改革创新  强化责任担当 为经济强区高质量发展贡献力量", 2020, "区政府全体（扩大）会议暨廉政工作会议"),
])
def test_corpus_titles_years_and_meetings(prefix, title, year, meeting):
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    m = meta_of(path.stem, path.read_text(encoding="utf-8"))
    assert (m.title, m.year, m.meeting, m.level) == (title, year, meeting, "区")


def test_a_speech_without_a_title_states_no_year():
    path = next(CORPUS.glob("003_*.txt"))
    m = meta_of(path.stem, path.read_text(encoding="utf-8"))
    assert (m.title, m.year, m.meeting, m.level) == ("", None, None, "区")


def test_a_full_date_is_normalised():
    m = meta_of("d", "在全县农村工作会议上的讲话\n（2021年3月5日）\n同志们：\n全县上下要抓好春耕。")
    assert (m.date, m.year, m.meeting, m.level) == ("2021-03-05", 2021, "全县农村工作会议", "县")


def test_targets_far_ahead_do_not_date_the_text():
    assert stated_year("今年是2021年。到2035年基本实现现代化。") == 2021


@pytest.mark.parametrize("text,level", [("我市要抓好……全市上下", "市"), ("全省上下、我省", "省"), ("没有自称", None)])
def test_level_of_government(text, level):
    assert government_level(text) == level


def test_an_empty_document():
    m = meta_of("e", "")
    assert (m.title, m.year, m.date, m.meeting, m.level) == ("", None, None, None, None)


def test_a_markdown_heading_is_a_title():
    assert meta_of("m", "# 在全市工作会议上的讲话\n\n同志们：\n我市要抓好。").title == "在全市工作会议上的讲话"


def test_a_numbered_heading_right_under_the_title_is_no_line_of_it():
    assert meta_of("m", "县政府常务会议纪要\n一、关于防汛准备工作\n县水利局加强水库巡查。\n").title == "县政府常务会议纪要"
    assert meta_of("p", "某市防汛应急预案\n1.总则\n为做好防汛工作，制定本预案。\n").title == "某市防汛应急预案"
