"""Numbered items of a document and the part of each that a trailing declaration covers.

An item is a line opened by a numbering marker of official writing (一、 （一） 1. （1） 1.1 第X条)
together with the unnumbered lines that follow it, up to the next numbered line. A declaration of
owners at the end of an item (（A牵头，B配合）, a 责任单位：A line) covers the whole item: its title and
its body up to the declaration; a second declaration in the same item covers the text since the first.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg.extract.structure import normalize

_CN = "一二三四五六七八九十百零〇两"
# Markers that open an item, on the normalised line start (the same shapes as kg.extract.structure's headings,
# plus decimal outlines 2.1.1 and articles 第X条).
ITEM_MARKER = re.compile(
    rf"[ \t]*(?:第[{_CN}0-9]{{1,6}}条|[{_CN}]{{1,3}}[、.]|\([{_CN}]{{1,3}}\)|\d{{1,2}}(?:\.\d{{1,2}}){{1,3}}[.、]?(?!\d)"
    rf"|\d{{1,2}}[、.](?!\d)|\(\d{{1,2}}\)|[①-⑳])[ \t]*"
)


@dataclass(frozen=True)
class Item:
    """A numbered item: ``start`` at its marker, ``body`` after it, ``end`` before the next numbered line."""

    start: int
    body: int
    end: int
    marker: str


def find_items(text: str) -> list[Item]:
    """Every numbered item of the text, in order, as spans of the original text."""
    norm = normalize(text)
    opens: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        m = ITEM_MARKER.match(norm, start, pos)
        if m and m.end() < start + len(line.rstrip()):
            opens.append((start, m.end(), norm[start:m.end()].strip()))
    items = []
    for k, (start, body, marker) in enumerate(opens):
        end = opens[k + 1][0] if k + 1 < len(opens) else len(text)
        while end > body and text[end - 1].isspace():
            end -= 1
        items.append(Item(start, body, end, marker))
    return items


class ItemIndex:
    """The item that holds a position, and where a declaration at a position starts covering."""

    def __init__(self, items: list[Item]):
        self.items = items
        self._starts = [it.start for it in items]
        self._depths = depths(items)

    def under(self, item: Item) -> list[Item]:
        """The items that stand under ``item`` (see ``items_under``)."""
        k = bisect.bisect_left(self._starts, item.start)
        return items_under(self.items, k, self._depths) if k < len(self.items) and self.items[k] == item else []

    def parent(self, item: Item) -> Item | None:
        """The item ``item`` stands under in the outline, or None."""
        k = bisect.bisect_left(self._starts, item.start)
        if k >= len(self.items) or self.items[k] != item:
            return None
        for j in range(k - 1, -1, -1):
            if self._depths[j] < self._depths[k]:
                return self.items[j]
        return None

    def at(self, pos: int) -> Item | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.items[i].start <= pos < max(self.items[i].end, self.items[i].body + 1):
            return self.items[i]
        return None


_MARKER_CLASSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("article", re.compile(r"第")),
    ("paren_cn", re.compile(rf"\([{_CN}]")),
    ("paren_digit", re.compile(r"\(\d")),
    ("circled", re.compile(r"[①-⑳]")),
    ("cn", re.compile(rf"[{_CN}]")),
)


def marker_class(marker: str) -> str:
    """The numbering style of a marker (一、 / （一） / 1. / （1） / 2.1.1 / 第X条): items of one style are siblings."""
    for name, pat in _MARKER_CLASSES:
        if pat.match(marker):
            return name
    return f"decimal{marker.rstrip('.、').count('.')}"


# The rank of each numbering style in official writing (GB/T 9704: 一、 over （一） over 1. over （1）; a
# 第X条 over all of them; decimal outlines 1.1 under 1.): what a style that does not open a level stands under.
_RANKS = {"article": 0, "cn": 1, "paren_cn": 2, "decimal0": 3, "decimal1": 4, "decimal2": 5, "decimal3": 6,
          "paren_digit": 7, "circled": 8}
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def marker_number(marker: str) -> int | None:
    """The number a marker counts (二、 → 2, （3） → 3, 2.4 → 4, ④ → 4, 第十二条 → 12), or None."""
    if marker and "①" <= marker[0] <= "⑳":
        return ord(marker[0]) - ord("①") + 1
    digits = re.findall(r"\d+", marker)
    if digits:
        return int(digits[-1])
    cn = re.search(f"[{_CN}]+", marker)
    if cn is None:
        return None
    word = cn.group().replace("两", "二").replace("〇", "零")
    if "百" in word:
        return None
    if "十" in word:
        tens, _, ones = word.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(word) if len(word) == 1 else None


def depths(items: list[Item]) -> list[int]:
    """The depth of each item in the outline: a numbering style met again closes the deeper ones opened
    since (一、 （一） 1. （二） 1. 二、 …), a new style opens a level under the item before — if it starts a
    list (一、 （一） 1. ①). One that starts past its first number (二、 after 1. 2. with no 一、 before) goes on
    a list whose first items the text leaves out: it stands under no style of a lower rank than its own."""
    stack: list[str] = []
    out = []
    for it in items:
        style = marker_class(it.marker)
        if style in stack:
            del stack[stack.index(style) + 1:]
        else:
            number = marker_number(it.marker)
            if number is not None and number > 1 and style in _RANKS:
                while stack and _RANKS.get(stack[-1], -1) > _RANKS[style]:
                    stack.pop()
            stack.append(style)
        out.append(len(stack) - 1)
    return out


def items_under(items: list[Item], k: int, depth: list[int] | None = None) -> list[Item]:
    """The items that stand under item k in the outline: the run after it that is deeper than it."""
    depth = depth if depth is not None else depths(items)
    out = []
    for j in range(k + 1, len(items)):
        if depth[j] <= depth[k]:
            break
        out.append(items[j])
    return out
