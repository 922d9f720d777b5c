"""Owners whose scope is larger than a sentence: a heading that names whose duties its items are.

A heading such as "2.1.1 国家粮食应急工作指挥部职责" or "（三）市财政局的主要职责" makes every item
under it that names no actor of its own a duty (负责) of that body.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from kg.extract.frames import Grant, _g
from kg.extract.items import Item, depths, items_under, marker_class
from kg.extract.mentions import actor_list_at
from kg.lexicon import cues
from kg.schema import RESPONSIBLE


@lru_cache(maxsize=1)
def _duty_heading() -> re.Pattern[str]:
    return re.compile(cues()["duty_heading"])


@lru_cache(maxsize=1)
def _decides() -> tuple[re.Pattern[str], re.Pattern[str]]:
    c = cues()
    return re.compile(c["minutes_title"]), re.compile(c["decided_section"])


def decides(title: str | None, section: tuple[str, ...]) -> bool:
    """Whether a sentence stands where the document decides: minutes (纪要), or a 议定事项 section."""
    title_re, section_re = _decides()
    return bool(title and title_re.search(title)) or any(section_re.search(h) for h in section)


@lru_cache(maxsize=1)
def _review() -> re.Pattern[str]:
    return re.compile(cues()["review_heading"])


def reviews(section: tuple[str, ...]) -> bool:
    """Whether a sentence stands in a review of past work (一、肯定成绩，坚定信心; 工作回顾): what was done
    there is reported, not assigned."""
    return any(_review().search(h) for h in section)


def heading_owners(norm: str, item: Item) -> list[Grant]:
    """The bodies a duty heading names (X职责, X及其职责, X的主要职责), or [] when the item is not one."""
    line_end = norm.find("\n", item.body, item.end)
    line_end = item.end if line_end < 0 else line_end
    title = norm[item.body:line_end].rstrip(" \t。:：")
    m = _duty_heading().search(title)
    if not m or m.start() < 2:
        return []
    name = title[:m.start()]  # read alone, so that the name ends where the heading's 职责 begins
    al = actor_list_at(name, 0, len(name))
    if al is None or al.end != len(name):
        return []
    return [Grant(el.shifted(item.body), RESPONSIBLE) for el in al.elements]


_ARTICLE = re.compile(r"\s*(?:第[一二三四五六七八九十百零〇0-9]{1,6}条\s*)?")


@lru_cache(maxsize=1)
def _duty_lead() -> re.Pattern[str]:
    return re.compile(f"(?:{cues()['duty_lead']})[:：]$")


def duty_lists(norm: str, sentences: list, items: list[Item]) -> Iterator[tuple[list[Grant], list[Item]]]:
    """Each sentence that names a body's listed duties (A承担以下职责：), with the items right after it:
    the run of numbered items of one numbering style that opens where the sentence ends."""
    starts = [it.start for it in items]
    for sent in sentences:
        text = norm[sent.start:sent.end].rstrip()
        if not text.endswith((":", "：")):
            continue  # only a sentence that opens a list
        m = _duty_lead().search(text)
        if m is None or m.start() < 2:
            continue
        opens = _ARTICLE.match(norm, sent.start).end()  # 第九条 A应当履行下列职责：
        al = actor_list_at(norm, opens, sent.start + m.start())
        if al is None or (al.end != sent.start + m.start()
                          and not _g()["modal"].fullmatch(norm, al.end, sent.start + m.start())):
            continue  # A承担以下职责： / A应当履行下列职责：
        k = bisect_left(starts, sent.end)
        if k >= len(items) or norm[sent.end:items[k].start].strip():
            continue  # no numbered item follows the sentence
        style = marker_class(items[k].marker)
        run = [items[k]]
        for j in range(k + 1, len(items)):  # the items of its style, until another style (二、) ends them
            if marker_class(items[j].marker) != style:
                break
            run.append(items[j])
        yield [Grant(el, RESPONSIBLE) for el in al.elements], run


def duty_sections(norm: str, items: list[Item]) -> Iterator[tuple[list[Grant], list[Item]]]:
    """Each duty heading's bodies with the items that stand under it. An item titled by a body alone
    (（一）区商务局 + its duties on the lines below, or in numbered items under it) is that body's, not
    the heading's above it (二、成员单位职责)."""
    depth = depths(items)
    titled = {k: owners for k, it in enumerate(items) if (owners := _title_owners(norm, it))}
    starts_titled = {items[k].start for k in titled}
    # (only over plain items: a body's section whose items are duty headings or bodies of their own,
    # 2.1 X指挥部 › 2.1.1 X指挥部职责, is not one list of its duties)
    named: dict[int, tuple[list[Grant], list[Item], Item | None]] = {}  # k -> owners, items under, own text
    for k, owners in titled.items():
        under, own = items_under(items, k, depth), _text_below(norm, items[k])
        if (own or under) and not any(x.start in starts_titled or heading_owners(norm, x) for x in under):
            named[k] = (owners, under, own)
    inner = {x.start for k, (_, under, _) in named.items() for x in [items[k], *under]}
    for k, it in enumerate(items):
        owners = heading_owners(norm, it)
        if owners:
            yield owners, [x for x in items_under(items, k, depth) if x.start not in inner]
    for owners, under, own in named.values():
        yield owners, ([own] if own else []) + under


def _text_below(norm: str, item: Item) -> Item | None:
    """The lines of an item after its title line, as an item of their own, or None."""
    line_end = norm.find("\n", item.body, item.end)
    if line_end < 0 or not norm[line_end + 1:item.end].strip():
        return None
    return Item(line_end + 1, line_end + 1, item.end, item.marker)


def _title_owners(norm: str, item: Item) -> list[Grant]:
    """The bodies of an item whose title line is nothing but them, or []."""
    line_end = norm.find("\n", item.body, item.end)
    title = norm[item.body:line_end if line_end >= 0 else item.end].strip(" \t\u3000。:：\r\n")
    if not title:
        return []
    start = norm.index(title, item.body)
    al = actor_list_at(norm, start, start + len(title))
    if al is None or al.end != start + len(title) or any(el.kind == "person" for el in al.elements):
        return []
    return [Grant(el, RESPONSIBLE) for el in al.elements]
