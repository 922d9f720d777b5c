"""Interactive who-owns-what graphs: offline HTML pages drawn with pyvis/vis-network.

``write_all(g, out_dir)`` writes index.html, overview.html, one page per
department (dept/) and one per document (doc/) from the knowledge graph,
reading it only. Pages carry their JavaScript and CSS inline and make no
network request; every name and sentence from a document is shown as text.
"""
from __future__ import annotations

from kg.viz.writer import write_all

__all__ = ["write_all"]
