"""Fixed positions for the graph pages, computed here so a page opens laid out and its labels apart.

vis-network's physics leaves labels on top of each other in dense graphs; the pages instead get
positions (x, y in canvas pixels) with physics off:

- ``layered``: columns left to right (a document's sections → tasks → bodies → what they concern; a
  body → its tasks by role → the partner bodies), each node at the height of what it links to, then
  pushed apart within its column so no two label boxes meet;
- ``spread_out``: a force layout (networkx, fixed seed) for the overview of bodies, then each box
  settled on the nearest free place of a grid, so none overlaps.

Boxes are estimated from the label text (a Chinese character is about as wide as the font is
high) and the node's size; the browser tests measure the real boxes.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx

from kg.export.safe import display_width

FONT_PX = 14
GAP = 14  # pixels between two boxes
COLUMN_GAP = 90
_SIZE_MIN, _SIZE_MAX = 8, 34  # vis-network's node scaling (kg.viz.render.vis_options)


def node_sizes(nodes: list[dict]) -> dict[str, float]:
    """The radius vis-network gives each node from its ``value`` (linear between the page's min and max)."""
    values = [float(n.get("value", 1)) for n in nodes]
    lo, hi = (min(values), max(values)) if values else (1.0, 1.0)
    out = {}
    for n, v in zip(nodes, values):
        out[n["id"]] = (_SIZE_MIN + _SIZE_MAX) / 2 if hi == lo else _SIZE_MIN + (_SIZE_MAX - _SIZE_MIN) * (v - lo) / (hi - lo)
    return out


def box(node: dict, radius: float) -> tuple[float, float]:
    """Width and height of a node with its label below it (dots, squares, diamonds …) or inside (box)."""
    size = float((node.get("font") or {}).get("size", FONT_PX))
    lines = str(node.get("label", "")).split("\n")
    text_w = max((display_width(line) for line in lines), default=0) * size * 0.55 + 6
    text_h = len(lines) * size * 1.25 + 4
    if node.get("shape") == "box":
        return text_w + 12, text_h + 8
    return max(text_w, 2 * radius) + 4, 2 * radius + text_h + 6


def boxes(nodes: list[dict]) -> dict[str, tuple[float, float]]:
    sizes = node_sizes(nodes)
    return {n["id"]: box(n, sizes[n["id"]]) for n in nodes}


def _separate_column(order: list[str], ys: dict[str, float], heights: dict[str, float]) -> None:
    """Push the boxes of one column apart downwards (kept in their order), then centre them again."""
    if not order:
        return
    order.sort(key=lambda n: ys[n])
    wanted = sum(ys[n] for n in order) / len(order)
    last_bottom = -math.inf
    for n in order:
        top = max(ys[n] - heights[n] / 2, last_bottom + GAP)
        ys[n] = top + heights[n] / 2
        last_bottom = top + heights[n]
    shift = wanted - sum(ys[n] for n in order) / len(order)
    for n in order:
        ys[n] += shift


def layered(columns: list[list[str]], links: Iterable[tuple[str, str]], sizes: dict[str, tuple[float, float]],
            anchor: int = 0) -> dict[str, tuple[float, float]]:
    """Positions for nodes in columns, left to right. Column ``anchor`` is stacked in its given order;
    each other column's nodes sit at the mean height of their linked nodes in columns already placed
    (outwards from the anchor), then are pushed apart."""
    nbrs: dict[str, set[str]] = {}
    for a, b in links:
        nbrs.setdefault(a, set()).add(b)
        nbrs.setdefault(b, set()).add(a)
    ys: dict[str, float] = {}
    y = 0.0
    for n in columns[anchor]:
        h = sizes[n][1]
        ys[n] = y + h / 2
        y += h + GAP
    centre = y / 2
    for n in columns[anchor]:
        ys[n] -= centre
    order = list(range(anchor - 1, -1, -1)) + list(range(anchor + 1, len(columns)))
    for c in order:
        for i, n in enumerate(columns[c]):
            placed = [ys[m] for m in nbrs.get(n, ()) if m in ys]
            ys[n] = sum(placed) / len(placed) if placed else i * 40.0
        _separate_column(list(columns[c]), ys, {n: sizes[n][1] for n in columns[c]})
    xs: dict[str, float] = {}
    x = 0.0
    for c, col in enumerate(columns):
        width = max((sizes[n][0] for n in col), default=0.0)
        for n in col:
            xs[n] = x + width / 2
        x += width + (COLUMN_GAP if col else 0)
    return {n: (round(xs[n], 1), round(ys[n], 1)) for col in columns for n in col}


def spread_out(ids: list[str], weighted: Iterable[tuple[str, str, float]], sizes: dict[str, tuple[float, float]],
               seed: int = 7) -> dict[str, tuple[float, float]]:
    """A force layout of ``ids`` (edges weighted by how much two nodes share) scaled to the boxes' total
    area, then each box settled on the free place of a grid nearest its force position: no two boxes
    overlap, and the cost grows with the number of boxes, not with how crowded the force layout is."""
    g = nx.Graph()
    g.add_nodes_from(ids)
    g.add_weighted_edges_from((a, b, w) for a, b, w in weighted)
    if not ids:
        return {}
    raw = nx.spring_layout(g, seed=seed, weight="weight", k=1.5 / math.sqrt(max(len(ids), 1)), iterations=100)
    area = sum(w * h for w, h in sizes.values()) * 4.0
    side = math.sqrt(area) if area else 100.0
    pos = {n: (float(raw[n][0]) * side / 2, float(raw[n][1]) * side / 2) for n in ids}
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in settle(pos, sizes).items()}


def settle(pos: dict[str, tuple[float, float]], sizes: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Each box on a grid of cells of the median box's size (a larger box takes several cells), at the
    free cells nearest its wanted position; the largest boxes are placed first. A box stays GAP/2 inside
    its cells, so boxes in different cells are at least GAP apart."""
    if not pos:
        return {}
    cw = _median(w for w, _ in sizes.values()) + GAP
    ch = _median(h for _, h in sizes.values()) + GAP
    taken: set[tuple[int, int]] = set()
    out: dict[str, tuple[float, float]] = {}
    for n in sorted(pos, key=lambda n: (-sizes[n][0] * sizes[n][1], n)):
        w, h = sizes[n]
        a, b = max(1, math.ceil((w + GAP) / cw)), max(1, math.ceil((h + GAP) / ch))
        x0, y0 = round(pos[n][0] / cw - a / 2), round(pos[n][1] / ch - b / 2)
        for dx, dy in _nearest_first():
            cells = [(x0 + dx + i, y0 + dy + j) for i in range(a) for j in range(b)]
            if taken.isdisjoint(cells):
                break
        taken.update(cells)
        out[n] = ((x0 + dx + a / 2) * cw, (y0 + dy + b / 2) * ch)
    return out


def _median(values: Iterable[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _nearest_first() -> Iterable[tuple[int, int]]:
    """Grid offsets ring by ring outwards (each ring in order of distance): every offset, eventually."""
    yield 0, 0
    r = 1
    while True:
        ring = [(dx, dy) for dx in range(-r, r + 1) for dy in (-r, r)]
        ring += [(dx, dy) for dx in (-r, r) for dy in range(-r + 1, r)]
        yield from sorted(ring, key=lambda d: (d[0] * d[0] + d[1] * d[1], d))
        r += 1
