"""What a document says about itself: title, date or year, meeting, level of government.

Speeches open with their title (one to three short lines before the salutation
同志们：), often with a subtitle "——在X会议上的讲话"; a scraped copy may run the
title into the body on one line ("2024年经济工作推进会讲话今年以来，…"). The
year is the one the title states, else a full date in the text, else the latest
year the text speaks of as its own (不是 "到2035年" targets). The level of
government is told by how the speaker names his own jurisdiction (我区/全区,
我县/全县, 我市/全市 …). Nothing is guessed beyond what the text states: an
unknown field is None.
"""
from __future__ import annotations

import re

from kg.extract.structure import normalize
from kg.model import Document, DocumentMeta, Heading, Sentence

MAX_TITLE_LINE = 40
_SALUTATION = re.compile(r"^\s*(?:各位|同志们|女士们|尊敬的)[^\n]{0,20}[:：]?\s*$")
_TITLE_END = re.compile(r"^(.{4,40}?(?:讲话提纲|讲话|发言|报告|致辞|讲稿))")
# A numbered heading (一、 （一） 第一章 1.) opens the body: it is never a line of the title above it.
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十0-9]{1,3}[)）]|第[一二三四五六七八九十百零〇0-9]{1,5}[章节条部分]|[0-9]{1,2}[.、．](?![0-9]))")
_SUBTITLE = re.compile(r"^\s*[—\-─]{1,3}\s*(.+)$")
_MEETING_OF_SUBTITLE = re.compile(r"在(.{2,40}?)(?:上|中)的(?:讲话|发言|报告|致辞|讲话提纲)")
_MEETING_IN_TITLE = re.compile(r"(?:在)?((?:\d{4}年)?[\u4e00-\u9fff（）()X]{2,30}?(?:会议|大会|全会|会))(?:上的)?(?:讲话|发言|报告|致辞)")
_MEETING_IN_TEXT = re.compile(r"(?:今天|今天我们|我们今天)[,，]?(?:我们)?(?:召开|举行)(?:的|了|这次)?([\u4e00-\u9fff（）()X]{2,30}?(?:会议|大会|全会|部署会|推进会|座谈会|会))")
_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"(?<![\d到至])((?:19|20)\d{2})年(?!代)")
# A document the State Council or the Party Centre issues: its title opens with the issuer, or its
# number (发文字号) is 国发/国办发/国办函/中发/中办发〔year〕.
_NATIONAL_ISSUER = re.compile(r"^\s*(?:国务院|中共中央)|(?:国|国办|中|中办)[发函]\s*[〔\[(（【]\s*(?:19|20)\d{2}")
_LEVELS = (
    ("国家", ("国务院各部委", "国务院各直属机构", "国务院有关部门和单位")),
    ("省", ("我省", "全省上下", "本省")),
    ("市", ("我市", "全市上下", "本市")),
    ("区", ("我区", "全区", "本区", "区委区政府", "区委、区政府")),
    ("县", ("我县", "全县", "本县", "县委县政府", "县委、县政府")),
    ("镇", ("我镇", "全镇", "本镇")),
    ("乡", ("我乡", "全乡", "本乡")),
)


def stated_year(text: str) -> int | None:
    """The year a text is about: the title's, a full date's, or the latest year it names as its own."""
    title = _title_lines(text)[0]
    m = _YEAR.search(normalize(" ".join(title)))
    if m:
        return int(m.group(1))
    d = _DATE.search(text)
    if d:
        return int(d.group(1))
    years = [int(y) for y in _YEAR.findall(text)]
    return max(years) if years else None


def read_meta(doc: Document, headings: list[Heading], sentences: list[Sentence]) -> DocumentMeta:
    """Title, date/year, meeting and level of government of one document (None where not stated)."""
    lines, subtitle = _title_lines(doc.text)
    title = " ".join(x.strip() for x in lines)
    source = "title" if title else ""
    meeting = None
    if subtitle:
        m = _MEETING_OF_SUBTITLE.search(subtitle)
        meeting = m.group(1) if m else None
    if meeting is None and title:
        m = _MEETING_IN_TITLE.search(title)
        meeting = _strip_at(m.group(1)) if m else None
    if meeting is None:
        m = _MEETING_IN_TEXT.search(doc.text[:3000])
        meeting = m.group(1) if m else None
    if not title and headings and headings[0].level == 0:
        title, source = headings[0].text, "heading"  # a Markdown "# title"; 一、 opens a section, not a title
    if not title and meeting:
        title, source = meeting, "meeting"
    date = None
    d = _DATE.search(doc.text)
    if d:
        date = f"{int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
    extra = {"title_source": source or None}
    if subtitle:
        extra["subtitle"] = subtitle
    return DocumentMeta(title=title, year=stated_year(doc.text), date=date, meeting=meeting,
                        level=government_level(doc.text), extra=extra)


def _strip_at(meeting: str) -> str:
    return meeting[1:] if meeting.startswith("在") else meeting


def _title_lines(text: str) -> tuple[list[str], str | None]:
    """The title lines at the head of a text and its subtitle (——在…上的讲话), if any.

    Title lines are the short lines before the salutation or the body; a first line that runs
    on into the body keeps only its part up to 讲话/发言/报告.
    """
    lines: list[str] = []
    subtitle = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if lines:
                break
            continue
        if _SALUTATION.match(line) or (lines and _HEADING.match(line)):
            break
        sub = _SUBTITLE.match(line)
        if sub and lines:
            subtitle = sub.group(1).strip()
            break
        line = line.lstrip("#").strip() if line.startswith("#") else line
        if not line:  # a Markdown rule or a lone "#"
            continue
        if len(line) > MAX_TITLE_LINE or line[-1] in "。！？；，,;":
            if not lines:
                m = _TITLE_END.match(line)
                if m:
                    lines.append(m.group(1))
            break
        lines.append(line)
        if len(lines) == 3:
            break
    return lines, subtitle


def government_level(text: str) -> str | None:
    """The level of the speaker's own government (区, 县, 市, 省 …) from how the text names it."""
    if _NATIONAL_ISSUER.search(text[:400]):
        return "国家"
    counts = {level: sum(text.count(w) for w in words) for level, words in _LEVELS}
    best = max(counts.items(), key=lambda kv: kv[1])
    return best[0] if best[1] > 0 else None
