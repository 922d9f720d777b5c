"""Deadlines in task text, kept as written plus a normalised form where one exists.

年底前 → YYYY-12-31, 6月底前 → YYYY-06-30, 每月10日前 → monthly:10, 一季度 →
YYYY-Q1 (due YYYY-03-31), 上半年 → YYYY-06-30, 尽快 → asap, 长期坚持 →
ongoing. YYYY is the year the document speaks of (its stated year), so a
deadline without a year is read in the document's year.
"""
from __future__ import annotations

import calendar
import re
from functools import lru_cache

from kg.extract.structure import normalize

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_PATTERN = re.compile(
    r"(?P<year>20\d\d年)?"
    r"(?:"
    rf"(?P<monthly>每月(?P<mday>\d{{1,2}})日前)"
    rf"|(?P<month>{_MONTH})月(?P<part>底|末|中旬|上旬|下旬|份|(?P<day>\d{{1,2}})日)?(?P<before>前|之前|以前)?"
    r"|(?P<yearend>(?<=\d年)[底末]|年底|年末)(?P<before2>前|之前)?"  # 2023年底前 is 2023's
    r"|(?P<q>[一二三四1-4])季度(?P<qpart>末|底)?(?P<before3>前)?"
    r"|(?P<half>上半年|下半年)"
    r"|(?P<asap>尽快|尽早|立即|马上|即日起)"
    # 超长期特别国债, 中长期规划, 长期以来 are no deadline; 持续推进 is one only as a clause of its own
    r"|(?<![超中])(?P<ongoing>长期坚持|长期执行|(?:持续|常态化)推进(?=$|[，,。；;）)])|长期(?!以来|性|的|稳定|发展|积累))"
    r"|(?P<holiday>五一|国庆|春节|元旦|端午|中秋)(?P<hpart>前|后|期间)"
    r")"
)


def _month_num(s: str) -> int:
    return int(s) if s.isdigit() else _CN_DIGITS[s]


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@lru_cache(maxsize=1)
def _around_deadline() -> re.Pattern[str]:
    """A deadline label before a time (cues.yaml deadline_labels) or a completion verb after it."""
    from kg.lexicon import cues

    return re.compile(f"^(?:{cues()['deadline_labels']})?[:：]?(?:{cues()['completion_openers']})?"
                      "|(?:前|内)?(?:全部|全面)?(?:完成|办结|落实到位|见效)(?:任务|目标)?$")


def deadline_only(text: str) -> bool:
    """Whether a clause is nothing but a deadline (2025年6月底前完成, 长期坚持): a time, not a task."""
    core = _around_deadline().sub("", text.strip(" \t，,。；;"))
    return bool(core) and bool(_PATTERN.fullmatch(core))


def find_deadline(task: str, year: int | None, cell: bool = False) -> tuple[str | None, str | None]:
    """The first deadline phrase in the task text (as written) and its normalised form (either may be None).

    The phrase is read on the half-width form of the text, so full-width digits (２０２０年６月底前) are
    read like any others; what is returned is the text as written. ``cell``: the text is the value of a
    完成时限 label or column, where a month alone (2026年8月) is the deadline, due at the month's end."""
    for m in _PATTERN.finditer(normalize(task)):
        if m.group("month") and not cell and not (m.group("before") or m.group("part") in ("底", "末")):
            continue  # 6月 alone is a date in a narrative, not a deadline
        written = task[m.start():m.end()]
        y = int(m.group("year")[:4]) if m.group("year") else year
        return written, _normalise(m, y)
    return None, None


def _normalise(m: re.Match[str], y: int | None) -> str | None:
    if m.group("asap"):
        return "asap"
    if m.group("ongoing"):
        return "ongoing"
    if m.group("monthly"):
        return f"monthly:{int(m.group('mday'))}"
    if y is None:
        return None
    if m.group("month"):
        month = _month_num(m.group("month"))
        part = m.group("part") or ""
        if m.group("day"):
            day = int(m.group("day"))
        elif part == "上旬":
            day = 10
        elif part == "中旬":
            day = 20
        else:
            day = _last_day(y, month)
        return f"{y:04d}-{month:02d}-{min(day, _last_day(y, month)):02d}"
    if m.group("yearend"):
        return f"{y:04d}-12-31"
    if m.group("q"):
        q = int(m.group("q")) if m.group("q").isdigit() else _CN_DIGITS[m.group("q")]
        month = 3 * q
        return f"{y:04d}-{month:02d}-{_last_day(y, month):02d}"
    if m.group("half"):
        return f"{y:04d}-06-30" if m.group("half") == "上半年" else f"{y:04d}-12-31"
    return None
